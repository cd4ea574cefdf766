import type { MarkerImportFormat, MarkerImportResult } from '@preroll/contracts/markers';
import { ApiError, CSRF_HEADER, csrfToken, type Query, withQuery } from '../api/api-client.ts';

/** The export formats as the menu lists them (docs/editors.md says which editor reads which). */
export const EXPORT_CHOICES = [
  { format: 'edl', label: 'EDL with Avid locators (.edl)' },
  { format: 'resolve-edl', label: 'DaVinci Resolve markers (.edl)' },
  { format: 'fcpxml', label: 'Final Cut Pro (.fcpxml)' },
  { format: 'xmeml', label: 'Premiere Pro / FCP7 XML (.xml)' },
  { format: 'avid', label: 'Avid Media Composer markers (.txt)' },
  { format: 'csv', label: 'Spreadsheet (.csv)' },
  { format: 'html', label: 'Printable report (.html)' },
] as const;

export const IMPORT_CHOICES: ReadonlyArray<{ format: MarkerImportFormat; label: string }> = [
  { format: 'edl', label: 'EDL with locators' },
  { format: 'resolve-edl', label: 'DaVinci Resolve marker EDL' },
  { format: 'fcpxml', label: 'Final Cut Pro FCPXML' },
  { format: 'xmeml', label: 'Premiere Pro / FCP7 XML' },
  { format: 'avid', label: 'Avid marker list' },
  { format: 'csv', label: 'CSV (preroll, Frame.io, other tools)' },
];

export function exportUrl(versionId: string, query: Query): string {
  return withQuery(`/api/v1/versions/${versionId}/markers`, query);
}

/** The format a file most likely is, from its name and first bytes (the person can change it). */
export function guessFormat(name: string, head: string): MarkerImportFormat {
  const lower = name.toLowerCase();
  if (head.includes('<fcpxml')) return 'fcpxml';
  if (head.includes('<xmeml')) return 'xmeml';
  if (lower.endsWith('.edl')) return head.includes('|C:') || head.includes('|M:') ? 'resolve-edl' : 'edl';
  if (lower.endsWith('.csv')) return 'csv';
  if (lower.endsWith('.txt') && head.split('\n', 1)[0]!.split('\t').length >= 5) return 'avid';
  return lower.endsWith('.xml') ? 'xmeml' : 'csv';
}

/**
 * Sends a marker file as the raw request body (preview, or import when `apply`), with the CSRF
 * header every write carries; the API's error becomes an ApiError as everywhere else.
 */
export async function sendMarkerFile(
  versionId: string,
  query: Query,
  file: Blob,
  apply: boolean,
): Promise<MarkerImportResult> {
  const token = csrfToken();
  const path = `/api/v1/versions/${versionId}/markers/import${apply ? '' : '/preview'}`;
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method: 'POST',
      credentials: 'include',
      headers: {
        accept: 'application/json',
        'content-type': 'application/octet-stream',
        ...(token ? { [CSRF_HEADER]: token } : {}),
      },
      body: file,
    });
  } catch {
    throw new ApiError(
      0,
      'network_error',
      'Could not reach the server. Check your connection and try again.',
    );
  }
  const json = (await res.json().catch(() => undefined)) as
    | { data?: MarkerImportResult; error?: { message?: string; code?: string; field?: string } }
    | undefined;
  if (!res.ok || !json?.data) {
    const err = json?.error;
    throw new ApiError(
      res.status,
      err?.code ?? `http_${res.status}`,
      err?.message ?? `The server answered ${res.status}`,
      err?.field,
    );
  }
  return json.data;
}
