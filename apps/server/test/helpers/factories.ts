import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import * as tus from 'tus-js-client';
import type { DeliverableStatus } from '../../src/db/schema.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { newId } from '../../src/lib/ids.ts';
import type { TestClient } from './http-client.ts';
import { insertDeliverable, insertMembers, insertVersion, type VersionFacts } from './seed-rows.ts';
import type { TestApp } from './test-app.ts';

const run = promisify(execFile);

/**
 * Rows the media tests need, inserted directly (client → show → episode → deliverable), so these
 * tests do not depend on the domain endpoints.
 */
export function createDeliverable(
  app: TestApp,
  orgId: string,
  opts: { status?: DeliverableStatus; clientId?: string } = {},
) {
  return insertDeliverable(app.preroll.db, orgId, opts);
}

/**
 * A ready version row with given media facts, inserted directly (comment tests need exact rates
 * and long durations without encoding minutes of video; the upload tests cover ffprobe).
 */
export function createVersion(app: TestApp, orgId: string, deliverableId: string, facts: VersionFacts) {
  return insertVersion(app.preroll.db, orgId, deliverableId, facts);
}

/** A client contact with a portal session: a TestClient carrying their cookies. */
export async function createPortalClient(
  app: TestApp,
  orgId: string,
  clientId: string,
  name = 'Casey Client',
) {
  const portalUserId = newId();
  await app.preroll.db
    .insertInto('portal_users')
    .values({
      id: portalUserId,
      org_id: orgId,
      client_id: clientId,
      email: `${portalUserId}@client.test`,
      name,
      created_at: new Date().toISOString(),
    })
    .execute();
  const grant = await app.preroll.services.auth.createSession(app.preroll.store, { portalUserId, orgId });
  const client = app.client();
  client.setCookie('preroll_session', grant.token);
  client.setCookie('preroll_csrf', grant.csrfToken);
  return { client, portalUserId };
}

/** Another team member of the organization with the given role, with a session. */
export async function createMember(
  app: TestApp,
  orgId: string,
  role: 'member' | 'admin',
  name = 'Morgan Member',
) {
  const [userId = ''] = await insertMembers(app.preroll.db, orgId, [{ name, role }]);
  const grant = await app.preroll.services.auth.createSession(app.preroll.store, { userId, orgId });
  const client = app.client();
  client.setCookie('preroll_session', grant.token);
  client.setCookie('preroll_csrf', grant.csrfToken);
  return { client, userId };
}

/** An admin API key for a signed-up owner (Bearer auth for tus-js-client: no cookies, no CSRF). */
export async function createApiKey(client: TestClient): Promise<string> {
  const res = await client.post('/api/v1/api-keys', { name: 'uploads' });
  if (res.status !== 201) throw new Error(`api key: ${res.status} ${res.text}`);
  return res.body.data.key as string;
}

/** Generates media with ffmpeg into dir (never committed). */
export async function ffmpeg(dir: string, name: string, args: string[]): Promise<string> {
  const out = path.join(dir, name);
  await run('ffmpeg', ['-v', 'error', '-y', ...args, out]);
  return out;
}

