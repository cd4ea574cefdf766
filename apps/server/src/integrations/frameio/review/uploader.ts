import path from 'node:path';
import { type FileWithUploadUrls, FrameioNotFoundError } from '@preroll/frameio';
import { enqueue } from '../../../jobs/job-queue.ts';
import type { VersionRow } from '../../../repositories/version.repository.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import { putPart } from '../repositories/part-uploader.ts';
import type { FrameioUploadRow } from '../repositories/upload.repository.ts';
import { FrameioMirror, type MirrorContext } from './mirror.ts';
import {
  FileTooLargeError,
  MAX_FRAMEIO_FILE_SIZE,
  PartUploadError,
  UploadUrlsExpiredError,
} from './upload-errors.ts';
import { UploadProgress } from './upload-progress.ts';

export interface UploadTuning {
  /** Parts in flight at once. */
  concurrency: number;
  /** Tries per part before the job attempt fails. */
  partAttempts: number;
  /** Stop starting new parts after this long and continue in a new job (the queue times jobs out at 4 min). */
  budgetMs: number;
  /** Minimum gap between two progress events (≤ 2/s). */
  progressEveryMs: number;
  /** Presigned URLs closer than this to expiry are not used: a new file is requested. */
  expiryMarginMs: number;
}

export const DEFAULT_UPLOAD_TUNING: UploadTuning = {
  concurrency: 4,
  partAttempts: 4,
  budgetMs: 180_000,
  progressEveryMs: 500,
  expiryMarginMs: 60_000,
};

interface PlannedPart {
  size: number;
  url: string;
}

export type UploadRunResult = 'complete' | 'continued';

/**
 * Sends one version's file to Frame.io with the local upload flow (docs/frameio-api-notes.md, "Local upload flow"): create the
 * placeholder file (which returns presigned part URLs), PUT the parts in parallel streamed from
 * disk, and record each finished part before starting to count the next, so a crashed or
 * restarted worker re-sends only unfinished parts.
 *
 * Expired URLs: the V4 API has no operation that re-issues upload URLs for an existing file
 * (docs/frameio-api-notes.md, "Local upload flow": create_local_upload is the only source of them, and files.show returns none),
 * so the placeholder is deleted and a new file is created; all parts are sent again. The expiry
 * is read from the URLs (X-Amz-Date + X-Amz-Expires) so a resume long after a crash does this
 * before sending anything, and a 403 "Request has expired" mid-upload triggers the same.
 */
export class FrameioUploader {
  constructor(
    private readonly deps: FrameioDeps,
    private readonly tuning: UploadTuning = DEFAULT_UPLOAD_TUNING,
  ) {}

  async upload(
    ctx: MirrorContext,
    version: VersionRow,
    episodeId: string,
    fileName: string,
    job: { id: string },
  ): Promise<UploadRunResult> {
    if (version.size_bytes > MAX_FRAMEIO_FILE_SIZE) throw new FileTooLargeError(version.size_bytes);
    const mirror = new FrameioMirror(ctx);
    for (let round = 0; ; round++) {
      const tree = await mirror.ensureEpisodeVerified(episodeId);
      let row = await this.row(ctx, version.id);
      if (row.remote_file_id && row.parts_json && this.expired(row)) {
        await this.discardPlaceholder(ctx, row);
        row = await this.row(ctx, version.id);
      }
      if (!row.remote_file_id || !row.parts_json) {
        const adopted = await this.createRemoteFile(ctx, mirror, version, tree.folderId, fileName);
        if (adopted) return 'complete';
        row = await this.row(ctx, version.id);
      }
      try {
        return await this.sendParts(ctx, version, row, job);
      } catch (err) {
        if (!(err instanceof UploadUrlsExpiredError) || round >= 2) throw err;
        // Fresh file, all parts again (see the class comment for why there is no other way).
        await this.discardPlaceholder(ctx, await this.row(ctx, version.id));
      }
    }
  }

  private async row(ctx: MirrorContext, versionId: string): Promise<FrameioUploadRow> {
    const row = await frameioRepos(ctx.store).uploads.findByVersion(ctx.orgId, versionId);
    if (!row) throw new Error(`no frameio_uploads row for version ${versionId}`);
    return row;
  }

  private expired(row: FrameioUploadRow): boolean {
    if (!row.urls_expire_at) return false;
    return Date.parse(row.urls_expire_at) - this.tuning.expiryMarginMs <= this.deps.clock.now().getTime();
  }

