import type { ImportMarkersQuery, MarkerImportResult } from '@preroll/contracts/markers';
import {
  decodeMarkerFile,
  MarkerParseError,
  type ParsedMarkerFile,
  PlacementError,
  parseMarkers,
  placeMarkers,
} from '@preroll/markers';
import { formatFrameRate, framesToTimecode } from '@preroll/timecode';
import { type Actor, type MemberActor, requireMember } from '../../lib/actor.ts';
import { AppError, badRequest, unprocessable } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { CommentRow } from '../../repositories/comment.repository.ts';
import type { Store } from '../../repositories/store.ts';
import type { VersionRow } from '../../repositories/version.repository.ts';
import { CommentService } from '../comment.service.ts';
import { OPEN } from '../comment-rules.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { VersionService } from '../version.service.ts';
import { timingOf, type VersionTiming } from '../version-timing.ts';
import {
  countByStatus,
  keysOf,
  markAlreadyImported,
  type PlannedMarker,
  planImport,
} from './marker-import-plan.ts';
import { markerTimingOf } from './marker-notes.ts';

/** The largest marker file taken (an FCPXML of 10,000 notes is about 4 MiB). */
export const MARKER_FILE_MAX_BYTES = 16 * 1024 * 1024;
/** The most markers one import may hold. */
export const MARKER_IMPORT_MAX_MARKERS = 20_000;

interface Analysis {
  version: VersionRow;
  result: MarkerImportResult;
  planned: PlannedMarker[];
}

/**
 * Markers from an editor's file (or another review tool's CSV) as comments on a version: preview
 * what would be created, matched to the version's rate and start timecode, with every marker
 * outside the media listed; then import, which creates each marker once however often the same
 * file comes back (docs/editors.md, "Importing markers"). Team members only.
 */
export class MarkerImportService {
  private readonly versions: VersionService;
  private readonly comments: CommentService;

  constructor(private readonly deps: ServiceDeps) {
    this.versions = new VersionService(deps);
    this.comments = new CommentService(deps);
  }

  async preview(actor: Actor, versionId: string, query: ImportMarkersQuery, bytes: Buffer | undefined) {
    const member = requireMember(actor);
    return (await this.analyse(this.deps.store, member, versionId, query, bytes)).result;
  }

  async import(actor: Actor, versionId: string, query: ImportMarkersQuery, bytes: Buffer | undefined) {
    const member = requireMember(actor);
    const { result, created } = await this.deps.store.transaction(async (tx) => {
      const { version, result, planned } = await this.analyse(tx, member, versionId, query, bytes);
      const now = this.deps.clock.now().toISOString();
      const created: CommentRow[] = [];
      for (const p of planned) {
        if (p.status !== 'create' || p.key === null || p.frame === null) continue;
        const comment = this.commentOf(member, version, p, query, now);
        // The key first: a concurrent import of the same file holds it, and this one skips.
        const claimed = await tx.commentImports.claim({
          id: newId(),
          org_id: member.orgId,
          version_id: version.id,
          import_key: p.key,
          comment_id: comment.id,
          format: query.format,
          created_at: now,
        });
        if (!claimed) {
          p.status = 'already_imported';
          p.reason = 'imported from this file before';
          continue;
        }
        await tx.comments.insert(comment);
        await this.deps.hooks.commentChanged(tx, comment, 'created');
        p.comment_id = comment.id;
        created.push(comment);
      }
      const markers = planned.map(({ key: _key, ...item }) => item);
      return {
        result: { ...result, markers, counts: countByStatus(planned), created: created.length },
        created,
      };
    });
    for (const comment of created) await this.comments.announce('created', comment);
    return result;
  }

