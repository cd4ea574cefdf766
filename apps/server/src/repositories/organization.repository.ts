import type { OrganizationsTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type OrganizationRow = OrganizationsTable;

/**
 * An organization's settings (organizations.settings_json): one JSON object of feature keys
 * (`show_team_names_to_clients`, `frameio_auto_mirror`, …). Each feature reads its own keys with a
 * typed reader; this repository is the only place that parses or writes the JSON.
 */
export type OrganizationSettings = Readonly<Record<string, unknown>>;

export class OrganizationRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: OrganizationRow): Promise<void> {
    await this.db.insertInto('organizations').values(row).execute();
  }

  findById(id: string): Promise<OrganizationRow | undefined> {
    return this.db.selectFrom('organizations').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /**
   * The names of the first `limit` organizations of the whole database: only the demo reset asks,
   * to refuse when anything but the demo studio lives in the data dir (docs/getting-started.md).
   */
  async namesOfAll(limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('organizations')
      .select('name')
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.name);
  }

  async update(id: string, patch: Partial<Pick<OrganizationRow, 'name' | 'updated_at'>>) {
    await this.db.updateTable('organizations').set(patch).where('id', '=', id).execute();
  }

  /** The settings object; `{}` for an unknown organization or unreadable JSON. */
  async settings(id: string): Promise<OrganizationSettings> {
    const row = await this.db
      .selectFrom('organizations')
      .select('settings_json')
      .where('id', '=', id)
      .executeTakeFirst();
    return parseSettings(row?.settings_json);
  }

  /**
   * Sets the given keys and keeps the others; returns the settings as written. A read-modify-write:
   * call it inside a transaction when two writers may race on one organization.
   */
  async mergeSettings(
    id: string,
    patch: Record<string, unknown>,
    nowIso: string,
  ): Promise<OrganizationSettings | undefined> {
    const row = await this.findById(id);
    if (!row) return undefined;
    const next = { ...parseSettings(row.settings_json), ...patch };
    await this.db
      .updateTable('organizations')
      .set({ settings_json: JSON.stringify(next), updated_at: nowIso })
      .where('id', '=', id)
      .execute();
    return next;
  }
}

function parseSettings(json: string | null | undefined): OrganizationSettings {
  try {
    const value = JSON.parse(json || '{}') as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as OrganizationSettings) : {};
  } catch {
    return {};
  }
}