  /** Deletes the placeholder (its URLs are useless now) and forgets the plan; 404 means already gone. */
  private async discardPlaceholder(ctx: MirrorContext, row: FrameioUploadRow): Promise<void> {
    if (row.remote_file_id) {
      try {
        await ctx.client.files.delete(
          ctx.accountId,
          row.remote_file_id,
          ctx.signal ? { signal: ctx.signal } : {},
        );
      } catch (err) {
        if (!(err instanceof FrameioNotFoundError)) throw err;
      }
    }
    const now = this.deps.clock.now().toISOString();
    await ctx.store.transaction(async (tx) => {
      const repos = frameioRepos(tx);
      await repos.uploads.update(ctx.orgId, row.version_id, {
        remote_file_id: null,
        parts_json: null,
        parts_done_json: '[]',
        bytes_done: 0,
        urls_expire_at: null,
        view_url: null,
        updated_at: now,
      });
      const link = await repos.links.find(ctx.orgId, 'version', row.version_id, 'file');
      if (link) await repos.links.delete(ctx.orgId, link.id);
    });
  }

  /**
   * Creates the placeholder file, after looking for one a crashed attempt left behind (same name,
   * not linked): a placeholder still `created` is deleted (its URLs were never recorded), a
   * finished file of the same size is adopted. Returns true when adopted (nothing to send).
   */
  private async createRemoteFile(
    ctx: MirrorContext,
    mirror: FrameioMirror,
    version: VersionRow,
    folderId: string,
    fileName: string,
  ): Promise<boolean> {
    const { client, accountId, orgId } = ctx;
    const signal = ctx.signal ? { signal: ctx.signal } : {};
    const findByName = async () => {
      for await (const f of client.files.iterate(accountId, folderId, { page_size: 100 }, signal)) {
        if (f.type !== 'file' || f.name !== fileName) continue;
        const other = await frameioRepos(ctx.store).links.findByRemote(orgId, f.id);
        if (!other) return f;
      }
      return undefined;
    };
    const leftover = await findByName();
    const now = () => this.deps.clock.now().toISOString();
    if (leftover && leftover.type === 'file') {
      if (leftover.status !== 'created' && leftover.file_size === version.size_bytes) {
        await ctx.store.transaction(async (tx) => {
          await mirror.link(
            frameioRepos(tx).links,
            'version',
            version.id,
            'file',
            leftover.id,
            folderId,
            fileName,
          );
          await frameioRepos(tx).uploads.update(orgId, version.id, {
            remote_file_id: leftover.id,
            media_type: leftover.media_type,
            view_url: leftover.view_url,
            bytes_done: version.size_bytes,
            status: 'uploaded',
            completed_at: now(),
            updated_at: now(),
          });
          // A file adopted after a crash is where this Send finished (its confirm step is skipped).
          await this.deps.hooks.externalUploadFinished(tx, {
            orgId,
            versionId: version.id,
            provider: 'frameio',
            outcome: 'finished',
            error: null,
          });
        });
        return true;
      }
      try {
        await client.files.delete(accountId, leftover.id, signal);
      } catch (err) {
        if (!(err instanceof FrameioNotFoundError)) throw err;
      }
    }
    const file: FileWithUploadUrls = await client.files.createLocalUpload(
      accountId,
      folderId,
      { name: fileName, file_size: version.size_bytes },
      { ...signal, retryGuard: async () => (await findByName()) === undefined },
    );
    const parts: PlannedPart[] = (file.upload_urls ?? []).map((u) => ({ size: u.size, url: u.url }));
    const total = parts.reduce((sum, p) => sum + p.size, 0);
    if (total !== version.size_bytes) {
      throw new Error(
        `Frame.io planned ${total} bytes in ${parts.length} parts for a ${version.size_bytes}-byte file`,
      );
    }
    await ctx.store.transaction(async (tx) => {
      await mirror.link(frameioRepos(tx).links, 'version', version.id, 'file', file.id, folderId, fileName);
      await frameioRepos(tx).uploads.update(orgId, version.id, {
        remote_file_id: file.id,
        media_type: file.media_type ?? version.content_type ?? 'application/octet-stream',
        view_url: file.view_url,
        parts_json: JSON.stringify(parts),
        parts_done_json: '[]',
        bytes_done: 0,
        urls_expire_at: urlsExpireAt(parts),
        status: 'uploading',
        updated_at: now(),
      });
    });
    return false;
  }

