import type { CarryJobState } from '@preroll/contracts/carry-forward';
import type { JobContext } from '../../jobs/job-handlers.ts';
import type { CarryForwardRunRow } from '../../repositories/carry-forward.repository.ts';
import { MediaDecodeError } from '../../repositories/media-signals.ts';
import type { VersionRow } from '../../repositories/version.repository.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { carriableNotes, storedProposalsOf } from './carry-proposals.ts';
import { type AlignedMedia, alignFrames } from './note-aligner.ts';

/** Progress is written and published at most every tenth of the way. */
const PROGRESS_STEP = 0.1;

export interface CarryForwardJobPayload {
  runId: string;
}

/**
 * The `carry-forward.align` job: decodes both versions and places every open top-level note of the
 * earlier one on the later one, publishing `carry_forward.progress` (team only: the event names no
 * client) and storing the proposals on the run. Running it again after it finished changes nothing.
 */
export class CarryForwardJob {
  constructor(private readonly deps: ServiceDeps) {}

  async run({ runId }: CarryForwardJobPayload, ctx: JobContext): Promise<void> {
    const orgId = ctx.job.orgId;
    if (!orgId) return;
    const store = ctx.store;
    const run = await store.carryForward.findById(orgId, runId);
    if (!run || run.state === 'done' || run.state === 'failed') return;
    const [version, from] = await Promise.all([
      store.versions.findById(orgId, run.version_id),
      store.versions.findById(orgId, run.from_version_id),
    ]);
    // Either version was deleted meanwhile: the run went with it (cascade) or soon will.
    if (!version || !from) return;
    const notes = carriableNotes(await store.comments.listForVersion(orgId, from.id));
    let reported = -1;
    const report = async (state: CarryJobState, progress: number, error: string | null = null) => {
      if (state === 'running' && progress - reported < PROGRESS_STEP && progress < 1) return;
      reported = progress;
      const now = this.deps.clock.now().toISOString();
      await store.carryForward.update(orgId, run.id, { state, progress, error, updated_at: now });
      await this.publish(run, state, progress);
    };
    await report('running', 0);
    try {
      const placements = await alignFrames(
        this.deps.signals,
        await this.mediaOf(from),
        await this.mediaOf(version),
        notes.map((n) => n.frame!),
        (fraction) => report('running', Math.min(0.99, fraction)),
        ctx.signal,
      );
      const now = this.deps.clock.now().toISOString();
      await store.carryForward.update(orgId, run.id, {
        state: 'done',
        progress: 1,
        proposals_json: JSON.stringify(storedProposalsOf(notes, placements)),
        error: null,
        updated_at: now,
      });
      await this.publish(run, 'done', 1);
    } catch (err) {
      const isLastAttempt = ctx.job.attempt >= ctx.job.maxAttempts;
      if (err instanceof MediaDecodeError || isLastAttempt) {
        // The media cannot be read (or never could, after every attempt): say so instead of
        // leaving the player waiting. ffmpeg's own words name server paths, so they stay in the log.
        await report(
          'failed',
          0,
          'The media of one of the versions could not be decoded, so the notes could not be aligned',
        );
        if (err instanceof MediaDecodeError) return;
      }
      throw err;
    }
  }

  private async mediaOf(v: VersionRow): Promise<AlignedMedia> {
    return {
      // ffmpeg's input: the file on local disk, a presigned URL on S3.
      path: await this.deps.files.inputFor(v.storage_key),
      rate: { num: v.frame_rate_num!, den: v.frame_rate_den! },
      durationFrames: v.duration_frames!,
    };
  }

  private async publish(run: CarryForwardRunRow, state: CarryJobState, progress: number) {
    await this.deps.events.publish(run.org_id, {
      type: 'carry_forward.progress',
      data: {
        version_id: run.version_id,
        from_version_id: run.from_version_id,
        state,
        progress: Math.round(progress * 1000) / 1000,
      },
    });
  }
}
