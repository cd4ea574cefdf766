import type { Kysely } from 'kysely';

/**
 * The media pipeline's state on a version (docs/uploads-and-review.md, "What plays"): the
 * playback proxy (status, storage key, a readable failure), the poster, thumbnail sprite and
 * waveform made by jobs, and the progress of the step running now. Versions uploaded before
 * the pipeline keep playing their original (`not_needed`): nothing is queued for them.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const columns: [string, 'text' | 'real' | 'integer', string | null][] = [
    ['proxy_status', 'text', 'not_needed'],
    ['proxy_key', 'text', null],
    ['proxy_error', 'text', null],
    ['poster_key', 'text', null],
    ['thumbnails_key', 'text', null],
    ['waveform_key', 'text', null],
    ['processing_stage', 'text', null],
    ['processing_percent', 'real', null],
    ['processing_eta_seconds', 'integer', null],
  ];
  // One ALTER per column: SQLite adds a single column per statement.
  for (const [name, type, fallback] of columns) {
    await db.schema
      .alterTable('deliverable_versions')
      .addColumn(name, type, (c) => (fallback === null ? c : c.notNull().defaultTo(fallback)))
      .execute();
  }
}
