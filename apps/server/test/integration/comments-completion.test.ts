import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverable, createMember, createPortalClient, createVersion } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { exportText } from './markers-fixtures.ts';

/** Complete / reopen, the open/done/all filter, and ranges changed after posting. */
let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let clientId: string;
let versionId: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app, { name: 'Olivia Owner' });
  ({ clientId } = await createDeliverable(app, owner.orgId, { status: 'submitted' }).then(async (d) => {
    versionId = await createVersion(app, owner.orgId, d.deliverableId, {
      rate: [25, 1],
      durationFrames: 500,
    });
    return d;
  }));
});
afterAll(async () => {
  await app?.close();
});

const post = (c: TestClient, body: Record<string, unknown>) =>
  c.post(`/api/v1/versions/${versionId}/comments`, body);
const patch = (c: TestClient, id: string, body: Record<string, unknown>) =>
  c.request('PATCH', `/api/v1/comments/${id}`, body);
const listIds = async (c: TestClient, status?: string) => {
  const res = await c.get(`/api/v1/versions/${versionId}/comments${status ? `?status=${status}` : ''}`);
  expect(res.status, res.text).toBe(200);
  return (res.body.data as Array<{ id: string }>).map((t) => t.id);
};
const row = (id: string) =>
  app.preroll.db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

describe('complete / reopen', () => {
  it('any team member marks a thread done; who and when are kept and shown; reopening clears them', async () => {
    const c = await post(owner.client, { body: 'Fix the logo', frame: 10 });
    expect(c.body.data).toMatchObject({ completed: false, completed_at: null, completed_by: null });
    const morgan = await createMember(app, owner.orgId, 'member', 'Morgan Member');
    const done = await patch(morgan.client, c.body.data.id, { completed: true });
    expect(done.status, done.text).toBe(200);
    expect(done.body.data).toMatchObject({
      completed: true,
      completed_by: { type: 'user', id: morgan.userId, name: 'Morgan Member' },
    });
    expect(Date.parse(done.body.data.completed_at)).toBeGreaterThan(0);
    // Done twice: the first who and when stay.
    const again = await patch(owner.client, c.body.data.id, { completed: true });
    expect(again.body.data.completed_by.name).toBe('Morgan Member');
    expect(again.body.data.completed_at).toBe(done.body.data.completed_at);
    const reopened = await patch(owner.client, c.body.data.id, { completed: false });
    expect(reopened.body.data).toMatchObject({ completed: false, completed_at: null, completed_by: null });
    expect(await row(c.body.data.id)).toMatchObject({ completed_at: null, completed_by_name: null });
  });

  it('a comment may be posted already done', async () => {
    const c = await post(owner.client, { body: 'Settled on the call', completed: true });
    expect(c.status, c.text).toBe(201);
    expect(c.body.data).toMatchObject({ completed: true, completed_by: { name: 'Olivia Owner' } });
  });

  it('the list filters open / done / all (all is the default)', async () => {
    const open = await post(owner.client, { body: 'still open', frame: 1 });
    const done = await post(owner.client, { body: 'done one', frame: 2, completed: true });
    const all = await listIds(owner.client);
    expect(all).toEqual(expect.arrayContaining([open.body.data.id, done.body.data.id]));
    expect(await listIds(owner.client, 'all')).toEqual(all);
    const onlyOpen = await listIds(owner.client, 'open');
    expect(onlyOpen).toContain(open.body.data.id);
    expect(onlyOpen).not.toContain(done.body.data.id);
    const onlyDone = await listIds(owner.client, 'done');
    expect(onlyDone).toContain(done.body.data.id);
    expect(onlyDone).not.toContain(open.body.data.id);
    const bad = await owner.client.get(`/api/v1/versions/${versionId}/comments?status=finished`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'invalid_status' });
  });

  it('a client completes their own note, not the team’s; clients see the team completer as an alias', async () => {
    const portal = await createPortalClient(app, owner.orgId, clientId, 'Casey Client');
    const mine = await post(portal.client, { body: 'Too loud', frame: 30 });
    expect(mine.status, mine.text).toBe(201);
    const done = await patch(portal.client, mine.body.data.id, { completed: true });
    expect(done.status, done.text).toBe(200);
    expect(done.body.data.completed_by).toEqual({
      type: 'portal_user',
      id: portal.portalUserId,
      name: 'Casey Client',
    });
    const teams = await post(owner.client, { body: 'Team note for the client', frame: 31 });
    const refused = await patch(portal.client, teams.body.data.id, { completed: true });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('not_author');
    expect((await row(teams.body.data.id)).completed_at).toBeNull();
    await patch(owner.client, teams.body.data.id, { completed: true });
    const seen = await portal.client.get(`/api/v1/versions/${versionId}/comments?status=done`);
    const shown = (seen.body.data as Array<{ id: string; completed_by: unknown }>).find(
      (t) => t.id === teams.body.data.id,
    );
    expect(shown?.completed_by).toEqual({ type: 'user', id: null, name: 'Production team' });
  });

  it('a reply cannot be done on its own → 422 reply_cannot_be_completed, nothing written', async () => {
    const top = await post(owner.client, { body: 'thread', frame: 40 });
    const reply = await post(owner.client, { body: 'answer', parent_id: top.body.data.id });
    const before = await row(reply.body.data.id);
    const res = await patch(owner.client, reply.body.data.id, { completed: true });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('reply_cannot_be_completed');
    expect(await row(reply.body.data.id)).toEqual(before);
    const created = await post(owner.client, {
      body: 'done reply',
      parent_id: top.body.data.id,
      completed: true,
    });
    expect(created.status).toBe(422);
    expect(created.body.error.code).toBe('reply_cannot_be_completed');
    const count = await app.preroll.db
      .selectFrom('comments')
      .select('id')
      .where('parent_id', '=', top.body.data.id)
      .execute();
    expect(count).toHaveLength(1);
  });

  it('completed must be a boolean → 400 invalid_completed, nothing written', async () => {
    const c = await post(owner.client, { body: 'typed', frame: 5 });
    const before = await row(c.body.data.id);
    const res = await patch(owner.client, c.body.data.id, { completed: 'yes' });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'invalid_completed' });
    expect(await row(c.body.data.id)).toEqual(before);
  });
});

