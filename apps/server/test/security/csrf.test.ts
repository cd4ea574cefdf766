import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverable, media } from '../helpers/factories.ts';
import { routeTable } from '../helpers/route-table.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Attack: cross-site request forgery. Another site makes the victim's browser send a write to
 * preroll; the browser attaches the session cookie, but the other site cannot read the CSRF
 * cookie, so it cannot echo it in `x-csrf-token`.
 * Promise: every cookie-authenticated write (POST, PUT, PATCH, DELETE on any route, tus uploads
 * included) without the right `x-csrf-token` is refused with 403 `csrf_failed` before anything
 * runs; API keys (Bearer, never sent by a browser on its own) need no CSRF header.
 */
let app: TestApp;
let tmp: string;
let owner: Awaited<ReturnType<typeof signUp>>;
let deliverableId: string;

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-csrf-'));
  owner = await signUp(app);
  ({ deliverableId } = await createDeliverable(app, owner.orgId));
});
afterAll(async () => {
  await app?.close();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/** Row counts of every table: a refused write must leave all of them as they were. */
async function rowCounts(): Promise<Record<string, number>> {
  const db = app.preroll.db;
  const counts: Record<string, number> = {};
  for (const table of await db.introspection.getTables()) {
    const row = await db
      // biome-ignore lint/suspicious/noExplicitAny: every table, by its introspected name
      .selectFrom(table.name as any)
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    counts[table.name] = Number(row.n);
  }
  return counts;
}

describe('CSRF', () => {
  it('every write route of the app, called with the session cookie but a missing or wrong x-csrf-token → 403 csrf_failed; nothing is written', async () => {
    const writes = routeTable(app.preroll.app).filter((r) =>
      ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method),
    );
    expect(writes.length).toBeGreaterThan(40);
    expect(writes.map((r) => `${r.method} ${r.url}`)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/uploads',
        'PATCH /api/v1/uploads/:uploadId',
        'POST /api/v1/auth/logout',
      ]),
    );
    const cookie = `preroll_session=${owner.client.cookie('preroll_session')}`;
    const before = await rowCounts();
    const wrong: string[] = [];
    for (const route of writes) {
      // Any value fills a parameter: the check runs before routing to a handler.
      const url = route.url.replace(/:[A-Za-z]+/g, '0190a7c1-7a3e-7c11-8d7e-5b2f3c4d5e6f').replace('*', 'x');
      for (const csrf of [undefined, 'forged']) {
        const res = await fetch(`${app.url}${url}`, {
          method: route.method,
          headers: {
            cookie,
            'content-type': 'application/json',
            'tus-resumable': '1.0.0',
            ...(csrf ? { 'x-csrf-token': csrf } : {}),
          },
          body: '{}',
        });
        const body = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
        if (res.status !== 403 || body.error?.code !== 'csrf_failed') {
          wrong.push(`${route.method} ${route.url} (${csrf ?? 'no header'}): ${res.status}`);
        }
      }
    }
    expect(wrong).toEqual([]);
    expect(await rowCounts()).toEqual(before);
  });

  it('a cookie-authenticated write with a forged x-csrf-token → 403 csrf_failed', async () => {
    const { client } = await signUp(app);
    const res = await client.post(
      '/api/v1/api-keys',
      { name: 'ci' },
      { headers: { 'x-csrf-token': 'forged' } },
    );
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
  });
});

describe('CSRF on tus uploads (browser-style, cookie)', () => {
  it('a tus upload over the session cookie works with the CSRF header and is refused without it (403 csrf_failed)', async () => {
    const bytes = fs.readFileSync(await media.video2398(tmp));
    const cookie = `preroll_session=${owner.client.cookie('preroll_session')}`;
    const csrf = owner.client.cookie('preroll_csrf')!;
    const ok = await new Promise<string | null>((resolve, reject) => {
      const upload = new tus.Upload(bytes, {
        endpoint: `${app.url}/api/v1/uploads`,
        metadata: { deliverable_id: deliverableId, filename: 'browser.mp4', filetype: 'video/mp4' },
        headers: { cookie, 'x-csrf-token': csrf },
        retryDelays: null,
        onError: reject,
        onSuccess: ({ lastResponse }) => resolve(lastResponse.getHeader('preroll-version-id') ?? null),
      });
      upload.start();
    });
    expect(ok).toMatch(/^[0-9a-f-]{36}$/);
    const res = await app.client().request('POST', '/api/v1/uploads', undefined, {
      headers: {
        cookie,
        'tus-resumable': '1.0.0',
        'upload-length': '10',
        'upload-metadata': `deliverable_id ${Buffer.from(deliverableId).toString('base64')}`,
      },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.code).toBe('csrf_failed');
  });
});
