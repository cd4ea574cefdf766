import type { JobContext } from '../../../jobs/job-handlers.ts';
import { enqueue } from '../../../jobs/job-queue.ts';
import type { Store } from '../../../repositories/store.ts';
import type { VersionRow } from '../../../repositories/version.repository.ts';
import type { FrameioAccess } from '../connection/connection-access.ts';
import { connectionErrorIn } from '../connection/connection-errors.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import type { FrameioUploadRow } from '../repositories/upload.repository.ts';
import { FrameioMirror, type MirrorContext, mirrorContext } from './mirror.ts';
import type { FrameioStacksAndShares } from './stacks-and-shares.ts';
import { classifyUploadError } from './upload-errors.ts';
import { DEFAULT_UPLOAD_TUNING, FrameioUploader, remoteFileName, type UploadTuning } from './uploader.ts';
import { type FrameioVersionStates, newUploadRow } from './version-state.ts';

/** A run holds its upload's lease this long, renewed every quarter; a crashed holder's runs out. */
const UPLOAD_LEASE_MS = 120_000;
/** When another run holds the lease, this job tries again after this long. */
const LEASE_BUSY_RETRY_MS = 5_000;
/** Confirm polls: 1 s, 2 s, 4 s … capped at 30 s, about 15 minutes in all (webhooks usually come first). */
const MAX_CONFIRM_ROUNDS = 40;

/**
 * The review jobs: mirroring an episode (`frameio.mirror-tree`), renames (`frameio.rename`),
 * Send to Frame.io (`frameio.upload-version`: resumable parallel parts under a per-upload lease)
 * and its completion (`frameio.confirm-upload`: upload state, then stack and review link).
 * frameio-jobs.ts registers them.
 */
export class FrameioUploadJobs {
  tuning: UploadTuning = DEFAULT_UPLOAD_TUNING;

  constructor(
    private readonly deps: FrameioDeps,
    private readonly access: FrameioAccess,
    private readonly states: FrameioVersionStates,
    private readonly stacksAndShares: FrameioStacksAndShares,
  ) {}

  async mirrorTreeJob(orgId: string, episodeId: string, ctx: JobContext): Promise<void> {
    if (!(await this.deps.store.episodes.findById(orgId, episodeId))) return;
    await this.access.withConnection(orgId, (client, conn) =>
      new FrameioMirror(mirrorContext(this.deps, client, conn, orgId, ctx.signal))
        .ensureEpisode(episodeId)
        .then(() => undefined),
    );
  }

  async renameJob(
    orgId: string,
    localType: 'show' | 'episode',
    localId: string,
    ctx: JobContext,
  ): Promise<void> {
    await this.access.withConnection(orgId, (client, conn) =>
      new FrameioMirror(mirrorContext(this.deps, client, conn, orgId, ctx.signal)).rename(localType, localId),
    );
  }

  async uploadJob(orgId: string, versionId: string, ctx: JobContext): Promise<void> {
    const version = await this.deps.store.versions.findById(orgId, versionId);
    if (!version) return;
    const deliverable = await this.deps.store.deliverables.findById(orgId, version.deliverable_id);
    if (!deliverable) return;
    const repos = frameioRepos(this.deps.store);
    let row = await repos.uploads.findByVersion(orgId, versionId);
    if (!row) {
      await repos.uploads.insertIfMissing(newUploadRow(orgId, version, this.deps.clock.now().toISOString()));
      row = await repos.uploads.findByVersion(orgId, versionId);
    }
    if (!row || row.status === 'failed') return;
    const lease = await this.takeLease(orgId, versionId, ctx, {
      type: 'frameio.upload-version',
      payload: { versionId },
    });
    if (!lease) return;
    try {
      if (row.status === 'uploaded' || row.status === 'transcoded') {
        await this.access.withConnection(orgId, (client, conn) =>
          this.stacksAndShares.afterUpload(
            mirrorContext(this.deps, client, conn, orgId, ctx.signal),
            version,
            deliverable.episode_id,
          ),
        );
        return;
      }
      await this.runUpload(orgId, version, deliverable, row, ctx);
    } finally {
      await lease.release();
    }
  }

