import type { FrameioExecutor, FrameioWaitingJobsTable } from './frameio-tables.ts';

export type FrameioWaitingJobRow = FrameioWaitingJobsTable;

/** Frame.io jobs parked until their organization's connection is usable again. */
export class FrameioWaitingJobRepository {
  constructor(private readonly db: FrameioExecutor) {}

  /** A job parked twice (it ran twice) keeps one row. */
  async insert(row: FrameioWaitingJobRow): Promise<void> {
    await this.db
      .insertInto('frameio_waiting_jobs')
      .values(row)
      .onConflict((oc) => oc.column('job_id').doNothing())
      .execute();
  }

  listForOrg(orgId: string): Promise<FrameioWaitingJobRow[]> {
    return this.db
      .selectFrom('frameio_waiting_jobs')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
  }

  async countForOrg(orgId: string): Promise<number> {
    const row = await this.db
      .selectFrom('frameio_waiting_jobs')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('frameio_waiting_jobs')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }
}
