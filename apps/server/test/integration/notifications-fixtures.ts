import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { FileStorage } from '../../src/repositories/file-storage.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { runJobs } from '../helpers/run-jobs.ts';
import type { TestApp } from '../helpers/test-app.ts';

/** A clock the notification specs move across batching windows and digest slots. */
export const clock = {
  offsetMs: 0,
  now() {
    return new Date(Date.now() + this.offsetMs);
  },
  advance(ms: number) {
    this.offsetMs += ms;
  },
};

export const NOTIFICATION_JOBS = ['notifications.fan-out', 'notifications.mail', 'notifications.digest'];

/**
 * Runs the notification jobs that are due by the test clock, as the worker would (claim, run,
 * complete), until none is left; returns how many ran. `times` > 1 runs each handler again on the
 * same payload, as a retry after a crash between its commit and its completion would.
 */
export async function runDueJobs(
  app: TestApp,
  opts: { times?: number; types?: string[] } = {},
): Promise<number> {
  return runJobs(app, { types: opts.types ?? NOTIFICATION_JOBS, clock, times: opts.times, rounds: 10 });
}

/** Every job run, then the clock past the batching window and the window's mail jobs run. */
export async function deliverAll(app: TestApp, opts: { times?: number } = {}): Promise<void> {
  await runDueJobs(app, opts);
  clock.advance(4 * 60_000);
  await runDueJobs(app, opts);
}

export const mailsTo = (app: TestApp, address: string) => app.preroll.store.mail.listTo(address, 100);

/** A ready version whose file is a few bytes on disk (comments need a version, not real media). */
export async function insertVersion(app: TestApp, orgId: string, deliverableId: string): Promise<string> {
  const id = newId();
  const storageKey = `versions/${id}`;
  const now = new Date().toISOString();
  const file = new FileStorage(app.dataDir).pathFor(storageKey);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, 'original bytes');
  await app.preroll.db
    .insertInto('deliverable_versions')
    .values({
      id,
      org_id: orgId,
      deliverable_id: deliverableId,
      number: 1,
      status: 'ready',
      original_filename: 'clip.bin',
      content_type: 'application/octet-stream',
      size_bytes: 14,
      storage_key: storageKey,
      sha256: null,
      media_kind: 'audio',
      proxy_status: 'not_needed',
      frame_rate_num: 1000,
      frame_rate_den: 1,
      duration_frames: 10_000,
      duration_ms: 10_000,
      start_frame: 0,
      drop_frame: 0,
      width: null,
      height: null,
      probe_error: null,
      uploaded_by: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
  return id;
}

export async function inboxOf(client: TestClient) {
  const res = await client.get('/api/v1/notifications');
  expect(res.status).toBe(200);
  return res.body as {
    data: Array<{
      id: string;
      kind: string;
      title: string;
      excerpt: string | null;
      link_path: string;
      read: boolean;
    }>;
    unread: number;
  };
}
