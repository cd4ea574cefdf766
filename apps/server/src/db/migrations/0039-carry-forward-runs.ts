import type { Kysely } from 'kysely';

/**
 * One alignment of a version against an earlier one of the same deliverable (carry-forward): its
 * job's state and progress, and once done the proposals as JSON, so reading them costs one row.
 * Unique per pair, so asking twice starts one job.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('carry_forward_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('org_id', 'text', (c) => c.notNull().references('organizations.id').onDelete('cascade'))
    .addColumn('version_id', 'text', (c) =>
      c.notNull().references('deliverable_versions.id').onDelete('cascade'),
    )
    .addColumn('from_version_id', 'text', (c) =>
      c.notNull().references('deliverable_versions.id').onDelete('cascade'),
    )
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('progress', 'real', (c) => c.notNull())
    .addColumn('proposals_json', 'text')
    .addColumn('error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('carry_forward_runs_pair', ['org_id', 'version_id', 'from_version_id'])
    .execute();
}
