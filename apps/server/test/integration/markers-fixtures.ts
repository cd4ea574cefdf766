import type { TestClient } from '../helpers/http-client.ts';
import type { TestApp } from '../helpers/test-app.ts';

/** POSTs a marker file as the raw request body, as the player's import dialog does. */
export function sendMarkers(
  client: TestClient,
  versionId: string,
  query: string,
  file: string | Buffer,
  { apply = false, contentType = 'text/plain' } = {},
) {
  const path = `/api/v1/versions/${versionId}/markers/import${apply ? '' : '/preview'}?${query}`;
  return client.request('POST', path, undefined, { raw: file, headers: { 'content-type': contentType } });
}

/** GETs an export; the body is the file's text. */
export async function exportText(client: TestClient, versionId: string, query: string) {
  const res = await client.get(`/api/v1/versions/${versionId}/markers?${query}`);
  return { status: res.status, headers: res.headers, text: res.text, body: res.body };
}

/** Rows that an import writes, counted across the whole database (nothing half-written). */
export async function importRows(app: TestApp): Promise<{ comments: number; keys: number }> {
  const count = async (table: 'comments' | 'comment_import_keys') =>
    Number(
      (
        await app.preroll.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { comments: await count('comments'), keys: await count('comment_import_keys') };
}

/** An Avid marker list line: name, timecode, track, colour, comment, duration. */
export const avidLine = (tc: string, text: string, author = 'Edie Editor', frames = 1) =>
  `${author}\t${tc}\tV1\tred\t${text}\t${frames}\n`;
