import type { Kysely } from 'kysely';

/**
 * A running job's lease renewal (docs/jobs-and-realtime.md, "Long jobs and heartbeats"): the
 * worker writes heartbeat_at while the handler runs, and a job is presumed orphaned only when
 * its latest heartbeat (or, before the first one, its claim) is older than the visibility
 * timeout. locked_at stays the claim's time, so it still names the lease.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('jobs').addColumn('heartbeat_at', 'text').execute();
}