export const media = {
  video2398: (dir: string) =>
    ffmpeg(dir, 'v2398.mp4', [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=24000/1001',
      '-t',
      '2',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
    ]),
  video2997df: (dir: string) =>
    ffmpeg(dir, 'v2997df.mov', [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=320x240:rate=30000/1001',
      '-t',
      '2',
      '-timecode',
      '01:00:00;00',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
    ]),
  audio: (dir: string) =>
    ffmpeg(dir, 'tone.m4a', ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=1.5', '-c:a', 'aac']),
};

export interface TusResult {
  url: string;
  versionId: string | null;
}

/** Uploads a file or buffer with tus-js-client (the same client the web app uses). */
export function tusUpload(
  app: TestApp,
  input: Buffer | import('node:fs').ReadStream,
  opts: {
    apiKey: string;
    metadata: Record<string, string>;
    chunkSize?: number;
    uploadUrl?: string;
    headers?: Record<string, string>;
    /** Wait for the version's analysis job (a worker runs meanwhile); default true. */
    analyse?: boolean;
  } & Partial<tus.UploadOptions>,
): Promise<TusResult> {
  const { apiKey, metadata, chunkSize, uploadUrl, headers, analyse = true, ...rest } = opts;
  const uploaded = tusUploadOnly(app, input, { apiKey, metadata, chunkSize, uploadUrl, headers, ...rest });
  if (!analyse) return uploaded;
  return uploaded.then(async (result) => {
    if (result.versionId) await settleVersion(app, result.versionId);
    return result;
  });
}

/**
 * Starts a tus upload and drops it after its first chunk, as a lost connection does; returns the
 * upload's URL for the spec to inspect and resume (tusUpload with `uploadUrl`).
 */
export function tusUploadFirstChunk(
  app: TestApp,
  bytes: Buffer,
  opts: { apiKey: string; metadata: Record<string, string>; chunkSize: number },
): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const upload: tus.Upload = new tus.Upload(bytes, {
      endpoint: `${app.url}/api/v1/uploads`,
      metadata: opts.metadata,
      headers: { authorization: `Bearer ${opts.apiKey}` },
      chunkSize: opts.chunkSize,
      retryDelays: null,
      onError: reject,
      onChunkComplete: () => {
        void upload.abort().then(() => resolve(upload.url!));
      },
    });
    upload.start();
  });
}

/**
 * Runs the job worker until the version's analysis has finished (ready or failed) and, with
 * `pipeline`, until its proxy and previews are done too; then stops it.
 */
export async function settleVersion(app: TestApp, versionId: string, opts: { pipeline?: boolean } = {}) {
  // Without `pipeline` only the analysis runs: proxies and previews stay queued, so tests about
  // uploads spend no time in ffmpeg.
  const preroll = app.preroll;
  const worker = opts.pipeline
    ? undefined
    : startWorker({
        store: preroll.store,
        handlers: { 'versions.analyze': preroll.jobHandlers['versions.analyze']! },
        pollIntervalMs: 20,
        onError: (err, info) => preroll.app.log.error({ err, ...info }, 'job failed'),
      });
  const stop = worker ? () => worker.stop() : preroll.startWorker();
  try {
    const until = Date.now() + 60_000;
    for (;;) {
      const row = await app.preroll.db
        .selectFrom('deliverable_versions')
        .select(['status', 'proxy_status', 'processing_stage'])
        .where('id', '=', versionId)
        .executeTakeFirst();
      const analysed = row?.status !== 'processing';
      const pipelineDone =
        row?.status !== 'ready' ||
        ((row.proxy_status === 'not_needed' ||
          row.proxy_status === 'ready' ||
          row.proxy_status === 'failed') &&
          (await pendingJobs(app, versionId)) === 0);
      if (analysed && (!opts.pipeline || pipelineDone)) return row;
      if (Date.now() > until) throw new Error(`version ${versionId} did not settle: ${JSON.stringify(row)}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  } finally {
    await stop();
  }
}

async function pendingJobs(app: TestApp, versionId: string): Promise<number> {
  const rows = await app.preroll.db
    .selectFrom('jobs')
    .select('id')
    .where('payload_json', 'like', `%${versionId}%`)
    .where('status', 'in', ['queued', 'running'])
    .execute();
  return rows.length;
}

function tusUploadOnly(
  app: TestApp,
  input: Buffer | import('node:fs').ReadStream,
  opts: {
    apiKey: string;
    metadata: Record<string, string>;
    chunkSize?: number;
    uploadUrl?: string;
    headers?: Record<string, string>;
  } & Partial<tus.UploadOptions>,
): Promise<TusResult> {
  const { apiKey, metadata, chunkSize, uploadUrl, headers, ...rest } = opts;
  return new Promise((resolve, reject) => {
    const upload = new tus.Upload(input, {
      endpoint: `${app.url}/api/v1/uploads`,
      uploadUrl: uploadUrl ?? null,
      metadata,
      headers: { authorization: `Bearer ${apiKey}`, ...headers },
      retryDelays: null,
      ...(chunkSize ? { chunkSize } : {}),
      onError: reject,
      onSuccess: ({ lastResponse }) =>
        resolve({ url: upload.url!, versionId: lastResponse.getHeader('preroll-version-id') ?? null }),
      ...rest,
    });
    upload.start();
  });
}
