import type {
  ApplyCarryForwardBody,
  CarryApplyResult,
  CarryForwardQuery,
  CarryForwardResult,
} from '@preroll/contracts/carry-forward';
import { enqueue } from '../../jobs/job-queue.ts';
import type { Actor, MemberActor } from '../../lib/actor.ts';
import { notFound, unprocessable } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import type { CarryForwardRunRow } from '../../repositories/carry-forward.repository.ts';
import type { CommentRow } from '../../repositories/comment.repository.ts';
import type { Store } from '../../repositories/store.ts';
import type { VersionRow } from '../../repositories/version.repository.ts';
import { CommentService } from '../comment.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { timingOf, type VersionTiming } from '../version-timing.ts';
import {
  carryKeyOf,
  presentCarryForward,
  readStoredProposals,
  type StoredProposal,
} from './carry-proposals.ts';

export const CARRY_JOB_TYPE = 'carry-forward.align';

interface Pair {
  version: VersionRow;
  from: VersionRow;
  toTiming: VersionTiming;
  fromTiming: VersionTiming;
}

/**
 * Carrying a version's open notes to the next one (docs/editors.md, "Carrying notes to the next
 * version"): the first read starts the alignment job and answers its progress; once done, the
 * proposals; apply copies the chosen notes onto the new version once each. Team members only:
 * for a client the feature does not exist (404).
 */
export class CarryForwardService {
  private readonly comments: CommentService;

  constructor(private readonly deps: ServiceDeps) {
    this.comments = new CommentService(deps);
  }

  async get(actor: Actor, versionId: string, query: CarryForwardQuery): Promise<CarryForwardResult> {
    const member = teamOnly(actor);
    const pair = await this.pairOf(this.deps.store, member, versionId, query.from);
    const run = await this.ensureRun(member, pair);
    return this.present(this.deps.store, member, pair, run);
  }

  async apply(
    actor: Actor,
    versionId: string,
    query: CarryForwardQuery,
    body: ApplyCarryForwardBody,
  ): Promise<CarryApplyResult> {
    const member = teamOnly(actor);
    const { result, created } = await this.deps.store.transaction(async (tx) => {
      const pair = await this.pairOf(tx, member, versionId, query.from);
      const run = await tx.carryForward.findPair(member.orgId, pair.version.id, pair.from.id);
      if (run?.state !== 'done') {
        throw unprocessable(
          'carry_forward_not_ready',
          'The proposals are still being computed; apply them once the alignment has finished',
          { state: run?.state ?? null },
        );
      }
      const stored = readStoredProposals(run);
      const chosen = chooseProposals(stored, body);
      const originals = await tx.comments.findByIds(
        member.orgId,
        chosen.map((p) => p.comment_id),
      );
      const byId = new Map(originals.map((c) => [c.id, c]));
      const now = this.deps.clock.now().toISOString();
      const created: CommentRow[] = [];
      for (const p of chosen) {
        const original = byId.get(p.comment_id);
        if (!original || original.deleted_at !== null || p.to_frame === null) continue;
        const comment = carriedCopy(original, pair, p.to_frame, now);
        // The key first: a concurrent apply of the same proposal holds it, and this one skips.
        const claimed = await tx.commentImports.claim({
          id: newId(),
          org_id: member.orgId,
          version_id: pair.version.id,
          import_key: carryKeyOf(original.id),
          comment_id: comment.id,
          format: 'carry',
          created_at: now,
        });
        if (!claimed) continue;
        await tx.comments.insert(comment);
        await this.deps.hooks.commentChanged(tx, comment, 'created');
        created.push(comment);
      }
      return { result: await this.present(tx, member, pair, run), created };
    });
    for (const comment of created) await this.comments.announce('created', comment);
    return { ...result, created: created.length };
  }

