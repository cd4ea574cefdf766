import type { WebhookEndpointsTable, WebhookExecutor } from './webhook-tables.ts';

export type WebhookEndpointRow = WebhookEndpointsTable;
export type EndpointPatch = Partial<Omit<WebhookEndpointRow, 'id' | 'org_id' | 'created_at' | 'created_by'>>;

/** An organization's outgoing webhook endpoints; every query is scoped by org. */
export class WebhookEndpointRepository {
  constructor(private readonly db: WebhookExecutor) {}

  async insert(row: WebhookEndpointRow): Promise<void> {
    await this.db.insertInto('webhook_endpoints').values(row).execute();
  }

  findById(orgId: string, id: string): Promise<WebhookEndpointRow | undefined> {
    return this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  listForOrg(orgId: string): Promise<WebhookEndpointRow[]> {
    return this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
  }

  /** The endpoints an event fans out to: active ones (the event and filters are checked by the caller). */
  listActive(orgId: string): Promise<WebhookEndpointRow[]> {
    return this.db
      .selectFrom('webhook_endpoints')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute();
  }

  async update(orgId: string, id: string, patch: EndpointPatch): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_endpoints')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The first failure of a streak starts it; later failures keep the earlier time. */
  async markFailing(orgId: string, id: string, nowIso: string): Promise<void> {
    await this.db
      .updateTable('webhook_endpoints')
      .set({ failing_since: nowIso, updated_at: nowIso })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('failing_since', 'is', null)
      .execute();
  }

  /**
   * Disables an active endpoint; true only for the call that did it, so the admins' email goes
   * out once even when two deliveries give up at the same moment.
   */
  async disableIfActive(orgId: string, id: string, reason: string, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('webhook_endpoints')
      .set({ status: 'disabled', disabled_reason: reason, updated_at: nowIso })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('status', '=', 'active')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async delete(orgId: string, id: string): Promise<boolean> {
    const result = await this.db
      .deleteFrom('webhook_endpoints')
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