  private async runUpload(
    orgId: string,
    version: VersionRow,
    deliverable: { title: string; episode_id: string },
    row: FrameioUploadRow,
    ctx: JobContext,
  ): Promise<void> {
    const versionId = version.id;
    const repos = frameioRepos(this.deps.store);
    if (!row.started_at || row.retry_at) {
      await repos.uploads.update(orgId, versionId, {
        started_at: row.started_at ?? this.deps.clock.now().toISOString(),
        retry_at: null,
        error_code: null,
        error_message: null,
        updated_at: this.deps.clock.now().toISOString(),
      });
    }
    try {
      await this.access.withConnection(orgId, async (client, conn) => {
        const mctx = mirrorContext(this.deps, client, conn, orgId, ctx.signal);
        const uploader = new FrameioUploader(this.deps, this.tuning);
        const result = await uploader.upload(
          mctx,
          version,
          deliverable.episode_id,
          remoteFileName(deliverable.title, version),
          {
            id: ctx.job.id,
          },
        );
        if (result === 'continued') return;
        await this.confirmUploaded(mctx, version, deliverable.episode_id, 0);
      });
    } catch (err) {
      if (connectionErrorIn(err)) throw err; // parked (parked-jobs.ts); the state says waiting_for_reconnect
      const conn = await frameioRepos(this.deps.store).connections.findByOrg(orgId);
      const failure = classifyUploadError(err, conn, this.deps.clock.now());
      const now = this.deps.clock.now().toISOString();
      if (failure.kind === 'reschedule') {
        await this.deps.store.transaction(async (tx) => {
          await frameioRepos(tx).uploads.update(orgId, versionId, {
            retry_at: failure.retryAt.toISOString(),
            error_code: failure.code,
            error_message: failure.message,
            updated_at: now,
          });
          await enqueue(
            tx,
            {
              type: 'frameio.upload-version',
              payload: { versionId },
              orgId,
              idempotencyKey: `frameio.upload-version:${versionId}:after:${ctx.job.id}`,
              runAt: failure.retryAt,
            },
            this.deps.clock,
          );
        });
        await this.states.publish(orgId, version);
        return;
      }
      const last = failure.kind === 'fatal' || ctx.job.attempt >= ctx.job.maxAttempts;
      await this.deps.store.transaction(async (tx) => {
        await frameioRepos(tx).uploads.update(orgId, versionId, {
          ...(last ? { status: 'failed' as const } : {}),
          error_code: failure.code,
          error_message: failure.message,
          updated_at: now,
        });
        if (last)
          await this.announceSend(tx, orgId, versionId, { code: failure.code, message: failure.message });
      });
      await this.states.publish(orgId, version);
      if (!last) throw err;
    }
  }

  /**
   * Send to Frame.io finished (the file is complete in Frame.io) or gave up: announced to other
   * integrations (outgoing webhooks) through the core's hooks, in the transaction of the status.
   */
  async announceSend(
    tx: Store,
    orgId: string,
    versionId: string,
    error: { code: string; message: string } | null,
  ) {
    const row = await frameioRepos(tx).uploads.findByVersion(orgId, versionId);
    return this.deps.hooks.externalUploadFinished(tx, {
      orgId,
      versionId,
      provider: 'frameio',
      outcome: error ? 'failed' : 'finished',
      error,
      requestedBy: row?.sent_by ?? null,
    });
  }

  async confirmJob(orgId: string, versionId: string, round: number, ctx: JobContext): Promise<void> {
    const version = await this.deps.store.versions.findById(orgId, versionId);
    if (!version) return;
    const deliverable = await this.deps.store.deliverables.findById(orgId, version.deliverable_id);
    if (!deliverable) return;
    const lease = await this.takeLease(orgId, versionId, ctx, {
      type: 'frameio.confirm-upload',
      payload: { versionId, round },
    });
    if (!lease) return;
    try {
      await this.access.withConnection(orgId, (client, conn) =>
        this.confirmUploaded(
          mirrorContext(this.deps, client, conn, orgId, ctx.signal),
          version,
          deliverable.episode_id,
          round,
        ),
      );
    } finally {
      await lease.release();
    }
  }

  /**
   * One run at a time per upload (lease, migration 0025): parts, stack and share steps. Held
   * UPLOAD_LEASE_MS, renewed every quarter of it. When another live run holds it, `retry` is
   * enqueued LEASE_BUSY_RETRY_MS later and null is returned.
   */
  private async takeLease(
    orgId: string,
    versionId: string,
    ctx: JobContext,
    retry:
      | { type: 'frameio.upload-version'; payload: { versionId: string } }
      | {
          type: 'frameio.confirm-upload';
          payload: { versionId: string; round: number };
        },
  ): Promise<{ release(): Promise<void> } | null> {
    const uploads = frameioRepos(this.deps.store).uploads;
    const owner = `${ctx.workerId}:${ctx.job.id}:${ctx.job.attempt}`;
    const until = () => new Date(this.deps.clock.now().getTime() + UPLOAD_LEASE_MS).toISOString();
    if (
      !(await uploads.acquireLease(orgId, versionId, owner, this.deps.clock.now().toISOString(), until()))
    ) {
      await enqueue(
        this.deps.store,
        {
          ...retry,
          orgId,
          idempotencyKey: `${retry.type}:${versionId}:after:${ctx.job.id}:${ctx.job.attempt}`,
          runAt: new Date(this.deps.clock.now().getTime() + LEASE_BUSY_RETRY_MS),
        },
        this.deps.clock,
      );
      return null;
    }
    const stopRenewing = this.deps.timers.every(UPLOAD_LEASE_MS / 4, () => {
      void uploads
        .acquireLease(orgId, versionId, owner, this.deps.clock.now().toISOString(), until())
        .catch(() => undefined);
    });
    return {
      release: async () => {
        stopRenewing();
        await uploads.releaseLease(orgId, versionId, owner).catch(() => undefined);
      },
    };
  }

