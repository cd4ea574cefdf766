import { z } from 'zod';
import { id } from './common.ts';

/** `?from=` picks the earlier version of the same deliverable (default: the one numbered just before). */
export const carryForwardQuery = z.strictObject({ from: id.optional() });
export type CarryForwardQuery = z.infer<typeof carryForwardQuery>;

/** The most proposals one apply names (a version's open notes, with room to spare). */
export const CARRY_APPLY_MAX_PROPOSALS = 5000;

/** Apply every proposal that has a place on the new version, or the ones named. */
export const applyCarryForwardBody = z.union([
  z.strictObject({ all: z.literal(true) }),
  z.strictObject({ proposals: z.array(id).min(1).max(CARRY_APPLY_MAX_PROPOSALS) }),
]);
export type ApplyCarryForwardBody = z.infer<typeof applyCarryForwardBody>;

export type CarryLabel = 'moved' | 'same' | 'needs_check' | 'removed';
export type CarryJobState = 'queued' | 'running' | 'done' | 'failed';

/** Where a frame is, as the player shows it. */
export interface CarryPosition {
  frame: number;
  timecode: string;
}

/** One open note of the earlier version, proposed on the new one. */
export interface CarryProposal {
  /** The proposal's id: the original note's id (apply names it). */
  id: string;
  comment_id: string;
  body: string;
  author_name: string;
  visibility: 'internal' | 'client';
  label: CarryLabel;
  /** What found the material: the sound, the pictures (silent stretches), or nothing to compare. */
  method: 'audio' | 'picture' | null;
  /** The best match's similarity, 0–1. */
  confidence: number;
  from: CarryPosition;
  /** Null when the material is gone (`removed`). */
  to: CarryPosition | null;
  offset_frames: number | null;
  /** The note already carried from this proposal on the new version, if any. */
  applied_comment_id: string | null;
}

export interface CarryForwardResult {
  version: { id: string; number: number };
  from_version: { id: string; number: number };
  job: { state: CarryJobState; progress: number; error: string | null };
  counts: Record<CarryLabel, number>;
  proposals: CarryProposal[];
}

export interface CarryApplyResult extends CarryForwardResult {
  /** How many notes this call created (0 when everything named was carried before). */
  created: number;
}
