import type { JobContext } from '../jobs/job-handlers.ts';
import { enqueue } from '../jobs/job-queue.ts';
import type { Store } from '../repositories/store.ts';
import type { VersionRow } from '../repositories/version.repository.ts';
import { interpretProbe } from './media-facts.ts';
import { playbackPlan } from './playback-rule.ts';
import type { ServiceDeps } from './service-deps.ts';
import { estimate, type VersionProgress } from './version-progress.ts';

/** Where a service reports what only operators should read (raw tool output, server paths). */
export type ProblemLog = (details: Record<string, unknown>, message: string) => void;

/** Analysis reads the whole file; a disk hiccup is worth two more tries before the version fails. */
const ANALYSIS_ATTEMPTS = 3;

/**
 * The `versions.analyze` job: SHA-256 and ffprobe facts of an uploaded file, then the version
 * becomes `ready` (or `failed`) and what the media pipeline makes next is queued with it: the
 * playback proxy when the original does not play in browsers, and the previews.
 *
 * Runs at least once (see jobs/worker.ts): the outcome is written only while the version is
 * still `processing`, in the transaction that announces `versionReady`, so a retried or
 * reclaimed run announces nothing twice.
 */
export class VersionAnalysis {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly progress: VersionProgress,
  ) {}

  /** Queues the analysis with the version's row (call inside the row's transaction). */
  static enqueue(tx: Store, deps: Pick<ServiceDeps, 'clock'>, version: VersionRow) {
    return enqueue(
      tx,
      {
        type: 'versions.analyze',
        payload: { versionId: version.id },
        orgId: version.org_id,
        idempotencyKey: `versions.analyze:${version.id}`,
        maxAttempts: ANALYSIS_ATTEMPTS,
      },
      deps.clock,
    );
  }

  async run(versionId: string, ctx: JobContext, log: ProblemLog): Promise<void> {
    const orgId = ctx.job.orgId;
    if (!orgId) return;
    const version = await this.deps.store.versions.findById(orgId, versionId);
    if (version?.status !== 'processing') return;
    await this.progress.start(version, 'analysing');
    let patch: Partial<VersionRow> & Pick<VersionRow, 'status'>;
    let next: { proxy: boolean } = { proxy: false };
    try {
      const startedAt = this.deps.clock.now().getTime();
      const size = Number(version.size_bytes);
      const sha256 = await this.deps.files.sha256(version.storage_key, (read) => {
        const elapsed = this.deps.clock.now().getTime() - startedAt;
        void this.progress.report(version, { stage: 'analysing', ...estimate(read, size, elapsed) });
      });
      const outcome = await this.deps.probe.probe(await this.deps.files.inputFor(version.storage_key));
      const verdict = interpretProbe(outcome);
      if (verdict.detail) log({ versionId, ffprobe: verdict.detail }, 'ffprobe could not read a version');
      const plan =
        verdict.status === 'ready' && outcome.kind === 'ok'
          ? playbackPlan(outcome.output, verdict.facts)
          : null;
      next = { proxy: plan?.proxy === 'needed' };
      patch = {
        ...verdict.facts,
        ...(plan?.proxy === 'needed' && plan.durationFrames ? { duration_frames: plan.durationFrames } : {}),
        sha256,
        status: verdict.status,
        probe_error: verdict.status === 'failed' ? verdict.error : verdict.note,
        proxy_status: next.proxy ? 'pending' : 'not_needed',
      };
    } catch (err) {
      // Retried while attempts remain; the last one fails the version: it must never stay processing.
      if (ctx.job.attempt < ctx.job.maxAttempts) throw err;
      log({ versionId, err }, 'analysing a version failed');
      patch = { status: 'failed', media_kind: 'other', probe_error: 'The file could not be analysed' };
    }
    const settled: Partial<VersionRow> = {
      ...patch,
      processing_stage: null,
      processing_percent: null,
      processing_eta_seconds: null,
      updated_at: this.deps.clock.now().toISOString(),
    };
    const updated = await this.deps.store.transaction(async (tx) => {
      if (!(await tx.versions.finishAnalysis(orgId, versionId, settled))) return null;
      const row: VersionRow = { ...version, ...settled };
      if (row.status === 'ready') {
        // Where a version becomes ready; integrations (outgoing webhooks) hear of it with the change.
        await this.deps.hooks.versionReady(tx, row);
        if (next.proxy) await enqueueProxy(tx, this.deps, row, 'first');
        await enqueue(
          tx,
          {
            type: 'versions.previews',
            payload: { versionId },
            orgId,
            idempotencyKey: `versions.previews:${versionId}`,
          },
          this.deps.clock,
        );
      } else {
        // Analysis runs once per version: the failure is announced once, with the change.
        await this.deps.hooks.versionFailed(tx, {
          version: row,
          stage: 'analysis',
          message: row.probe_error ?? 'The file could not be analysed',
          attemptKey: 'analysis',
        });
      }
      return row;
    });
    if (!updated) return;
    await this.deps.events.publish(orgId, {
      type: updated.status === 'ready' ? 'version.ready' : 'version.failed',
      data: {
        id: updated.id,
        deliverable_id: updated.deliverable_id,
        number: updated.number,
        status: updated.status,
        media_kind: updated.media_kind,
        proxy_status: updated.proxy_status,
        client_id: await this.deps.store.versions.portalClientOf(orgId, updated.deliverable_id),
      },
    });
  }
}

/** Queues a proxy run; `round` names it so a Retry is a new job and a repeated enqueue is not. */
export function enqueueProxy(
  tx: Store,
  deps: Pick<ServiceDeps, 'clock'>,
  version: VersionRow,
  round: string,
) {
  return enqueue(
    tx,
    {
      type: 'versions.proxy',
      payload: { versionId: version.id },
      orgId: version.org_id,
      idempotencyKey: `versions.proxy:${version.id}:${round}`,
      maxAttempts: 3,
    },
    deps.clock,
  );
}
