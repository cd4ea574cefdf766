import type { MarkerImportItem, MarkerImportStatus } from '@preroll/contracts/markers';
import type { PlacedMarker } from '@preroll/markers';
import { sha256Hex } from '../../lib/hash.ts';
import type { CommentRow } from '../../repositories/comment.repository.ts';

// Deciding, marker by marker, what an import creates. Each placed marker gets a stable key (its
// frame, length, text and which occurrence of that same marker it is in the file), so the same
// file imported again finds every key taken. A marker that repeats a live note of the version
// (same frame and text, or a link back to one of its notes, as preroll's own exports carry) is
// not created either: exporting a version's notes and importing the file back changes nothing.

/** A comment's text limit (packages/contracts, comments). */
export const COMMENT_BODY_MAX_CHARS = 10_000;

const LINK_BACK = /\/versions\/([0-9a-f-]{36})\?comment=([0-9a-f-]{36})/gi;

export interface PlannedMarker extends MarkerImportItem {
  key: string | null;
}

const flat = (s: string) => s.replace(/\s+/g, ' ').trim().toLowerCase();

/** The comment text of a marker: its name and text, without repeating a name the text starts with. */
export function bodyOf(m: PlacedMarker): string {
  const name = m.name.trim();
  const text = m.text.trim();
  let body = !text ? name : !name || flat(text).startsWith(flat(name)) ? text : `${name}\n${text}`;
  // PostgreSQL text cannot hold U+0000, and a file decoded from UTF-16 could carry one.
  body = body.replaceAll('\0', '');
  if (body === '') body = m.timecode ? `Marker at ${m.timecode}` : 'Marker';
  return body.length > COMMENT_BODY_MAX_CHARS ? `${body.slice(0, COMMENT_BODY_MAX_CHARS - 1)}…` : body;
}

export function planImport(
  placed: PlacedMarker[],
  versionId: string,
  existing: CommentRow[],
): PlannedMarker[] {
  const live = existing.filter((c) => c.parent_id === null && c.deleted_at === null);
  const liveIds = new Set(live.map((c) => c.id));
  const liveAt = new Set(live.map((c) => `${c.frame}|${flat(c.body)}`));
  const seen = new Map<string, number>();
  const planned = placed.map((m): PlannedMarker => {
    const body = bodyOf(m);
    const base = {
      where: m.where,
      reason: m.reason,
      frame: m.frame,
      duration_frames: m.durationFrames,
      timecode: m.timecode,
      body,
      author: m.author,
      comment_id: null,
      key: null,
    };
    if (m.status !== 'ok') return { ...base, status: m.status };
    const identity = `${m.frame}|${m.durationFrames ?? ''}|${flat(body)}`;
    const occurrence = seen.get(identity) ?? 0;
    seen.set(identity, occurrence + 1);
    const key = sha256Hex(`${identity}|${occurrence}`);
    const linksHere = [...`${m.name} ${m.text}`.matchAll(LINK_BACK)].some(
      ([, version, comment]) => version!.toLowerCase() === versionId && liveIds.has(comment!.toLowerCase()),
    );
    if (linksHere || liveAt.has(`${m.frame}|${flat(body)}`)) {
      return { ...base, key, status: 'already_on_version', reason: 'the version already has this note' };
    }
    return { ...base, key, status: 'create' };
  });
  return planned;
}

/** The keys of the placed markers (to look up which an earlier import holds). */
export function keysOf(planned: readonly PlannedMarker[]): string[] {
  return planned.flatMap((p) => (p.key ? [p.key] : []));
}

/** Marks the markers whose key an earlier import of this version holds (the more precise reason). */
export function markAlreadyImported(planned: PlannedMarker[], taken: ReadonlySet<string>): PlannedMarker[] {
  for (const p of planned) {
    if (p.key && taken.has(p.key)) {
      p.status = 'already_imported';
      p.reason = 'imported from this file before';
    }
  }
  return planned;
}

export function countByStatus(
  markers: readonly { status: MarkerImportStatus }[],
): Record<MarkerImportStatus, number> {
  const counts: Record<MarkerImportStatus, number> = {
    create: 0,
    already_imported: 0,
    already_on_version: 0,
    out_of_range: 0,
    unplaceable: 0,
  };
  for (const m of markers) counts[m.status] += 1;
  return counts;
}
