import type { FrameioExecutor, FrameioUserNamesTable } from './frameio-tables.ts';

export type FrameioUserNameRow = FrameioUserNamesTable;

/** Frame.io user names by id, cached per organization (migration 0075). */
export class FrameioUserNameRepository {
  constructor(private readonly db: FrameioExecutor) {}

  find(orgId: string, frameioUserId: string): Promise<FrameioUserNameRow | undefined> {
    return this.db
      .selectFrom('frameio_user_names')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('frameio_user_id', '=', frameioUserId)
      .executeTakeFirst();
  }

  async put(row: FrameioUserNameRow): Promise<void> {
    await this.db
      .insertInto('frameio_user_names')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['org_id', 'frameio_user_id']).doUpdateSet({ name: row.name, fetched_at: row.fetched_at }),
      )
      .execute();
  }
}
