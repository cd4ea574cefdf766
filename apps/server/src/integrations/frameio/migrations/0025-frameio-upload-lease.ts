import type { Kysely } from 'kysely';

/**
 * A lease on a Frame.io upload: one job run at a time sends a version's parts. A job
 * reclaimed from a stalled-but-alive worker, or a Retry racing a scheduled continuation, would
 * otherwise PUT the same parts twice and interleave part records. Renewed while the run lives;
 * a crashed holder's lease simply runs out.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('frameio_uploads').addColumn('lease_owner', 'text').execute();
  await db.schema.alterTable('frameio_uploads').addColumn('lease_until', 'text').execute();
}
