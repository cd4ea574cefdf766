import type { CommentImportKeysTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type CommentImportKeyRow = CommentImportKeysTable;

/** Keys of markers imported as comments, unique per version (NLE marker import). */
export class CommentImportRepository {
  constructor(private readonly db: Executor) {}

  /** Which of these keys this version already holds. */
  async existing(orgId: string, versionId: string, keys: string[]): Promise<Set<string>> {
    const found = new Set<string>();
    // Chunks keep the IN list under SQLite's bound-parameter limit for files of many markers.
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db
        .selectFrom('comment_import_keys')
        .select('import_key')
        .where('org_id', '=', orgId)
        .where('version_id', '=', versionId)
        .where('import_key', 'in', keys.slice(i, i + 500))
        .execute();
      for (const r of rows) found.add(r.import_key);
    }
    return found;
  }

  /** Which of these keys this version holds, with the comment each one created. */
  async commentsByKey(orgId: string, versionId: string, keys: string[]): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db
        .selectFrom('comment_import_keys')
        .select(['import_key', 'comment_id'])
        .where('org_id', '=', orgId)
        .where('version_id', '=', versionId)
        .where('import_key', 'in', keys.slice(i, i + 500))
        .execute();
      for (const r of rows) found.set(r.import_key, r.comment_id);
    }
    return found;
  }

  /**
   * Takes the key for a comment about to be written; false when another import holds it. On
   * PostgreSQL a concurrent transaction holding the same key makes this wait for its outcome.
   */
  async claim(row: CommentImportKeyRow): Promise<boolean> {
    const inserted = await this.db
      .insertInto('comment_import_keys')
      .values(row)
      .onConflict((oc) => oc.columns(['org_id', 'version_id', 'import_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted !== undefined;
  }
}