  /**
   * Completion: every part is in → `GET /files/{id}/status` until `upload_complete` (docs/frameio-api-notes.md,
   * "Local upload flow", step 4), then stack + review link; then `files.show` until `transcoded` (file.ready).
   * Polls a few times inline, then continues as a `frameio.confirm-upload` job that re-enqueues
   * itself with growing delays, at most MAX_CONFIRM_ROUNDS times.
   */
  private async confirmUploaded(ctx: MirrorContext, version: VersionRow, episodeId: string, round: number) {
    const repos = frameioRepos(ctx.store);
    let row = await repos.uploads.findByVersion(ctx.orgId, version.id);
    if (!row?.remote_file_id) return;
    const fileId = row.remote_file_id;
    const inline = round === 0 ? 12 : 1;
    if (row.status === 'uploading' || row.status === 'queued') {
      for (let i = 0; i < inline; i++) {
        const status = await ctx.client.files.status(ctx.accountId, fileId);
        if (status.upload_failed) {
          const error = {
            code: 'frameio_upload_failed',
            message: 'Frame.io could not assemble the uploaded parts.',
          };
          await ctx.store.transaction(async (tx) => {
            await frameioRepos(tx).uploads.update(ctx.orgId, version.id, {
              status: 'failed',
              error_code: error.code,
              error_message: error.message,
              updated_at: this.deps.clock.now().toISOString(),
            });
            await this.announceSend(tx, ctx.orgId, version.id, error);
          });
          await this.states.publish(ctx.orgId, version);
          return;
        }
        if (status.upload_complete) {
          await ctx.store.transaction(async (tx) => {
            await frameioRepos(tx).uploads.update(ctx.orgId, version.id, {
              status: 'uploaded',
              bytes_done: row!.file_size,
              completed_at: status.upload_completed_at ?? this.deps.clock.now().toISOString(),
              updated_at: this.deps.clock.now().toISOString(),
            });
            // The newest file takes the deliverable's mapped Status as it arrives, whatever that is
            // (approved before this version was sent, say): approval status sync, sync/status-sync.ts.
            await enqueue(
              tx,
              {
                type: 'frameio.push-status',
                payload: { deliverableId: version.deliverable_id },
                orgId: ctx.orgId,
                idempotencyKey: `frameio.push-status:${version.deliverable_id}:arrived:${fileId}`,
              },
              this.deps.clock,
            );
            await this.announceSend(tx, ctx.orgId, version.id, null);
          });
          await this.states.publish(ctx.orgId, version);
          await this.stacksAndShares.afterUpload(ctx, version, episodeId);
          row = await repos.uploads.findByVersion(ctx.orgId, version.id);
          break;
        }
        if (i < inline - 1) await this.deps.timers.sleep(250);
      }
    }
    // A file adopted after a crash (found by name, already uploaded) skipped the block above:
    // stack and share it now. The review link is the last step, so its absence says "not done".
    if (
      (row?.status === 'uploaded' || row?.status === 'transcoded') &&
      !(await repos.reviewLinks.findByVersion(ctx.orgId, version.id))
    ) {
      await this.stacksAndShares.afterUpload(ctx, version, episodeId);
    }
    if (row?.status === 'uploaded') {
      const file = await ctx.client.files.show(ctx.accountId, fileId);
      if (file.status === 'transcoded') {
        await repos.uploads.update(ctx.orgId, version.id, {
          status: 'transcoded',
          updated_at: this.deps.clock.now().toISOString(),
        });
        await this.states.publish(ctx.orgId, version);
        return;
      }
    }
    if (!row || row.status === 'transcoded' || row.status === 'failed') return;
    if (round >= MAX_CONFIRM_ROUNDS) return;
    const delay = Math.min(30_000, 1_000 * 2 ** Math.min(round, 5));
    await enqueue(
      ctx.store,
      {
        type: 'frameio.confirm-upload',
        payload: { versionId: version.id, round: round + 1 },
        orgId: ctx.orgId,
        idempotencyKey: `frameio.confirm-upload:${version.id}:${round + 1}`,
        runAt: new Date(this.deps.clock.now().getTime() + delay),
      },
      this.deps.clock,
    );
  }
}
