import type { ApiKeysTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type ApiKeyRow = ApiKeysTable;
export type ApiKeySummary = Omit<ApiKeyRow, 'key_hash'>;

export class ApiKeyRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: ApiKeyRow): Promise<void> {
    await this.db.insertInto('api_keys').values(row).execute();
  }

  findActiveByHash(keyHash: string): Promise<ApiKeyRow | undefined> {
    return this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', keyHash)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  findActiveById(id: string): Promise<ApiKeyRow | undefined> {
    return this.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
  }

  listForOrg(orgId: string): Promise<ApiKeySummary[]> {
    return this.db
      .selectFrom('api_keys')
      .select([
        'id',
        'org_id',
        'name',
        'display_prefix',
        'created_by',
        'last_used_at',
        'revoked_at',
        'created_at',
      ])
      .where('org_id', '=', orgId)
      .orderBy('id')
      .execute();
  }

  async revoke(orgId: string, id: string, nowIso: string): Promise<boolean> {
    const result = await this.db
      .updateTable('api_keys')
      .set({ revoked_at: nowIso })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async touch(id: string, nowIso: string): Promise<void> {
    await this.db.updateTable('api_keys').set({ last_used_at: nowIso }).where('id', '=', id).execute();
  }
}
