import { describe, expect, it } from 'vitest';
import { SEED_IDS, startSandbox } from '../../src/index.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { createProject, P } from '../helpers/fixtures.ts';
import { acc, api, sb } from './conformance-fixtures.ts';

/**
 * Account isolation, rate limits (strict and realistic) and injected faults.
 * conformance.test.ts registers these specs, in its order (it says why they share one file).
 */
export function isolationRateLimitAndFaultSpecs(): void {
  describe('isolation, rate limits and faults', () => {
    it("answers 404 for another account's ids", async () => {
      const other = sb.control.addUser({ name: 'Olivia Other', email: 'olivia@other.test', account_id: acc });
      const acct = sb.control.addAccount({ display_name: 'Other Studio', owner_user_id: other.id });
      const ows = sb.control.addWorkspace({ account_id: acct.id, name: 'Other WS' });
      const olivia = new ApiClient(
        sb.url,
        sb.control.mintTokens({ client_id: 'preroll-local', user_id: other.id }).access_token,
      );
      const proj = await olivia.call('POST', P.projects, {
        params: { account_id: acct.id, workspace_id: ows.id },
        body: { data: { name: 'Secret' } },
      });
      expect(proj.status).toBe(201);
      expect(
        (await api.call('GET', P.project, { params: { account_id: acct.id, project_id: proj.body.data.id } }))
          .status,
      ).toBe(404);
      expect(
        (await api.call('GET', P.project, { params: { account_id: acc, project_id: proj.body.data.id } }))
          .status,
      ).toBe(404);
      expect(
        (
          await api.call('GET', P.folder, {
            params: { account_id: acc, folder_id: proj.body.data.root_folder_id },
          })
        ).status,
      ).toBe(404);
    });

    it('leaky bucket per user and operation: strict mode answers 429 with the documented body', async () => {
      sb.control.setRateLimitMode('strict');
      try {
        // comments.update is 10/min → 1/min in strict mode
        const statuses: number[] = [];
        for (let i = 0; i < 3; i++) statuses.push((await api.call('GET', P.me)).status);
        const limit = Number((await api.call('GET', P.accounts)).headers.get('x-ratelimit-limit'));
        expect(limit).toBe(10);
        const burst: number[] = [];
        for (let i = 0; i < 12; i++) burst.push((await api.call('GET', P.accounts)).status);
        expect(burst).toContain(429);
        const limited = await api.call('GET', P.accounts);
        expect(limited.body).toEqual({ errors: [{ detail: 'Too many requests' }] });
        expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
        expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(limited.headers.get('x-ratelimit-window')).toBe('60000');
        // another user has their own bucket
        const riley = new ApiClient(
          sb.url,
          sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId }).access_token,
        );
        expect((await riley.call('GET', P.accounts)).status).toBe(200);
      } finally {
        sb.control.setRateLimitMode('off');
      }
      expect((await api.call('GET', P.accounts)).status).toBe(200);
    });

    it('injects faults per operation by count and rate, with latency', async () => {
      sb.control.setFault({ operation: 'users.show', status: 503, count: 2 });
      expect((await api.call('GET', P.me)).status).toBe(503);
      expect((await api.call('GET', P.me)).status).toBe(503);
      expect((await api.call('GET', P.me)).status).toBe(200);
      sb.control.setFault({ operation: 'accounts.index', status: 429, rate: 1 });
      const injected = await api.call('GET', P.accounts);
      expect(injected.status).toBe(429);
      expect(injected.body).toEqual({ errors: [{ detail: 'Too many requests' }] });
      // the same headers as a bucket's own 429: accounts.index is 100/min → one slot per 0.6 s
      expect({
        limit: injected.headers.get('x-ratelimit-limit'),
        remaining: injected.headers.get('x-ratelimit-remaining'),
        window: injected.headers.get('x-ratelimit-window'),
        retryAfter: injected.headers.get('retry-after'),
      }).toEqual({ limit: '100', remaining: '0', window: '60000', retryAfter: '1' });
      sb.control.setFault({ operation: 'accounts.index', latencyMs: 150 });
      const t0 = Date.now();
      expect((await api.call('GET', P.accounts)).status).toBe(200);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      sb.control.clearFaults();
    });
  });
}

export function realisticRateLimitSpecs(): void {
  describe('realistic rate limits', () => {
    it('folders.create allows 3/s and refills continuously (leaky bucket, frozen clock)', async () => {
      let now = Date.parse('2026-01-01T00:00:00Z');
      const frozen = await startSandbox({ port: 0, rateLimitMode: 'realistic', clock: () => now });
      try {
        const client = new ApiClient(
          frozen.url,
          frozen.control.mintTokens({ client_id: 'preroll-local' }).access_token,
        );
        const p = await createProject(client, frozen, 'Bucket');
        const create = () =>
          client.call('POST', P.subfolders, {
            params: { account_id: frozen.seed.accountId, folder_id: p.root_folder_id },
            body: { data: { name: 'f' } },
          });
        const burst = [];
        for (let i = 0; i < 4; i++) burst.push(await create());
        expect(burst.map((r) => r.status)).toEqual([201, 201, 201, 429]);
        expect(burst[0]!.headers.get('x-ratelimit-window')).toBe('1000');
        expect(burst[2]!.headers.get('x-ratelimit-remaining')).toBe('0');
        now += 334; // one request's worth drains in 1000/3 ms
        expect((await create()).status).toBe(201);
        expect((await create()).status).toBe(429);
        now += 1000;
        expect((await create()).status).toBe(201);
      } finally {
        await frozen.close();
      }
    });
  });
}
