import type { FrameioExecutor, FrameioWebhooksTable } from './frameio-tables.ts';

export type FrameioWebhookRow = FrameioWebhooksTable;

/** The webhook preroll registered per organization (two-way comment sync). The secret stays sealed here. */
export class FrameioWebhookRepository {
  constructor(private readonly db: FrameioExecutor) {}

  findByOrg(orgId: string): Promise<FrameioWebhookRow | undefined> {
    return this.db.selectFrom('frameio_webhooks').selectAll().where('org_id', '=', orgId).executeTakeFirst();
  }

  /** The receiver's routing: the payload names the account and workspace, nothing else. */
  findByTarget(accountId: string, workspaceId: string): Promise<FrameioWebhookRow[]> {
    return this.db
      .selectFrom('frameio_webhooks')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('workspace_id', '=', workspaceId)
      .execute();
  }

  async upsert(row: FrameioWebhookRow): Promise<void> {
    await this.db
      .insertInto('frameio_webhooks')
      .values(row)
      .onConflict((oc) =>
        oc.column('org_id').doUpdateSet({
          account_id: row.account_id,
          workspace_id: row.workspace_id,
          remote_id: row.remote_id,
          secret_enc: row.secret_enc,
          url: row.url,
          events_json: row.events_json,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async delete(orgId: string): Promise<void> {
    await this.db.deleteFrom('frameio_webhooks').where('org_id', '=', orgId).execute();
  }
}
