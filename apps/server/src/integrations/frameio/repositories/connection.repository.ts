import type { FrameioConnectionsTable, FrameioExecutor } from './frameio-tables.ts';

export type FrameioConnectionRow = FrameioConnectionsTable;

/** The token columns written together by a code exchange or a refresh. */
export interface FrameioTokenColumns {
  access_token_enc: string;
  refresh_token_enc: string | null;
  access_expires_at: string;
  scopes: string;
}

/**
 * SQL for `frameio_connections`. Every query is scoped by org_id (one connection per org). The
 * lease methods are single conditional UPDATEs: atomic on PostgreSQL (the row lock re-checks the
 * WHERE) and on SQLite (one writer at a time), which is all the cross-process refresh needs.
 */
export class FrameioConnectionRepository {
  constructor(private readonly db: FrameioExecutor) {}

  findByOrg(orgId: string): Promise<FrameioConnectionRow | undefined> {
    return this.db
      .selectFrom('frameio_connections')
      .selectAll()
      .where('org_id', '=', orgId)
      .executeTakeFirst();
  }

  async insert(row: FrameioConnectionRow): Promise<void> {
    await this.db.insertInto('frameio_connections').values(row).execute();
  }

  /** A reconnect replaces tokens and identity; bumps the version so in-flight refreshes stand down. */
  async replace(
    orgId: string,
    patch: Omit<FrameioConnectionRow, 'id' | 'org_id' | 'token_version' | 'created_at'>,
  ): Promise<void> {
    await this.db
      .updateTable('frameio_connections')
      .set((eb) => ({ ...patch, token_version: eb('token_version', '+', 1) }))
      .where('org_id', '=', orgId)
      .execute();
  }

  async setWorkspace(
    orgId: string,
    ws: { account_id: string; account_name: string; workspace_id: string; workspace_name: string },
    nowIso: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('frameio_connections')
      .set({ ...ws, status: 'active', last_error: null, updated_at: nowIso })
      .where('org_id', '=', orgId)
      .where('status', 'in', ['pending', 'active'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async setLastError(orgId: string, error: string | null, nowIso: string): Promise<void> {
    await this.db
      .updateTable('frameio_connections')
      .set({ last_error: error, updated_at: nowIso })
      .where('org_id', '=', orgId)
      .execute();
  }

  async setWebhookProblem(orgId: string, code: string | null, nowIso: string): Promise<void> {
    await this.db
      .updateTable('frameio_connections')
      .set({ webhook_problem: code, updated_at: nowIso })
      .where('org_id', '=', orgId)
      .execute();
  }

  async delete(orgId: string): Promise<boolean> {
    const r = await this.db.deleteFrom('frameio_connections').where('org_id', '=', orgId).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /**
   * Takes the refresh lease if nobody holds a live one and the tokens are still the version the
   * caller saw. Returns false when another process holds it or already refreshed.
   */
  async tryLease(
    orgId: string,
    opts: { seenVersion: number; owner: string; nowIso: string; untilIso: string },
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('frameio_connections')
      .set({ refresh_lease_owner: opts.owner, refresh_lease_until: opts.untilIso })
      .where('org_id', '=', orgId)
      .where('token_version', '=', opts.seenVersion)
      .where('status', 'in', ['pending', 'active'])
      .where((eb) =>
        eb.or([eb('refresh_lease_until', 'is', null), eb('refresh_lease_until', '<', opts.nowIso)]),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Stores refreshed tokens, only while the caller still holds the lease (compare-and-set). */
  async saveRefreshed(
    orgId: string,
    owner: string,
    tokens: FrameioTokenColumns,
    nowIso: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('frameio_connections')
      .set((eb) => ({
        ...tokens,
        token_version: eb('token_version', '+', 1),
        refresh_lease_owner: null,
        refresh_lease_until: null,
        last_refreshed_at: nowIso,
        last_error: null,
        updated_at: nowIso,
      }))
      .where('org_id', '=', orgId)
      .where('refresh_lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** IMS refused the refresh token (`invalid_grant`): only a new consent helps. */
  async markNeedsReconnect(orgId: string, owner: string, error: string, nowIso: string): Promise<boolean> {
    const r = await this.db
      .updateTable('frameio_connections')
      .set({
        status: 'needs_reconnect',
        last_error: error,
        refresh_lease_owner: null,
        refresh_lease_until: null,
        updated_at: nowIso,
      })
      .where('org_id', '=', orgId)
      .where('refresh_lease_owner', '=', owner)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  async releaseLease(orgId: string, owner: string, error: string | null, nowIso: string): Promise<void> {
    await this.db
      .updateTable('frameio_connections')
      .set({ refresh_lease_owner: null, refresh_lease_until: null, last_error: error, updated_at: nowIso })
      .where('org_id', '=', orgId)
      .where('refresh_lease_owner', '=', owner)
      .execute();
  }
}
