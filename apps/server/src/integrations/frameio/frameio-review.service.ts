import { type FrameioClient, FrameioNotFoundError } from '@preroll/frameio';
import type { JobContext } from '../../jobs/job-handlers.ts';
import { enqueue } from '../../jobs/job-queue.ts';
import { conflict, notFound } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { FileStorage } from '../../repositories/file-storage.ts';
import type { FrameioUploadRow } from '../../repositories/frameio-upload.repository.ts';
import type { VersionRow } from '../../repositories/version.repository.ts';
import { type Actor, requireMember, requireRole } from '../../services/actor.ts';
import type { ServiceDeps } from '../../services/service-deps.ts';
import { readSyncInternal, SYNC_INTERNAL_SETTING } from './frameio-comment-sync.ts';
import type { FrameioConnectionView, FrameioService } from './frameio-connection.service.ts';
import { connectionErrorIn } from './frameio-errors.ts';
import { AUTO_MIRROR_SETTING, readAutoMirror } from './frameio-hooks.ts';
import { FrameioMirror, type MirrorContext } from './frameio-mirror.ts';
import { frameioRepos } from './frameio-repos.ts';
import {
  DEFAULT_UPLOAD_TUNING,
  FrameioUploader,
  remoteFileName,
  type UploadTuning,
} from './frameio-upload.ts';
import { actionFor, classifyUploadError } from './frameio-upload-errors.ts';

export interface ShareSettingsInput {
  passphrase?: string | undefined;
  expires_at?: string | undefined;
  downloads?: boolean | undefined;
}

export interface FrameioVersionState {
  version_id: string;
  deliverable_id: string;
  status:
    | 'not_sent'
    | 'queued'
    | 'uploading'
    | 'uploaded'
    | 'transcoded'
    | 'failed'
    | 'waiting_for_reconnect';
  bytes_done: number;
  file_size: number;
  percent: number;
  parts_total: number;
  parts_done: number;
  error: { code: string; message: string; action: string } | null;
  retry_at: string | null;
  remote_file_id: string | null;
  view_url: string | null;
  review_link: {
    short_url: string;
    expires_at: string | null;
    passphrase_protected: boolean;
    downloads_enabled: boolean;
  } | null;
  started_at: string | null;
  completed_at: string | null;
}

/** Confirm polls: 1 s, 2 s, 4 s … capped at 30 s, about 15 minutes in all (webhooks: issue 7). */
/** A run holds its upload's lease this long, renewed every quarter; a crashed holder's runs out. */
const UPLOAD_LEASE_MS = 120_000;
/** When another run holds the lease, this job tries again after this long. */
const LEASE_BUSY_RETRY_MS = 5_000;
const MAX_CONFIRM_ROUNDS = 40;

/**
 * Issue 6: mirroring (show → project, episode → folder, version → file, versions → stack),
 * Send to Frame.io with resumable parallel uploads, review links for the client portal, and the
 * errors users can act on. Job bodies live here too; frameio-jobs.ts registers them.
 */
export class FrameioReviewService {
  private readonly files: FileStorage;
  tuning: UploadTuning = DEFAULT_UPLOAD_TUNING;

  constructor(
    private readonly deps: ServiceDeps,
    private readonly frameio: FrameioService,
  ) {
    this.files = new FileStorage(deps.config.dataDir);
  }

  // ---- settings ------------------------------------------------------------------------------

  async settings(actor: Actor): Promise<FrameioOrgSettings> {
    const member = requireMember(actor);
    const org = await this.deps.store.organizations.findById(member.orgId);
    return presentSettings(org?.settings_json);
  }

