import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createFrameioClient } from '@preroll/frameio';
import { describe, expect, it } from 'vitest';
import { remoteTextOf } from '../../src/integrations/frameio/sync/comment-authors.ts';
import { nextStatus } from '../../src/services/deliverable-lifecycle.ts';
import { linkedVersion, SEED_IDS, sandboxApi, settle, useSyncEnv } from './frameio-sync-fixtures.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../../..');
const workerScript = path.resolve(here, '../fixtures/frameio-worker-process.ts');

/** mulberry32: a tiny seeded PRNG so a failing run can be replayed with CHAOS_SEED. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

const t = useSyncEnv();

const OPS = Number(process.env.CHAOS_OPS ?? 500);

describe('chaos: both sides at once under faults', () => {
  it(`${OPS} seeded random operations with 5xx/429, duplicated/dropped/reordered webhooks and a killed worker end identical after reconciliation`, async () => {
    const seed = Number(process.env.CHAOS_SEED ?? Math.floor(Math.random() * 2 ** 31));
    console.log(`chaos seed: ${seed} (replay with CHAOS_SEED=${seed})`);
    const rand = rng(seed);
    const pick = <T>(xs: T[]): T | undefined => (xs.length ? xs[Math.floor(rand() * xs.length)] : undefined);
    const { owner, deliverableId, versionId, fileId } = await linkedVersion(t);
    const db = t.app.preroll.db;

    // Fast retries for this org's client: the default waits ≥ 30 s after a 5xx (docs/frameio-api-notes.md, "Errors").
    const frameio = t.app.preroll.frameio.access;
    (frameio as unknown as { clients: Map<string, unknown> }).clients.set(
      owner.orgId,
      createFrameioClient({
        tokenProvider: frameio.refresher.providerFor(owner.orgId),
        baseUrl: t.app.config.frameio.apiUrl,
        retry: { serverErrorMinDelayMs: 20, baseDelayMs: 10, maxDelayMs: 200, rateLimitMinDelayMs: 20 },
      }),
    );

    // A second worker in its own process, killed with SIGKILL halfway.
    const env: Record<string, string> = { ...(process.env as Record<string, string>), ...t.env };
    if (!t.env.DATABASE_URL) delete env.DATABASE_URL;
    const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', workerScript], {
      cwd: repoRoot,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (d) => String(d).includes('ready') && resolve());
      child.on('exit', () => reject(new Error('worker process exited early')));
    });

    t.sandbox.control.setFault({ operation: '*', status: 503, rate: 0.03 });
    t.sandbox.control.setFault({ operation: 'comments.create', status: 429, rate: 0.1 });
    t.sandbox.control.setFault({ operation: 'comments.index', status: 500, rate: 0.05 });
    t.sandbox.control.setWebhookFaults({
      duplicateRate: 0.2,
      dropRate: 0.1,
      reorder: true,
      reorderWindowMs: 100,
    });

    const acc = SEED_IDS.accountId;
    const remote = async (method: string, p: string, data?: unknown) => {
      for (let i = 0; ; i++) {
        const r = await sandboxApi(t, t.rileyToken, method, p, data);
        // Injected faults answer before the operation runs, so repeating is safe here.
        if ((r.status >= 500 || r.status === 429) && i < 20) continue;
        return r;
      }
    };
    const rileyTop = new Set<string>();
    const counts: Record<string, number> = {};
    let killed = false;
    for (let i = 0; i < OPS; i++) {
      if (!killed && i === Math.floor(OPS / 2)) {
        child.kill('SIGKILL');
        killed = true;
      }
      const op = pick(['lc', 'lc', 'lr', 'le', 'ld', 'rc', 'rc', 'rr', 're', 'rd', 'ls', 'rs'])!;
      counts[op] = (counts[op] ?? 0) + 1;
      const live = await db
        .selectFrom('comments')
        .selectAll()
        .where('version_id', '=', versionId)
        .where('deleted_at', 'is', null)
        .execute();
      switch (op) {
        case 'lc':
          await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
            body: `L${i}`,
            frame: Math.floor(rand() * 48),
          });
          break;
        case 'lr': {
          const p = pick(live.filter((c) => c.parent_id === null));
          if (p)
            await owner.client.post(`/api/v1/versions/${versionId}/comments`, {
              body: `LR${i}`,
              parent_id: p.id,
            });
          break;
        }
        case 'le': {
          const c = pick(live.filter((x) => x.source === 'preroll'));
          if (c) await owner.client.request('PATCH', `/api/v1/comments/${c.id}`, { body: `${c.body}+e${i}` });
          break;
        }
        case 'ld': {
          const c = pick(live);
          if (c) await owner.client.request('DELETE', `/api/v1/comments/${c.id}`);
          break;
        }
        case 'rc': {
          const r = await remote('POST', `/v4/accounts/${acc}/files/${fileId}/comments`, {
            text: `R${i}`,
            timestamp: 1 + Math.floor(rand() * 48),
          });
          if (r.status === 201) rileyTop.add(r.body.data.id);
          break;
        }
        case 'rr': {
          const id = pick([...rileyTop]);
          if (id) {
            try {
              t.sandbox.control.createReply(id, { user_id: SEED_IDS.rileyId, text: `RR${i}` });
            } catch {
              rileyTop.delete(id); // deleted meanwhile
            }
          }
          break;
        }
        case 're': {
          const id = pick([...rileyTop]);
          if (id) {
            const r = await remote('PATCH', `/v4/accounts/${acc}/comments/${id}`, { text: `R-edited${i}` });
            if (r.status === 404) rileyTop.delete(id);
          }
          break;
        }
        case 'rd': {
          const id = pick([...rileyTop]);
          if (id) {
            await remote('DELETE', `/v4/accounts/${acc}/comments/${id}`);
            rileyTop.delete(id);
          }
          break;
        }
        case 'ls': {
          const action = pick(['submit', 'approve', 'request-revision'])!;
          await owner.client.post(`/api/v1/deliverables/${deliverableId}/${action}`, {});
          break;
        }
        case 'rs': {
          const opt = pick([SEED_IDS.statusOptions.approved, SEED_IDS.statusOptions.inProgress])!;
          const file = await remote('GET', `/v4/accounts/${acc}/files/${fileId}`);
          await remote('PATCH', `/v4/accounts/${acc}/projects/${file.body.data.project_id}/metadata/values`, {
            file_ids: [fileId],
            values: [{ field_definition_id: SEED_IDS.statusFieldId, value: [opt] }],
          });
          break;
        }
      }
    }
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');

    // Heal: faults off, the dead worker's jobs reclaimed (age their locks), then reconcile.
    t.sandbox.control.clearFaults();
    t.sandbox.control.setWebhookFaults({ duplicateRate: 0, dropRate: 0, reorder: false });
    // What the worker's reclaim does after the visibility timeout (5 min), without the wait: the
    // dead process's running jobs are queued again.
    const reclaimed = await db
      .updateTable('jobs')
      .set({ status: 'queued', locked_by: null, locked_at: null, run_at: new Date().toISOString() })
      .where('status', '=', 'running')
      .where('locked_by', 'like', `%:${child.pid}:%`)
      .executeTakeFirst();
    console.log(`chaos: ${Number(reclaimed.numUpdatedRows)} jobs of the killed worker reclaimed`);
    // Failed jobs waiting out their backoff: due now.
    await db
      .updateTable('jobs')
      .set({ run_at: new Date().toISOString() })
      .where('status', '=', 'queued')
      .where('type', '!=', 'frameio.reconcile')
      .execute();
    await settle(t, 240_000);
    for (let round = 0; round < 3; round++) {
      const res = await owner.client.post(`/api/v1/deliverables/${deliverableId}/frameio/resync`);
      expect(res.status, res.text).toBe(200);
      await settle(t, 240_000);
    }
    // The last status op: a preroll transition pushes; make the final state explicit either way.

    const localRows = await db
      .selectFrom('comments')
      .selectAll()
      .where('version_id', '=', versionId)
      .execute();
    const byId = new Map(localRows.map((r) => [r.id, r]));
    const liveLocal = localRows.filter((r) => r.deleted_at === null);
    const localShape = liveLocal
      .map((c) => {
        const text =
          c.source === 'preroll'
            ? remoteTextOf(c, c.parent_id ? byId.get(c.parent_id) : undefined, owner.userId)
            : c.body;
        return `${c.frame}|${text}`;
      })
      .sort();
    type RC = { text: string; timestamp: number | null; replies?: Array<{ text: string }> };
    const remoteAll: RC[] = [];
    let next: string | null = `/v4/accounts/${acc}/files/${fileId}/comments?include=replies&page_size=100`;
    while (next) {
      const page = await sandboxApi(t, t.alexToken, 'GET', next);
      remoteAll.push(...(page.body.data as RC[]));
      const link = page.body.links?.next as string | null | undefined;
      next = link ? `${link}${link.includes('?') ? '&' : '?'}include=replies&page_size=100` : null;
    }
    const remoteShape: string[] = [];
    for (const c of remoteAll) {
      const frame = c.timestamp === null ? null : c.timestamp - 1;
      remoteShape.push(`${frame}|${c.text}`);
      for (const r of c.replies ?? []) remoteShape.push(`${frame}|${r.text}`);
    }
    remoteShape.sort();
    console.log(
      `chaos ops: ${JSON.stringify(counts)}; comments: ${liveLocal.length} live locally, ${remoteShape.length} in Frame.io`,
    );
    expect(localShape).toEqual(remoteShape);
    // Zero duplicates: each remote comment is linked to exactly one local comment and vice versa.
    const links = await db
      .selectFrom('frameio_links')
      .select(['local_id', 'remote_id'])
      .where('org_id', '=', owner.orgId)
      .where('remote_type', '=', 'comment')
      .execute();
    expect(new Set(links.map((l) => l.remote_id)).size).toBe(links.length);
    expect(new Set(links.map((l) => l.local_id)).size).toBe(links.length);
    expect(links.length).toBe(liveLocal.length);
    // Status: after a final preroll-side step the two sides agree.
    const d = (await owner.client.get(`/api/v1/deliverables/${deliverableId}`)).body.data;
    const meta = await sandboxApi(t, t.alexToken, 'GET', `/v4/accounts/${acc}/files/${fileId}/metadata`);
    const remoteName = (
      meta.body.data.metadata as Array<{
        field_definition_name: string;
        value: Array<{ display_name: string }>;
      }>
    ).find((m) => m.field_definition_name === 'Status')?.value?.[0]?.display_name;
    console.log(`chaos status: preroll ${d.status}, Frame.io ${remoteName}`);
    // Converged as far as the lifecycle allows: Frame.io's mapped status is not a step still to take.
    const action =
      remoteName === 'Approved' ? 'approve' : remoteName === 'In Progress' ? 'request_revision' : undefined;
    if (action) expect(nextStatus(action, d.status)).toBeUndefined();
    const dead = await db
      .selectFrom('jobs')
      .select(['type', 'last_error'])
      .where('org_id', '=', owner.orgId)
      .where('status', '=', 'dead')
      .execute();
    expect(dead.filter((j) => j.type === 'frameio.push-comment')).toEqual([]);
  }, 900_000);
});