  /** The run of this pair, created with its job on the first read (one job however many ask). */
  private async ensureRun(member: MemberActor, pair: Pair): Promise<CarryForwardRunRow> {
    const existing = await this.deps.store.carryForward.findPair(member.orgId, pair.version.id, pair.from.id);
    if (existing) return existing;
    const now = this.deps.clock.now().toISOString();
    const row: CarryForwardRunRow = {
      id: newId(),
      org_id: member.orgId,
      version_id: pair.version.id,
      from_version_id: pair.from.id,
      state: 'queued',
      progress: 0,
      proposals_json: null,
      error: null,
      created_at: now,
      updated_at: now,
    };
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.carryForward.insertOnce(row))) return;
      await enqueue(
        tx,
        {
          type: CARRY_JOB_TYPE,
          payload: { runId: row.id },
          orgId: member.orgId,
          idempotencyKey: `carry-forward:${row.id}`,
          maxAttempts: 3,
        },
        this.deps.clock,
      );
    });
    const run = await this.deps.store.carryForward.findPair(member.orgId, pair.version.id, pair.from.id);
    if (!run) throw new Error('carry-forward run vanished after insert');
    return run;
  }

  private async present(store: Store, member: MemberActor, pair: Pair, run: CarryForwardRunRow) {
    const stored = readStoredProposals(run);
    const ids = stored.map((p) => p.comment_id);
    const originals = await store.comments.findByIds(member.orgId, ids);
    const applied = await store.commentImports.commentsByKey(
      member.orgId,
      pair.version.id,
      ids.map(carryKeyOf),
    );
    return presentCarryForward({
      run,
      ...pair,
      originals: new Map(originals.map((c) => [c.id, c])),
      applied,
    });
  }

  private async pairOf(store: Store, member: MemberActor, versionId: string, fromId?: string): Promise<Pair> {
    const version = await store.versions.findById(member.orgId, versionId);
    if (!version) throw notFound('Version');
    let from: VersionRow | undefined;
    if (fromId !== undefined) {
      from = await store.versions.findById(member.orgId, fromId);
      if (!from) throw notFound('Version');
      if (from.id === version.id) {
        throw unprocessable(
          'carry_from_same_version',
          'Pick an earlier version to carry notes from, not this one',
        );
      }
      if (from.deliverable_id !== version.deliverable_id) {
        throw unprocessable(
          'carry_from_other_deliverable',
          'Notes are carried between versions of the same deliverable; that version belongs to another',
        );
      }
    } else {
      from = await store.versions.findPrevious(member.orgId, version.deliverable_id, version.number);
      if (!from) {
        throw unprocessable(
          'no_earlier_version',
          'This is the first version of its deliverable: there is nothing to carry',
        );
      }
    }
    return { version, from, toTiming: alignable(version), fromTiming: alignable(from) };
  }
}

function teamOnly(actor: Actor): MemberActor {
  // For a client the feature does not exist: the same answer as an unknown version.
  if (actor.kind !== 'member') throw notFound('Version');
  return actor;
}

/** Both versions must be read to the end and have frames: else there is nothing to align. */
function alignable(version: VersionRow): VersionTiming {
  const timing = timingOf(version);
  if (
    version.status !== 'ready' ||
    !timing ||
    timing.durationFrames === null ||
    version.media_kind !== 'video'
  ) {
    throw unprocessable(
      'version_not_alignable',
      `Version ${version.number} is not a ready video with a known frame rate and length, so notes cannot be aligned with it`,
      { version_id: version.id },
    );
  }
  return timing;
}

function chooseProposals(stored: StoredProposal[], body: ApplyCarryForwardBody): StoredProposal[] {
  if ('all' in body) return stored.filter((p) => p.to_frame !== null);
  const byId = new Map(stored.map((p) => [p.comment_id, p]));
  const unknown = body.proposals.filter((id) => !byId.has(id));
  if (unknown.length > 0) {
    throw unprocessable('unknown_proposal', 'Some of these are not proposals of this alignment', {
      ids: unknown,
    });
  }
  const unplaced = body.proposals.filter((id) => byId.get(id)!.to_frame === null);
  if (unplaced.length > 0) {
    throw unprocessable(
      'proposal_has_no_frame',
      'A note whose material was removed has no place on the new version; add it by hand where it belongs',
      { ids: unplaced },
    );
  }
  return [...new Set(body.proposals)].map((id) => byId.get(id)!);
}

/** The note on the new version: the same words, author and visibility; replies stay on the original. */
function carriedCopy(original: CommentRow, pair: Pair, frame: number, now: string): CommentRow {
  const total = pair.toTiming.durationFrames!;
  const duration =
    original.duration_frames === null ? null : Math.max(1, Math.min(original.duration_frames, total - frame));
  return {
    ...original,
    id: newId(),
    version_id: pair.version.id,
    deliverable_id: pair.version.deliverable_id,
    parent_id: null,
    frame,
    duration_frames: duration,
    source: 'preroll',
    carried_from: original.id,
    edited_at: null,
    deleted_at: null,
    created_at: now,
    updated_at: now,
  };
}