  /** Changes the settings given; the others keep their value. */
  async updateSettings(actor: Actor, input: Partial<FrameioOrgSettings>): Promise<FrameioOrgSettings> {
    const admin = requireRole(actor, 'admin');
    return this.deps.store.transaction(async (tx) => {
      const org = await tx.organizations.findById(admin.orgId);
      if (!org) throw notFound('Organization');
      let settings: Record<string, unknown> = {};
      try {
        settings = JSON.parse(org.settings_json || '{}') as Record<string, unknown>;
      } catch {
        settings = {};
      }
      if (input.auto_mirror !== undefined) settings[AUTO_MIRROR_SETTING] = input.auto_mirror;
      if (input.sync_internal_comments !== undefined)
        settings[SYNC_INTERNAL_SETTING] = input.sync_internal_comments;
      const json = JSON.stringify(settings);
      await tx.organizations.update(admin.orgId, {
        settings_json: json,
        updated_at: this.deps.clock.now().toISOString(),
      });
      return presentSettings(json);
    });
  }

  // ---- per version API -----------------------------------------------------------------------

  async state(actor: Actor, versionId: string): Promise<FrameioVersionState> {
    const member = requireMember(actor);
    const version = await this.deps.store.versions.findById(member.orgId, versionId);
    if (!version) throw notFound('Version');
    return this.present(member.orgId, version);
  }

  /**
   * The Deliverables tab in one request: the Frame.io state of every version of a deliverable,
   * oldest first (at most 200 versions; deliverables do not get near that).
   */
  async deliverableStates(actor: Actor, deliverableId: string): Promise<FrameioVersionState[]> {
    const member = requireMember(actor);
    if (!(await this.deps.store.deliverables.findById(member.orgId, deliverableId)))
      throw notFound('Deliverable');
    const versions = await this.deps.store.versions.listForDeliverable(member.orgId, deliverableId, {
      limit: 200,
      after: undefined,
    });
    const states = [];
    for (const v of versions.slice(0, 200).sort((a, b) => a.number - b.number))
      states.push(await this.present(member.orgId, v));
    return states;
  }

