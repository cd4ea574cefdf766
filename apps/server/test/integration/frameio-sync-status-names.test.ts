import { describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/http-client.ts';
import {
  linkedVersion,
  SEED_IDS,
  setRemoteStatusAs,
  settle,
  useSyncEnv,
  waitFor,
} from './frameio-sync-fixtures.ts';

/**
 * A Status set in Frame.io is credited to the Frame.io user who set it (docs/frameio.md, "Approval
 * status"): the webhook carries only their id, preroll asks Frame.io for the name (the account's
 * user list, or `GET /v4/me` for the connected user) through the sandbox over real sockets, and
 * caches it. The activity entry and the watchers' notification both name them.
 */
const t = useSyncEnv();

const statusOf = async (client: TestClient, id: string) =>
  (await client.get(`/api/v1/deliverables/${id}`)).body.data.status as string;

async function approvedInFrameio(token: string, owner?: Parameters<typeof linkedVersion>[1]) {
  const v = await linkedVersion(t, owner);
  expect((await v.owner.client.post(`/api/v1/deliverables/${v.deliverableId}/submit`)).status).toBe(200);
  await settle(t);
  await setRemoteStatusAs(t, v.fileId, SEED_IDS.statusOptions.approved, token);
  await waitFor('approved', async () => (await statusOf(v.owner.client, v.deliverableId)) === 'approved');
  const title = (await v.owner.client.get(`/api/v1/deliverables/${v.deliverableId}`)).body.data
    .title as string;
  return { ...v, title };
}

const cachedName = (orgId: string, id: string) =>
  t.app.preroll.db
    .selectFrom('frameio_user_names')
    .selectAll()
    .where('org_id', '=', orgId)
    .where('frameio_user_id', '=', id)
    .executeTakeFirst();

describe('who set the Status in Frame.io', () => {
  it("a reviewer's approval names them in the activity and the watchers' inbox; the name is cached", async () => {
    const a = await approvedInFrameio(t.rileyToken);
    const activity = await a.owner.client.get(`/api/v1/activity?deliverable_id=${a.deliverableId}`);
    expect(activity.body.data[0]).toMatchObject({
      actor: expect.objectContaining({ name: 'Riley Reviewer (Frame.io)' }),
      summary: `Riley Reviewer (Frame.io) approved ${a.title}`,
    });
    const told = await waitFor('the notification', async () => {
      const inbox = (await a.owner.client.get('/api/v1/notifications')).body.data as Array<{
        kind: string;
        title: string;
      }>;
      return inbox.find((n) => n.kind === 'frameio_activity');
    });
    expect(told.title).toBe(`Riley Reviewer (Frame.io) approved ${a.title}`);
    const cached = await cachedName(a.owner.orgId, SEED_IDS.rileyId);
    expect(cached?.name).toBe('Riley Reviewer');

    // A second change by the same reviewer is named from the cache: no new lookup.
    const b = await approvedInFrameio(t.rileyToken, a.owner);
    const again = await b.owner.client.get(`/api/v1/activity?deliverable_id=${b.deliverableId}`);
    expect(again.body.data[0].summary).toBe(`Riley Reviewer (Frame.io) approved ${b.title}`);
    expect((await cachedName(a.owner.orgId, SEED_IDS.rileyId))?.fetched_at).toBe(cached?.fetched_at);
  });

  it('the connected user is named through GET /v4/me', async () => {
    const a = await approvedInFrameio(t.alexToken);
    const activity = await a.owner.client.get(`/api/v1/activity?deliverable_id=${a.deliverableId}`);
    expect(activity.body.data[0].summary).toBe(`Alex Producer (Frame.io) approved ${a.title}`);
  });
});
