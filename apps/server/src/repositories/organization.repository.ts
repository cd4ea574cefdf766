import type { OrganizationsTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type OrganizationRow = OrganizationsTable;

export class OrganizationRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: OrganizationRow): Promise<void> {
    await this.db.insertInto('organizations').values(row).execute();
  }

  findById(id: string): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async update(id: string, patch: Partial<Pick<OrganizationRow, 'name' | 'settings_json' | 'updated_at'>>) {
    await this.db.updateTable('organizations').set(patch).where('id', '=', id).execute();
  }
}
