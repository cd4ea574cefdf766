import type {
  CarryForwardResult,
  CarryLabel,
  CarryPosition,
  CarryProposal,
} from '@preroll/contracts/carry-forward';
import { framesToTimecode } from '@preroll/timecode';
import type { CarryForwardRunRow } from '../../repositories/carry-forward.repository.ts';
import type { CommentRow } from '../../repositories/comment.repository.ts';
import type { VersionRow } from '../../repositories/version.repository.ts';
import type { VersionTiming } from '../version-timing.ts';
import type { CarryPlacement } from './carry-decision.ts';

/** A proposal as stored in the run (positions only; the note's text is read when presented). */
export interface StoredProposal {
  comment_id: string;
  from_frame: number;
  label: CarryLabel;
  to_frame: number | null;
  offset_frames: number | null;
  score: number;
  method: CarryPlacement['method'];
}

/** The import key that makes carrying a note twice create nothing the second time. */
export const carryKeyOf = (commentId: string) => `carry:${commentId}`;

/** Notes carried: open, live, positioned top-level notes (replies stay with their thread). */
export function carriableNotes(rows: CommentRow[]): CommentRow[] {
  return rows.filter((r) => r.parent_id === null && r.deleted_at === null && r.frame !== null);
}

export function storedProposalsOf(notes: CommentRow[], placements: CarryPlacement[]): StoredProposal[] {
  return notes.map((note, i) => {
    const p = placements[i]!;
    return {
      comment_id: note.id,
      from_frame: note.frame!,
      label: p.label,
      to_frame: p.toFrame,
      offset_frames: p.offsetFrames,
      score: p.score,
      method: p.method,
    };
  });
}

export function readStoredProposals(run: CarryForwardRunRow): StoredProposal[] {
  return run.proposals_json ? (JSON.parse(run.proposals_json) as StoredProposal[]) : [];
}

function positionOf(frame: number, timing: VersionTiming): CarryPosition {
  return {
    frame,
    timecode: framesToTimecode(frame, timing.rate, {
      startFrame: timing.startFrame,
      dropFrame: timing.dropFrame,
    }),
  };
}

export interface PresentInput {
  run: CarryForwardRunRow;
  version: VersionRow;
  from: VersionRow;
  toTiming: VersionTiming;
  fromTiming: VersionTiming;
  /** The earlier version's comments now: a note deleted since the run is no longer proposed. */
  originals: Map<string, CommentRow>;
  /** Import key → the comment carried on the new version. */
  applied: Map<string, string>;
}

export function presentCarryForward(input: PresentInput): CarryForwardResult {
  const counts: Record<CarryLabel, number> = { moved: 0, same: 0, needs_check: 0, removed: 0 };
  const proposals: CarryProposal[] = [];
  for (const p of readStoredProposals(input.run)) {
    const note = input.originals.get(p.comment_id);
    if (!note || note.deleted_at !== null) continue;
    counts[p.label] += 1;
    proposals.push({
      id: p.comment_id,
      comment_id: p.comment_id,
      body: note.body,
      author_name: note.author_name,
      visibility: note.visibility,
      label: p.label,
      method: p.method,
      confidence: p.score,
      from: positionOf(p.from_frame, input.fromTiming),
      to: p.to_frame === null ? null : positionOf(p.to_frame, input.toTiming),
      offset_frames: p.offset_frames,
      applied_comment_id: input.applied.get(carryKeyOf(p.comment_id)) ?? null,
    });
  }
  return {
    version: { id: input.version.id, number: input.version.number },
    from_version: { id: input.from.id, number: input.from.number },
    job: {
      state: input.run.state,
      progress: Math.round(input.run.progress * 1000) / 1000,
      error: input.run.error,
    },
    counts,
    proposals,
  };
}