  private commentOf(
    member: MemberActor,
    version: VersionRow,
    p: PlannedMarker,
    query: ImportMarkersQuery,
    now: string,
  ): CommentRow {
    // A marker that names who made it (an Avid list, a review tool's CSV) keeps that name as an
    // outside author; otherwise the note is the importing member's.
    const byFile = p.author !== null && p.author.trim() !== '';
    return {
      id: newId(),
      org_id: member.orgId,
      version_id: version.id,
      deliverable_id: version.deliverable_id,
      parent_id: null,
      author_type: byFile ? 'external' : 'user',
      author_user_id: byFile ? null : member.userId,
      author_portal_user_id: null,
      author_name: byFile ? p.author!.trim().slice(0, 200) : member.name,
      body: p.body,
      visibility: query.visibility,
      frame: p.frame,
      duration_frames: p.duration_frames,
      source: 'preroll',
      carried_from: null,
      // Imported notes start open: marker files' parsers read no done state.
      ...OPEN,
      drawing_json: null,
      edited_at: null,
      deleted_at: null,
      created_at: now,
      updated_at: now,
    };
  }

  private async analyse(
    store: Store,
    member: MemberActor,
    versionId: string,
    query: ImportMarkersQuery,
    bytes: Buffer | undefined,
  ): Promise<Analysis> {
    const version = await this.versions.visibleVersion(member, versionId, store);
    const timing = timingOf(version);
    if (!timing) {
      throw unprocessable(
        'version_has_no_frame_rate',
        'This version has no known frame rate, so markers cannot be placed on its frames',
      );
    }
    if (version.media_kind === 'audio' || !isVideoRate(timing)) {
      throw unprocessable(
        'marker_import_needs_video_rate',
        'Markers are placed on video frames; this version counts its positions in milliseconds',
      );
    }
    const file = readFile(query, bytes);
    if (file.markers.length > MARKER_IMPORT_MAX_MARKERS) {
      throw unprocessable(
        'too_many_markers',
        `The file holds ${file.markers.length} markers; one import takes at most ${MARKER_IMPORT_MAX_MARKERS}`,
      );
    }
    let placement: ReturnType<typeof placeMarkers>;
    try {
      placement = placeMarkers(file, markerTimingOf(timing), {
        align: query.align,
        fileStart: query.file_start ?? null,
      });
    } catch (err) {
      if (err instanceof PlacementError) throw unprocessable(err.code, err.message);
      throw err;
    }
    const existing = await store.comments.listForVersion(member.orgId, version.id);
    const planned = planImport(placement.markers, version.id, existing);
    markAlreadyImported(
      planned,
      await store.commentImports.existing(member.orgId, version.id, keysOf(planned)),
    );
    const result: MarkerImportResult = {
      format: query.format,
      align: query.align,
      version: {
        frame_rate: formatFrameRate(timing.rate),
        start_timecode: framesToTimecode(0, timing.rate, {
          startFrame: timing.startFrame,
          dropFrame: timing.dropFrame,
        }),
        drop_frame: timing.dropFrame,
        duration_frames: timing.durationFrames,
      },
      file: {
        title: file.title,
        frame_rate: file.rate ? formatFrameRate(file.rate) : null,
        drop_frame: file.dropFrame,
      },
      warnings: placement.warnings,
      counts: countByStatus(planned),
      created: 0,
      markers: planned.map(({ key: _key, ...item }) => item),
    };
    return { version, result, planned };
  }
}

function isVideoRate(timing: VersionTiming): boolean {
  const { num, den } = timing.rate;
  return (den === 1 && num <= 120) || (den === 1001 && num % 1000 === 0 && num <= 120_000);
}

function readFile(query: ImportMarkersQuery, bytes: Buffer | undefined): ParsedMarkerFile {
  if (!bytes || bytes.length === 0) {
    throw badRequest('empty_marker_file', 'Send the marker file as the request body');
  }
  if (bytes.length > MARKER_FILE_MAX_BYTES) throw markerFileTooLarge();
  try {
    return parseMarkers(query.format, decodeMarkerFile(bytes));
  } catch (err) {
    if (!(err instanceof MarkerParseError)) throw err;
    throw unprocessable('unparsable_marker_file', err.message, { format: query.format });
  }
}

export function markerFileTooLarge(): AppError {
  return new AppError(
    413,
    'marker_file_too_large',
    `A marker file may be at most ${MARKER_FILE_MAX_BYTES} bytes`,
    {
      max_bytes: MARKER_FILE_MAX_BYTES,
    },
  );
}
