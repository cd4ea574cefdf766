import type { FrameioExecutor, FrameioStatusSyncTable } from './frameio-tables.ts';

export type FrameioStatusSyncRow = FrameioStatusSyncTable;

/** Per deliverable: the Status option it and its newest Frame.io file last agreed on. */
export class FrameioStatusSyncRepository {
  constructor(private readonly db: FrameioExecutor) {}

  find(orgId: string, deliverableId: string): Promise<FrameioStatusSyncRow | undefined> {
    return this.db
      .selectFrom('frameio_status_sync')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('deliverable_id', '=', deliverableId)
      .executeTakeFirst();
  }

  async set(row: FrameioStatusSyncRow): Promise<void> {
    await this.db
      .insertInto('frameio_status_sync')
      .values(row)
      .onConflict((oc) =>
        oc.column('deliverable_id').doUpdateSet({
          file_id: row.file_id,
          option_name: row.option_name,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }
}
