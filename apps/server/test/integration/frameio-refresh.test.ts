import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parkedWhileDisconnected } from '../../src/integrations/frameio/connection/parked-jobs.ts';
import { enqueue } from '../../src/jobs/job-queue.ts';
import { startWorker } from '../../src/jobs/worker.ts';
import { composePreroll, type Preroll } from '../../src/server.ts';
import { signUp } from '../helpers/test-app.ts';
import {
  connectActive,
  connectAs,
  connectionRow,
  type FrameioTestEnv,
  SEED_IDS,
  startFrameioTestEnv,
} from './frameio-fixtures.ts';

let t: FrameioTestEnv;
/** A second preroll process on the same database (own Frame.io clients, own in-memory state). */
let second: Preroll;
let secondUrl: string;
beforeAll(async () => {
  t = await startFrameioTestEnv();
  second = await composePreroll(t.app.config, { fetch: t.rec.fetch });
  secondUrl = (await second.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
});
afterAll(async () => {
  await second?.close();
  await t?.close();
});

const refreshes = () => t.rec.grants.filter((g) => g === 'refresh_token').length;

async function waitFor<T>(what: string, fn: () => Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('token refresh', () => {
  it('50 concurrent calls over two server processes after the access token died make exactly one IMS refresh', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    const before = await connectionRow(t, owner.orgId);
    // The same session cookie works on both processes (one database).
    const onSecond = t.app.client();
    for (const n of ['preroll_session', 'preroll_csrf']) onSecond.setCookie(n, owner.client.cookie(n)!);
    Object.assign(onSecond, { baseUrl: secondUrl });
    // Warm both processes' clients with the current token, then kill it at the sandbox.
    expect((await owner.client.get('/api/v1/integrations/frameio/workspaces')).status).toBe(200);
    expect((await onSecond.get('/api/v1/integrations/frameio/workspaces')).status).toBe(200);
    t.sandbox.control.expireTokens(SEED_IDS.alexId);
    const refreshesBefore = refreshes();

    const calls = Array.from({ length: 50 }, (_, i) =>
      (i % 2 === 0 ? owner.client : onSecond).get('/api/v1/integrations/frameio/workspaces'),
    );
    const results = await Promise.all(calls);
    expect(results.map((r) => r.status)).toEqual(Array(50).fill(200));
    expect(refreshes() - refreshesBefore).toBe(1);
    const after = await connectionRow(t, owner.orgId);
    expect(after!.token_version).toBe(before!.token_version + 1);
    expect(after!.refresh_lease_owner).toBeNull();
    expect(after!.last_refreshed_at).not.toBeNull();
    expect(after!.access_token_enc).not.toBe(before!.access_token_enc);
  });

  it('a token about to expire is refreshed before use, once, for 50 concurrent callers in two processes', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    await t.app.preroll.db
      .updateTable('frameio_connections')
      .set({ access_expires_at: new Date(Date.now() + 60_000).toISOString() })
      .where('org_id', '=', owner.orgId)
      .execute();
    const refreshesBefore = refreshes();
    const services = [t.app.preroll.frameio.access, second.frameio.access];
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        services[i % 2]!.withConnection(owner.orgId, (client) => client.users.me()),
      ),
    );
    expect(new Set(results.map((r) => r.id))).toEqual(new Set([SEED_IDS.alexId]));
    expect(refreshes() - refreshesBefore).toBe(1);
    const row = await connectionRow(t, owner.orgId);
    expect(Date.parse(row!.access_expires_at)).toBeGreaterThan(Date.now() + 23 * 3600_000);
  });

  it('schedules a refresh job before expiry (idempotency key per expiry); running it refreshes and schedules the next', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    const row = await connectionRow(t, owner.orgId);
    const db = t.app.preroll.db;
    const job = await db
      .selectFrom('jobs')
      .selectAll()
      .where('org_id', '=', owner.orgId)
      .where('type', '=', 'frameio.refresh-token')
      .executeTakeFirstOrThrow();
    expect(job.idempotency_key).toBe(`frameio.refresh-token:${owner.orgId}:${row!.access_expires_at}`);
    expect(Date.parse(job.run_at)).toBe(Date.parse(row!.access_expires_at) - 15 * 60_000);
    expect(JSON.parse(job.payload_json)).toEqual({ expiresAt: row!.access_expires_at });

    await db.updateTable('jobs').set({ run_at: new Date().toISOString() }).where('id', '=', job.id).execute();
    const refreshesBefore = refreshes();
    const stop = t.app.preroll.startWorker();
    try {
      const done = await waitFor('the refresh job', async () => {
        const j = await db.selectFrom('jobs').selectAll().where('id', '=', job.id).executeTakeFirst();
        return j?.status === 'done' && j;
      });
      expect(done.status).toBe('done');
    } finally {
      await stop();
    }
    expect(refreshes() - refreshesBefore).toBe(1);
    const after = await connectionRow(t, owner.orgId);
    expect(after!.token_version).toBe(row!.token_version + 1);
    const next = await db
      .selectFrom('jobs')
      .select(['status', 'idempotency_key'])
      .where('org_id', '=', owner.orgId)
      .where('type', '=', 'frameio.refresh-token')
      .where('status', '=', 'queued')
      .execute();
    expect(next).toEqual([
      {
        status: 'queued',
        idempotency_key: `frameio.refresh-token:${owner.orgId}:${after!.access_expires_at}`,
      },
    ]);
  });

  it('an outdated refresh job (tokens already refreshed) does nothing', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    const row = await connectionRow(t, owner.orgId);
    const refreshesBefore = refreshes();
    await t.app.preroll.frameio.access.refreshIfStillDue(owner.orgId, '2000-01-01T00:00:00.000Z');
    expect(refreshes()).toBe(refreshesBefore);
    expect((await connectionRow(t, owner.orgId))!.token_version).toBe(row!.token_version);
  });
});

