import type { MarkerDocument, MarkerNote, MarkerThumbnail, MarkerTiming } from '@preroll/markers';
import type { Actor } from '../../lib/actor.ts';
import type { CommentRow } from '../../repositories/comment.repository.ts';
import type { VersionRow } from '../../repositories/version.repository.ts';
import type { PresentedComment } from '../comment-presenter.ts';
import type { PresentedVersion } from '../version-presenter.ts';
import type { VersionTiming } from '../version-timing.ts';

// What the marker files are made of, from the version and its presented threads (so the authors
// a client reads are the ones the portal shows). Two facts are read in one place here:
// - whether a note is done (comment completion): `isCompleted`;
// - the pictures of the printable report (media pipeline): `thumbnailsOf`.

export type NoteStatusFilter = 'open' | 'done' | 'all';

/**
 * Whether a comment is done (comment completion): the presented thread's `completed`, or a row's
 * `completed_at`. The open/done filter, FCPXML's to-do state and the marker colours follow it.
 */
export function isCompleted(row: CommentRow | PresentedComment): boolean {
  return 'completed' in row ? row.completed : row.completed_at !== null;
}

/**
 * The picture the report shows beside a note: the version's poster when it has one (media
 * pipeline), else none. A frame-exact tile per note comes from the thumbnail sprite when the
 * version offers one; the report already draws tiles (MarkerThumbnail.tile).
 */
export function thumbnailsOf(
  version: PresentedVersion,
  publicUrl: string,
): (frame: number) => MarkerThumbnail | null {
  const poster = (version as PresentedVersion & { poster_url?: string | null }).poster_url;
  if (!poster) return () => null;
  const url = new URL(poster, `${publicUrl}/`).toString();
  return () => ({ url });
}

/** Where a note lives in preroll: the studio's review page, or the portal's for a client. */
export function noteLink(actor: Actor, publicUrl: string, versionId: string, commentId: string): string {
  const page = actor.kind === 'portal' ? 'portal/versions' : 'versions';
  return `${publicUrl}/${page}/${versionId}?comment=${commentId}`;
}

export function markerTimingOf(timing: VersionTiming): MarkerTiming {
  return {
    rate: timing.rate,
    startFrame: timing.startFrame,
    dropFrame: timing.dropFrame,
    durationFrames: timing.durationFrames,
  };
}

export interface DocumentInput {
  actor: Actor;
  publicUrl: string;
  title: string;
  version: VersionRow;
  presented: PresentedVersion;
  timing: VersionTiming;
  threads: PresentedComment[];
  status: NoteStatusFilter;
}

/** Positioned, live top-level threads (with their replies) in timeline order, filtered by status. */
export function markerDocumentOf(input: DocumentInput): MarkerDocument {
  const thumbnail = thumbnailsOf(input.presented, input.publicUrl);
  const notes: MarkerNote[] = [];
  for (const thread of input.threads) {
    if (thread.frame === null || thread.deleted || thread.body === null) continue;
    const completed = isCompleted(thread);
    if ((input.status === 'open' && completed) || (input.status === 'done' && !completed)) continue;
    notes.push({
      id: thread.id,
      frame: thread.frame,
      durationFrames: thread.duration_frames,
      author: thread.author.name,
      body: thread.body,
      replies: thread.replies
        .filter((r) => r.body !== null)
        .map((r) => ({ author: r.author.name, body: r.body! })),
      visibility: thread.visibility,
      completed,
      link: noteLink(input.actor, input.publicUrl, input.version.id, thread.id),
      createdAt: thread.created_at,
      thumbnail: thumbnail(thread.frame),
    });
  }
  return {
    title: input.title,
    mediaName: input.version.original_filename,
    timing: markerTimingOf(input.timing),
    width: input.version.width,
    height: input.version.height,
    notes,
  };
}

/** "rough-cut-v3-notes.fcpxml": the title in safe ASCII, then the format's extension. */
export function exportFilename(title: string, extension: string): string {
  const slug =
    title
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'version';
  return `${slug}-notes.${extension}`;
}