describe('done notes in marker files', () => {
  it('status=done exports only done threads, status=open only open ones (CSV status column)', async () => {
    const done = await post(owner.client, { body: 'Exported done', frame: 300, completed: true });
    const open = await post(owner.client, { body: 'Exported open', frame: 301 });
    expect(done.status).toBe(201);
    expect(open.status).toBe(201);
    const onlyDone = await exportText(owner.client, versionId, 'format=csv&status=done');
    expect(onlyDone.status).toBe(200);
    expect(onlyDone.text).toContain('Exported done');
    expect(onlyDone.text).not.toContain('Exported open');
    const onlyOpen = await exportText(owner.client, versionId, 'format=csv&status=open');
    expect(onlyOpen.text).toContain('Exported open');
    expect(onlyOpen.text).not.toContain('Exported done');
  });
});

describe('ranges after posting', () => {
  it('duration_frames can be set, changed and cleared; replies follow; past the end → 422, nothing written', async () => {
    const top = await post(owner.client, { body: 'range me', frame: 100 });
    const reply = await post(owner.client, { body: 'ok', parent_id: top.body.data.id });
    const set = await patch(owner.client, top.body.data.id, { duration_frames: 25 });
    expect(set.status, set.text).toBe(200);
    expect(set.body.data).toMatchObject({ frame: 100, duration_frames: 25 });
    expect(await row(reply.body.data.id)).toMatchObject({ frame: 100, duration_frames: 25 });
    const moved = await patch(owner.client, top.body.data.id, { frame: 200, duration_frames: 50 });
    expect(moved.body.data).toMatchObject({ frame: 200, duration_frames: 50 });
    const before = await row(top.body.data.id);
    const past = await patch(owner.client, top.body.data.id, { duration_frames: 400 });
    expect(past.status).toBe(422);
    expect(past.body.error.code).toBe('frame_out_of_range');
    expect(await row(top.body.data.id)).toEqual(before);
    const cleared = await patch(owner.client, top.body.data.id, { duration_frames: null });
    expect(cleared.body.data).toMatchObject({ frame: 200, duration_frames: null });
  });

  it('a general comment has no range → 422 range_needs_frame, nothing written', async () => {
    const general = await post(owner.client, { body: 'general' });
    const before = await row(general.body.data.id);
    const res = await patch(owner.client, general.body.data.id, { duration_frames: 10 });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('range_needs_frame');
    expect(await row(general.body.data.id)).toEqual(before);
  });
});