  /** Send to Frame.io: one job per version (idempotency key); a failed upload is retried instead. */
  async send(actor: Actor, versionId: string): Promise<FrameioVersionState> {
    const member = requireMember(actor);
    const version = await this.deps.store.versions.findById(member.orgId, versionId);
    if (!version) throw notFound('Version');
    if (version.status !== 'ready') {
      throw conflict(
        'version_not_ready',
        'The version is still processing (or failed); send it once it is ready.',
      );
    }
    const existing = await frameioRepos(this.deps.store).uploads.findByVersion(member.orgId, versionId);
    if (existing?.status === 'failed') return this.retry(actor, versionId);
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      await frameioRepos(tx).uploads.insertIfMissing(this.newUploadRow(member.orgId, version, now));
      await enqueue(
        tx,
        {
          type: 'frameio.upload-version',
          payload: { versionId },
          orgId: member.orgId,
          idempotencyKey: `frameio.upload-version:${versionId}`,
        },
        this.deps.clock,
      );
    });
    await this.publishState(member.orgId, version);
    return this.present(member.orgId, version);
  }

  /** Retry after a failure: continues from the recorded parts (a new job, the same upload row). */
  async retry(actor: Actor, versionId: string): Promise<FrameioVersionState> {
    const member = requireMember(actor);
    const version = await this.deps.store.versions.findById(member.orgId, versionId);
    if (!version) throw notFound('Version');
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const uploads = frameioRepos(tx).uploads;
      const row = await uploads.findByVersion(member.orgId, versionId);
      if (!row)
        throw conflict('frameio_not_sent', 'This version was not sent to Frame.io yet: use Send first.');
      if (row.status !== 'failed') {
        throw conflict(
          'frameio_upload_not_failed',
          row.retry_at
            ? `The upload is scheduled to continue at ${row.retry_at}.`
            : `The upload is ${row.status}; there is nothing to retry.`,
          { status: row.status, retry_at: row.retry_at },
        );
      }
      await uploads.update(member.orgId, versionId, {
        status: row.remote_file_id ? 'uploading' : 'queued',
        error_code: null,
        error_message: null,
        retry_at: null,
        updated_at: now,
      });
      await enqueue(
        tx,
        {
          type: 'frameio.upload-version',
          payload: { versionId },
          orgId: member.orgId,
          idempotencyKey: `frameio.upload-version:${versionId}:retry:${newId()}`,
        },
        this.deps.clock,
      );
    });
    await this.publishState(member.orgId, version);
    return this.present(member.orgId, version);
  }

  /** A new review link with these settings (replacing the version's previous one). */
  async share(actor: Actor, versionId: string, input: ShareSettingsInput): Promise<FrameioVersionState> {
    const member = requireMember(actor);
    const version = await this.deps.store.versions.findById(member.orgId, versionId);
    if (!version) throw notFound('Version');
    const row = await frameioRepos(this.deps.store).uploads.findByVersion(member.orgId, versionId);
    if (!row || (row.status !== 'uploaded' && row.status !== 'transcoded') || !row.remote_file_id) {
      throw conflict(
        'frameio_not_uploaded',
        'Send the version to Frame.io first; a review link needs the uploaded file.',
      );
    }
    const fileId = row.remote_file_id;
    await this.frameio.withConnection(member.orgId, async (client, conn) => {
      await this.createShare(this.ctxFor(client, conn, member.orgId), version, fileId, input, true);
    });
    return this.present(member.orgId, version);
  }

  // ---- jobs ----------------------------------------------------------------------------------

  async mirrorTreeJob(orgId: string, episodeId: string, ctx: JobContext): Promise<void> {
    if (!(await this.deps.store.episodes.findById(orgId, episodeId))) return;
    await this.frameio.withConnection(orgId, (client, conn) =>
      new FrameioMirror(this.ctxFor(client, conn, orgId, ctx.signal))
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
    await this.frameio.withConnection(orgId, (client, conn) =>
      new FrameioMirror(this.ctxFor(client, conn, orgId, ctx.signal)).rename(localType, localId),
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
      await repos.uploads.insertIfMissing(
        this.newUploadRow(orgId, version, this.deps.clock.now().toISOString()),
      );
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
        await this.frameio.withConnection(orgId, (client, conn) =>
          this.afterUpload(this.ctxFor(client, conn, orgId, ctx.signal), version, deliverable.episode_id),
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
      await this.frameio.withConnection(orgId, async (client, conn) => {
        const mctx = this.ctxFor(client, conn, orgId, ctx.signal);
        const uploader = new FrameioUploader(this.deps, this.files, this.tuning);
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
      if (connectionErrorIn(err)) throw err; // parked by frameioJob; the state says waiting_for_reconnect
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
        await this.publishState(orgId, version);
        return;
      }
      const last = failure.kind === 'fatal' || ctx.job.attempt >= ctx.job.maxAttempts;
      await repos.uploads.update(orgId, versionId, {
        ...(last ? { status: 'failed' as const } : {}),
        error_code: failure.code,
        error_message: failure.message,
        updated_at: now,
      });
      await this.publishState(orgId, version);
      if (!last) throw err;
    }
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
      await this.frameio.withConnection(orgId, (client, conn) =>
        this.confirmUploaded(
          this.ctxFor(client, conn, orgId, ctx.signal),
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
    const renew = setInterval(() => {
      void uploads
        .acquireLease(orgId, versionId, owner, this.deps.clock.now().toISOString(), until())
        .catch(() => undefined);
    }, UPLOAD_LEASE_MS / 4);
    return {
      release: async () => {
        clearInterval(renew);
        await uploads.releaseLease(orgId, versionId, owner).catch(() => undefined);
      },
    };
  }

  // ---- steps ---------------------------------------------------------------------------------

  /**
   * Completion: every part is in → `GET /files/{id}/status` until `upload_complete` (REFERENCE
   * §2.4.1 step 4), then stack + review link; then `files.show` until `transcoded` (file.ready).
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
          await repos.uploads.update(ctx.orgId, version.id, {
            status: 'failed',
            error_code: 'frameio_upload_failed',
            error_message: 'Frame.io could not assemble the uploaded parts.',
            updated_at: this.deps.clock.now().toISOString(),
          });
          await this.publishState(ctx.orgId, version);
          return;
        }
        if (status.upload_complete) {
          await repos.uploads.update(ctx.orgId, version.id, {
            status: 'uploaded',
            bytes_done: row.file_size,
            completed_at: status.upload_completed_at ?? this.deps.clock.now().toISOString(),
            updated_at: this.deps.clock.now().toISOString(),
          });
          await this.publishState(ctx.orgId, version);
          await this.afterUpload(ctx, version, episodeId);
          row = await repos.uploads.findByVersion(ctx.orgId, version.id);
          break;
        }
        if (i < inline - 1) await new Promise((r) => setTimeout(r, 250));
      }
    }
    // A file adopted after a crash (found by name, already uploaded) skipped the block above:
    // stack and share it now. The review link is the last step, so its absence says "not done".
    if (
      (row?.status === 'uploaded' || row?.status === 'transcoded') &&
      !(await repos.reviewLinks.findByVersion(ctx.orgId, version.id))
    ) {
      await this.afterUpload(ctx, version, episodeId);
    }
    if (row?.status === 'uploaded') {
      const file = await ctx.client.files.show(ctx.accountId, fileId);
      if (file.status === 'transcoded') {
        await repos.uploads.update(ctx.orgId, version.id, {
          status: 'transcoded',
          updated_at: this.deps.clock.now().toISOString(),
        });
        await this.publishState(ctx.orgId, version);
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

  /** Stack with earlier versions, then the default review link. Both idempotent. */
  private async afterUpload(ctx: MirrorContext, version: VersionRow, episodeId: string): Promise<void> {
    const row = await frameioRepos(ctx.store).uploads.findByVersion(ctx.orgId, version.id);
    if (!row?.remote_file_id) return;
    await this.stackVersion(ctx, version, episodeId, row.remote_file_id);
    const link = await frameioRepos(ctx.store).reviewLinks.findByVersion(ctx.orgId, version.id);
    if (!link) await this.createShare(ctx, version, row.remote_file_id, {}, false);
  }

  /**
   * Versions of a deliverable form one Frame.io version stack, oldest first (REFERENCE §2.5):
   * the stack is created from the uploaded files once there are two, and later versions are
   * moved into it (a move puts the file on top). A stack left by a crash before its link was
   * written is found through the file's parent_id.
   */
  private async stackVersion(ctx: MirrorContext, version: VersionRow, episodeId: string, fileId: string) {
    const repos = frameioRepos(ctx.store);
    const files = [];
    for (const f of await repos.links.filesOfDeliverable(ctx.orgId, version.deliverable_id)) {
      const up = await repos.uploads.findByVersion(ctx.orgId, f.local_id);
      if (up && (up.status === 'uploaded' || up.status === 'transcoded') && up.remote_file_id === f.remote_id)
        files.push(f);
    }
    if (files.length < 2) return;
    const folder = await repos.links.find(ctx.orgId, 'episode', episodeId, 'folder');
    if (!folder) return;
    const stackLink = await repos.links.find(
      ctx.orgId,
      'deliverable',
      version.deliverable_id,
      'version_stack',
    );
    const mirror = new FrameioMirror(ctx);
    const file = await ctx.client.files.show(ctx.accountId, fileId);
    if (stackLink) {
      if (file.parent_id === stackLink.remote_id) return;
      try {
        await ctx.client.files.move(ctx.accountId, fileId, { parent_id: stackLink.remote_id });
        return;
      } catch (err) {
        if (!(err instanceof FrameioNotFoundError)) throw err;
        await repos.links.delete(ctx.orgId, stackLink.id);
      }
    } else if (file.parent_id && file.parent_id !== folder.remote_id) {
      await mirror.link(
        repos.links,
        'deliverable',
        version.deliverable_id,
        'version_stack',
        file.parent_id,
        folder.remote_id,
        null,
      );
      return;
    }
    // Only files still loose in the folder can be stacked; Frame.io takes 2..10 ids.
    const loose: string[] = [];
    for (const f of files) {
      let shown: { parent_id: string | null } = file;
      if (f.remote_id !== fileId) {
        try {
          shown = await ctx.client.files.show(ctx.accountId, f.remote_id);
        } catch (err) {
          // Deleted in Frame.io (with a deleted stack, say): stack what is left.
          if (err instanceof FrameioNotFoundError) continue;
          throw err;
        }
      }
      if (shown.parent_id === folder.remote_id) loose.push(f.remote_id);
    }
    const ids = loose.slice(-10);
    if (ids.length < 2) return;
    const stack = await ctx.client.versionStacks.create(ctx.accountId, folder.remote_id, { file_ids: ids });
    await mirror.link(
      repos.links,
      'deliverable',
      version.deliverable_id,
      'version_stack',
      stack.id,
      folder.remote_id,
      null,
    );
  }

  private async createShare(
    ctx: MirrorContext,
    version: VersionRow,
    fileId: string,
    input: ShareSettingsInput,
    replace: boolean,
  ): Promise<void> {
    const repos = frameioRepos(ctx.store);
    const deliverable = await ctx.store.deliverables.findById(ctx.orgId, version.deliverable_id);
    const episode = deliverable
      ? await ctx.store.episodes.findWithClient(ctx.orgId, deliverable.episode_id)
      : undefined;
    if (!deliverable || !episode) return;
    const show = await ctx.store.shows.findById(ctx.orgId, episode.show_id);
    const project = await repos.links.find(ctx.orgId, 'show', episode.show_id, 'project');
    if (!project || !show) return;
    const previous = await repos.reviewLinks.findByVersion(ctx.orgId, version.id);
    if (previous && !replace) return;
    const name = `${show.title} · ${episode.title} · ${deliverable.title} v${version.number}`
      .replace(/[\r\n]+/g, ' ')
      .slice(0, 175);
    const share = await ctx.client.shares.create(ctx.accountId, project.remote_id, {
      type: 'asset',
      name,
      access: 'public',
      asset_ids: [fileId],
      downloading_enabled: input.downloads ?? false,
      ...(input.passphrase ? { passphrase: input.passphrase } : {}),
      ...(input.expires_at ? { expiration: input.expires_at } : {}),
    });
    if (!share.short_url) throw new Error('Frame.io returned a share without short_url');
    const now = this.deps.clock.now().toISOString();
    await repos.reviewLinks.upsert({
      id: newId(),
      org_id: ctx.orgId,
      version_id: version.id,
      deliverable_id: deliverable.id,
      client_id: episode.client_id,
      share_id: share.id,
      short_url: share.short_url,
      passphrase_set: input.passphrase ? 1 : 0,
      expires_at: input.expires_at ?? null,
      downloads_enabled: input.downloads ? 1 : 0,
      created_at: now,
    });
    if (previous && previous.share_id !== share.id) {
      try {
        await ctx.client.shares.delete(ctx.accountId, previous.share_id);
      } catch {
        // The old link stays usable in Frame.io; the new one is what preroll shows.
      }
    }
    const clientId = await ctx.store.versions.portalClientOf(ctx.orgId, deliverable.id);
    // client_id only once the client may see the deliverable: the portal filters on it.
    await this.deps.events.publish(ctx.orgId, {
      type: 'frameio.review_link.created',
      data: {
        deliverable_id: deliverable.id,
        version_id: version.id,
        version_number: version.number,
        short_url: share.short_url,
        ...(clientId ? { client_id: clientId } : { visibility: 'internal' }),
      },
    });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private ctxFor(
    client: FrameioClient,
    conn: FrameioConnectionView,
    orgId: string,
    signal?: AbortSignal,
  ): MirrorContext {
    if (!conn.accountId || !conn.workspaceId) throw new Error('Frame.io workspace not selected');
    return {
      orgId,
      accountId: conn.accountId,
      workspaceId: conn.workspaceId,
      client,
      store: this.deps.store,
      clock: this.deps.clock,
      ...(signal ? { signal } : {}),
    };
  }

  private newUploadRow(orgId: string, version: VersionRow, now: string): FrameioUploadRow {
    return {
      id: newId(),
      org_id: orgId,
      version_id: version.id,
      deliverable_id: version.deliverable_id,
      remote_file_id: null,
      media_type: null,
      view_url: null,
      file_size: Number(version.size_bytes),
      parts_json: null,
      parts_done_json: '[]',
      urls_expire_at: null,
      status: 'queued',
      bytes_done: 0,
      error_code: null,
      error_message: null,
      retry_at: null,
      lease_owner: null,
      lease_until: null,
      started_at: null,
      completed_at: null,
      created_at: now,
      updated_at: now,
    };
  }

  private async present(orgId: string, version: VersionRow): Promise<FrameioVersionState> {
    const repos = frameioRepos(this.deps.store);
    const row = await repos.uploads.findByVersion(orgId, version.id);
    const link = await repos.reviewLinks.findByVersion(orgId, version.id);
    const conn = await repos.connections.findByOrg(orgId);
    const parts = row?.parts_json ? (JSON.parse(row.parts_json) as unknown[]).length : 0;
    const done = row ? (JSON.parse(row.parts_done_json) as unknown[]).length : 0;
    let status: FrameioVersionState['status'] = row?.status ?? 'not_sent';
    const blocked = conn?.status !== 'active';
    let error = row?.error_code
      ? { code: row.error_code, message: row.error_message ?? '', action: actionFor(row.error_code) }
      : null;
    if ((status === 'queued' || status === 'uploading') && blocked) {
      status = 'waiting_for_reconnect';
      const message = !conn
        ? 'Frame.io is not connected; the upload starts once an admin connects it.'
        : conn.status === 'needs_reconnect'
          ? 'The Frame.io connection needs a reconnect; the upload continues once an admin reconnects.'
          : 'Pick the Frame.io workspace first; the upload continues then.';
      error = { code: 'waiting_for_reconnect', message, action: actionFor('waiting_for_reconnect') };
    }
    const fileSize = row ? Number(row.file_size) : Number(version.size_bytes);
    const bytes = row ? Number(row.bytes_done) : 0;
    return {
      version_id: version.id,
      deliverable_id: version.deliverable_id,
      status,
      bytes_done: bytes,
      file_size: fileSize,
      percent: fileSize === 0 ? (bytes > 0 ? 100 : 0) : Math.floor((bytes / fileSize) * 1000) / 10,
      parts_total: parts,
      parts_done: done,
      error,
      retry_at: row?.retry_at ?? null,
      remote_file_id: row?.remote_file_id ?? null,
      view_url: row?.view_url ?? null,
      review_link: link
        ? {
            short_url: link.short_url,
            expires_at: link.expires_at,
            passphrase_protected: link.passphrase_set === 1,
            downloads_enabled: link.downloads_enabled === 1,
          }
        : null,
      started_at: row?.started_at ?? null,
      completed_at: row?.completed_at ?? null,
    };
  }

  /** `frameio.upload.state`: the version's whole state, for the team (never the portal). */
  private async publishState(orgId: string, version: VersionRow): Promise<void> {
    const state = await this.present(orgId, version);
    await this.deps.events.publish(orgId, {
      type: 'frameio.upload.state',
      data: { ...state, visibility: 'internal' } as unknown as Record<string, unknown>,
    });
  }
}

/** The Frame.io settings of an organization, read from organizations.settings_json. */
export interface FrameioOrgSettings {
  auto_mirror: boolean;
  sync_internal_comments: boolean;
}

function presentSettings(settingsJson: string | null | undefined): FrameioOrgSettings {
  return {
    auto_mirror: readAutoMirror(settingsJson),
    sync_internal_comments: readSyncInternal(settingsJson),
  };
}