describe('needs reconnect', () => {
  it('revoked refresh token → needs_reconnect, a queued Frame.io job waits; reconnect → active, the job resumes', async () => {
    const owner = await signUp(t.app);
    await connectActive(t, owner.client);
    const frameio = t.app.preroll.frameio.access;
    const seen: string[] = [];
    const handlers = {
      'test.frameio-me': parkedWhileDisconnected(frameio, async (payload, ctx) => {
        const me = await frameio.withConnection(ctx.job.orgId!, (client) => client.users.me());
        seen.push(`${(payload as { n: number }).n}:${me.name}`);
      }),
    };
    const worker = startWorker({ store: t.app.preroll.store, handlers, pollIntervalMs: 25 });
    try {
      t.sandbox.control.revokeTokens(SEED_IDS.alexId, { includeRefresh: true });
      const { job } = await enqueue(t.app.preroll.store, {
        type: 'test.frameio-me',
        payload: { n: 1 },
        orgId: owner.orgId,
      });
      const db = t.app.preroll.db;
      await waitFor('the job to be parked', async () => {
        const j = await db.selectFrom('jobs').select('status').where('id', '=', job.id).executeTakeFirst();
        return j?.status === 'done';
      });
      expect(seen).toEqual([]);
      const card = (await owner.client.get('/api/v1/integrations/frameio')).body.data;
      expect(card).toMatchObject({ status: 'needs_reconnect', waiting_jobs: 1 });
      expect(card.last_error).toContain('invalid_grant');
      const blocked = await owner.client.get('/api/v1/integrations/frameio/workspaces');
      expect(blocked.status).toBe(409);
      expect(blocked.body.error.code).toBe('frameio_needs_reconnect');
      // A second job while waiting is parked too (no IMS call: the status short-circuits).
      const grantsBefore = t.rec.grants.length;
      await enqueue(t.app.preroll.store, { type: 'test.frameio-me', payload: { n: 2 }, orgId: owner.orgId });
      await waitFor(
        'two parked jobs',
        async () => (await owner.client.get('/api/v1/integrations/frameio')).body.data.waiting_jobs === 2,
      );
      expect(t.rec.grants.length).toBe(grantsBefore);

      const landed = await connectAs(t, owner.client);
      expect(landed.searchParams.get('frameio')).toBe('connected');
      await waitFor('the parked jobs to resume', async () => seen.length === 2);
      expect(seen.sort()).toEqual(['1:Alex Producer', '2:Alex Producer']);
      const after = (await owner.client.get('/api/v1/integrations/frameio')).body.data;
      // Same Frame.io user: account and workspace kept, so straight back to active.
      expect(after).toMatchObject({
        status: 'active',
        waiting_jobs: 0,
        last_error: null,
        workspace: { id: SEED_IDS.workspaceId },
      });
    } finally {
      await worker.stop();
    }
  });

  it('reconnecting as a different Frame.io user clears the workspace (pending) and revokes the replaced grant', async () => {
    const owner = await signUp(t.app);
    const issuedBefore = t.rec.issued.length;
    await connectActive(t, owner.client, SEED_IDS.alexId);
    const alexToken = t.rec.issued[issuedBefore]!;
    const landed = await connectAs(t, owner.client, SEED_IDS.rileyId);
    expect(landed.searchParams.get('frameio')).toBe('connected');
    const card = (await owner.client.get('/api/v1/integrations/frameio')).body.data;
    expect(card).toMatchObject({
      status: 'pending',
      frameio_user: { id: SEED_IDS.rileyId },
      account: null,
      workspace: null,
    });
    expect((await owner.client.get('/api/v1/integrations/frameio/workspaces')).status).toBe(200);
    const old = await fetch(`${t.sandbox.url}/v4/me`, { headers: { authorization: `Bearer ${alexToken}` } });
    expect(old.status).toBe(401);
  });

  it('a job for an org without a connection waits and resumes after connect + workspace pick', async () => {
    const owner = await signUp(t.app);
    const frameio = t.app.preroll.frameio.access;
    const seen: string[] = [];
    const worker = startWorker({
      store: t.app.preroll.store,
      pollIntervalMs: 25,
      handlers: {
        'test.frameio-ws': parkedWhileDisconnected(frameio, async (_p, ctx) => {
          seen.push(await frameio.withConnection(ctx.job.orgId!, async (_c, conn) => conn.workspaceId!));
        }),
      },
    });
    try {
      await enqueue(t.app.preroll.store, { type: 'test.frameio-ws', payload: {}, orgId: owner.orgId });
      await waitFor(
        'parked',
        async () => (await owner.client.get('/api/v1/integrations/frameio')).body.data.waiting_jobs === 1,
      );
      await connectAs(t, owner.client);
      // Pending (no workspace yet): still waiting.
      await new Promise((r) => setTimeout(r, 150));
      expect(seen).toEqual([]);
      const put = await owner.client.request('PUT', '/api/v1/integrations/frameio/workspace', {
        account_id: SEED_IDS.accountId,
        workspace_id: SEED_IDS.workspaceId,
      });
      expect(put.status).toBe(200);
      await waitFor('resumed', async () => seen.length === 1);
      expect(seen).toEqual([SEED_IDS.workspaceId]);
    } finally {
      await worker.stop();
    }
  });
});