  private async sendParts(
    ctx: MirrorContext,
    version: VersionRow,
    row: FrameioUploadRow,
    job: { id: string },
  ): Promise<UploadRunResult> {
    const parts = JSON.parse(row.parts_json ?? '[]') as PlannedPart[];
    const done = new Set(JSON.parse(row.parts_done_json) as number[]);
    const storageKey = version.storage_key;
    const contentType = row.media_type ?? 'application/octet-stream';
    const startedAt = Date.now();
    const deadline = startedAt + this.tuning.budgetMs;
    let offset = 0;
    const queue: Array<{ n: number; start: number; size: number; url: string }> = [];
    parts.forEach((p, i) => {
      if (!done.has(i + 1)) queue.push({ n: i + 1, start: offset, size: p.size, url: p.url });
      offset += p.size;
    });
    if (row.status !== 'uploading') {
      await frameioRepos(ctx.store).uploads.update(ctx.orgId, version.id, {
        status: 'uploading',
        updated_at: this.deps.clock.now().toISOString(),
      });
    }
    const progress = new UploadProgress(this.deps.events, ctx.orgId, row, this.tuning.progressEveryMs);
    const abort = new AbortController();
    const onOuterAbort = () => abort.abort(ctx.signal?.reason);
    ctx.signal?.addEventListener('abort', onOuterAbort, { once: true });
    let failure: unknown;
    let outOfBudget = false;

    const worker = async () => {
      while (failure === undefined && !abort.signal.aborted) {
        if (Date.now() > deadline) {
          outOfBudget = true;
          return;
        }
        const part = queue.shift();
        if (!part) return;
        try {
          await this.sendPart(ctx, version, part, storageKey, contentType, abort.signal, progress);
        } catch (err) {
          if (failure === undefined) failure = err;
          abort.abort(err);
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.min(this.tuning.concurrency, queue.length) }, worker));
    } finally {
      ctx.signal?.removeEventListener('abort', onOuterAbort);
      await progress.flush();
    }
    if (failure !== undefined) throw failure;
    if (outOfBudget && queue.length > 0) {
      await this.continueLater(ctx, version.id, job.id, new Date());
      return 'continued';
    }
    return 'complete';
  }

  private async sendPart(
    ctx: MirrorContext,
    version: VersionRow,
    part: { n: number; start: number; size: number; url: string },
    storageKey: string,
    contentType: string,
    signal: AbortSignal,
    progress: UploadProgress,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let result: { status: number; body: string } | undefined;
      let networkError: unknown;
      try {
        result = await putPart({
          url: part.url,
          // The original, from media storage (local disk or S3): Frame.io makes its own proxies.
          open: (range) => this.deps.files.openRead(storageKey, range),
          start: part.start,
          size: part.size,
          contentType,
          signal,
          onBytes: (sent) => progress.inFlight(part.n, sent),
        });
      } catch (err) {
        if (signal.aborted) throw signal.reason ?? err;
        networkError = err;
      }
      progress.inFlight(part.n, 0);
      if (result && result.status >= 200 && result.status < 300) {
        // Serialised per upload: markPartDone is a read-modify-write of the JSON list, and two
        // parts finishing together in separate PostgreSQL transactions could lose one.
        const marked = await progress.serially(() =>
          ctx.store.transaction((tx) =>
            frameioRepos(tx).uploads.markPartDone(
              ctx.orgId,
              version.id,
              part.n,
              part.size,
              this.deps.clock.now().toISOString(),
            ),
          ),
        );
        if (marked) progress.persisted(marked.bytesDone);
        return;
      }
      if (result?.status === 403 && /expired/i.test(result.body)) throw new UploadUrlsExpiredError('expired');
      if (result?.status === 404 && /NoSuchUpload/.test(result.body))
        throw new UploadUrlsExpiredError('missing');
      if (attempt >= this.tuning.partAttempts) {
        if (result) throw new PartUploadError(part.n, result.status, result.body);
        throw networkError;
      }
      // A refused signature or length will not fix itself; anything else (5xx, reset) may.
      if (result && result.status === 403 && attempt >= 2)
        throw new PartUploadError(part.n, result.status, result.body);
      await this.deps.timers.sleep(Math.min(8_000, 250 * 2 ** attempt), signal);
    }
  }

  /** The job ran out of time (or was postponed): a new job continues from the recorded parts. */
  async continueLater(ctx: MirrorContext, versionId: string, afterJobId: string, runAt: Date): Promise<void> {
    await enqueue(
      ctx.store,
      {
        type: 'frameio.upload-version',
        payload: { versionId },
        orgId: ctx.orgId,
        idempotencyKey: `frameio.upload-version:${versionId}:after:${afterJobId}`,
        runAt,
      },
      this.deps.clock,
    );
  }
}

/** Min expiry over the parts' presigned URLs (X-Amz-Date + X-Amz-Expires), or null if unknown. */
export function urlsExpireAt(parts: PlannedPart[]): string | null {
  let min = Number.POSITIVE_INFINITY;
  for (const p of parts) {
    try {
      const q = new URL(p.url).searchParams;
      const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(q.get('X-Amz-Date') ?? '');
      const expires = Number(q.get('X-Amz-Expires'));
      if (!date || !Number.isFinite(expires)) return null;
      const issued = Date.UTC(+date[1]!, +date[2]! - 1, +date[3]!, +date[4]!, +date[5]!, +date[6]!);
      min = Math.min(min, issued + expires * 1000);
    } catch {
      return null;
    }
  }
  return Number.isFinite(min) ? new Date(min).toISOString() : null;
}

/** The file name in Frame.io: the deliverable's title and version number, keeping the extension. */
export function remoteFileName(deliverableTitle: string, version: VersionRow): string {
  const ext = path.extname(version.original_filename).slice(0, 16);
  const base = `${deliverableTitle} v${version.number}`.replace(/[\r\n/\\]+/g, ' ').trim();
  return `${base.slice(0, 255 - ext.length)}${ext}`;
}
