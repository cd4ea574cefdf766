import { describe, expect, it } from 'vitest';
import { SEED_IDS } from '../../src/index.ts';
import { listOperations } from '../../src/spec/openapi-spec.ts';
import { ApiClient } from '../helpers/api-client.ts';
import { P } from '../helpers/fixtures.ts';
import { acc, api, NOPE, sb, ws } from './conformance-fixtures.ts';

/**
 * Auth, envelopes, users, accounts and workspaces: the calls every integration makes first.
 * conformance.test.ts registers these specs, in its order (it says why they share one file).
 */
export function authAndEnvelopeSpecs(): void {
  describe('auth and envelopes', () => {
    it('answers 401 in the Frame.io shape for every operation without, or with a bad, token', async () => {
      for (const op of listOperations()) {
        const params = Object.fromEntries([...op.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, NOPE]));
        for (const token of [null, 'not-a-token']) {
          const r = await api.call(op.method, op.path, {
            params,
            token,
            body: op.requestSchema ? { data: {} } : undefined,
          });
          expect(r.status, `${op.operationId}`).toBe(401);
          expect(r.body).toEqual({ errors: [{ detail: 'Unauthorized' }] });
          expect(r.headers.get('x-ratelimit-limit')).toBe(String(op.rateLimit.limit));
        }
      }
    });

    it('answers 401 for expired and revoked tokens', async () => {
      const t = sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId });
      const riley = new ApiClient(sb.url, t.access_token);
      expect((await riley.call('GET', P.me)).status).toBe(200);
      sb.control.expireTokens(SEED_IDS.rileyId);
      expect((await riley.call('GET', P.me)).status).toBe(401);
      const t2 = sb.control.mintTokens({
        client_id: 'preroll-local',
        user_id: SEED_IDS.rileyId,
        expires_in: 60,
      });
      riley.token = t2.access_token;
      expect((await riley.call('GET', P.me)).status).toBe(200);
      sb.control.advanceClock(61_000);
      expect((await riley.call('GET', P.me)).status).toBe(401);
      sb.control.advanceClock(-61_000);
      const t3 = sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId });
      riley.token = t3.access_token;
      sb.control.revokeTokens(SEED_IDS.rileyId);
      expect((await riley.call('GET', P.me)).status).toBe(401);
    });

    it('sends x-ratelimit headers with the documented per-operation limits (window in ms)', async () => {
      const r = await api.call('GET', P.me);
      expect(r.headers.get('x-ratelimit-limit')).toBe('100');
      expect(r.headers.get('x-ratelimit-window')).toBe('60000');
      expect(Number(r.headers.get('x-ratelimit-remaining'))).toBeLessThan(100);
    });

    it('rejects malformed JSON with 400; an unknown /v4 route is 501 (not emulated), anything else 404', async () => {
      const r = await api.call('POST', P.projects, {
        params: { account_id: acc, workspace_id: ws },
        rawBody: '{"data":',
      });
      expect(r.status).toBe(400);
      const res = await fetch(`${sb.url}/v4/unknown`, { headers: { authorization: `Bearer ${api.token}` } });
      expect(res.status).toBe(501);
      expect(await res.json()).toEqual({
        errors: [{ detail: 'not emulated by the sandbox: GET /v4/unknown' }],
      });
      const outside = await fetch(`${sb.url}/v3/unknown`);
      expect(outside.status).toBe(404);
      expect(await outside.json()).toEqual({ errors: [{ detail: 'Not found' }] });
    });
  });
}

export function accountSpecs(): void {
  describe('users, accounts, workspaces', () => {
    it('GET /v4/me', async () => {
      const r = await api.call('GET', P.me);
      expect(r.status).toBe(200);
      expect(r.body.data).toEqual({
        id: SEED_IDS.alexId,
        name: 'Alex Producer',
        email: 'alex@sandbox.test',
        avatar_url: null,
      });
    });

    it("GET /v4/accounts lists only the caller's accounts, with roles and total_count on request", async () => {
      const r = await api.call('GET', P.accounts, { query: { include_total_count: 'true' } });
      expect(r.status).toBe(200);
      expect(r.body.data.map((a: { id: string }) => a.id)).toEqual([acc]);
      expect(r.body.data[0].roles).toEqual(['owner']);
      expect(r.body.total_count).toBe(1);
      expect((await api.call('GET', P.accounts)).body).not.toHaveProperty('total_count');
      expect((await api.call('GET', P.accounts, { query: { page_size: '0' } })).status).toBe(422);
      expect((await api.call('GET', P.accounts, { query: { after: '!!' } })).status).toBe(422);
    });

    it('GET workspaces, with include=creator, 404 for a foreign account, 422 for a bad include', async () => {
      const r = await api.call('GET', P.workspaces, {
        params: { account_id: acc },
        query: { include: 'creator' },
      });
      expect(r.status).toBe(200);
      expect(r.body.data[0]).toMatchObject({ id: ws, name: 'Sandbox Workspace', account_id: acc });
      expect(r.body.data[0].creator.id).toBe(SEED_IDS.alexId);
      expect((await api.call('GET', P.workspaces, { params: { account_id: NOPE } })).status).toBe(404);
      expect(
        (await api.call('GET', P.workspaces, { params: { account_id: acc }, query: { include: 'bogus' } }))
          .status,
      ).toBe(422);
    });
  });
}
