import type { CarryForwardRunsTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type CarryForwardRunRow = CarryForwardRunsTable;

/** Alignments of a version against an earlier one (carry-forward), one per pair. */
export class CarryForwardRepository {
  constructor(private readonly db: Executor) {}

  findPair(orgId: string, versionId: string, fromVersionId: string): Promise<CarryForwardRunRow | undefined> {
    return this.db
      .selectFrom('carry_forward_runs')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId)
      .where('from_version_id', '=', fromVersionId)
      .executeTakeFirst();
  }

  findById(orgId: string, id: string): Promise<CarryForwardRunRow | undefined> {
    return this.db
      .selectFrom('carry_forward_runs')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Inserts the run unless the pair has one already; true when this call created it. */
  async insertOnce(row: CarryForwardRunRow): Promise<boolean> {
    const inserted = await this.db
      .insertInto('carry_forward_runs')
      .values(row)
      .onConflict((oc) => oc.columns(['org_id', 'version_id', 'from_version_id']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }

  async update(
    orgId: string,
    id: string,
    patch: Partial<
      Pick<CarryForwardRunRow, 'state' | 'progress' | 'proposals_json' | 'error' | 'updated_at'>
    >,
  ): Promise<void> {
    await this.db
      .updateTable('carry_forward_runs')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }
}
