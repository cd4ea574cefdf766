import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/realtime/event-bus.ts';
import { createDeliverable, createMember, createVersion } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let clientId: string;
let deliverableId: string;
/** 23.976, 2000 frames, starts at 00:00:00:00. */
let v2398: string;
/** 29.97 drop-frame, starts at 01:00:00;00, ten minutes long. */
let v2997: string;
/** Audio-only: 1000/1, 90 s. */
let vAudio: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app, { name: 'Olivia Owner' });
  ({ clientId, deliverableId } = await createDeliverable(app, owner.orgId));
  v2398 = await createVersion(app, owner.orgId, deliverableId, { rate: [24000, 1001], durationFrames: 2000 });
  v2997 = await createVersion(app, owner.orgId, deliverableId, {
    rate: [30000, 1001],
    durationFrames: 17982,
    startFrame: 107892,
    dropFrame: true,
  });
  vAudio = await createVersion(app, owner.orgId, deliverableId, {
    rate: [1000, 1],
    durationFrames: 90_000,
    kind: 'audio',
  });
});
afterAll(async () => {
  await app?.close();
});

const post = (c: TestClient, version: string, body: Record<string, unknown>) =>
  c.post(`/api/v1/versions/${version}/comments`, body);
const list = async (c: TestClient, version: string) => {
  const res = await c.get(`/api/v1/versions/${version}/comments`);
  expect(res.status).toBe(200);
  // biome-ignore lint/suspicious/noExplicitAny: API JSON, asserted field by field
  return res.body.data as any[];
};
const countComments = async () =>
  Number(
    (
      await app.preroll.db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('positions: frame → seconds and SMPTE at the exact rate', () => {
  it('23.976: frame 1084 → 45.2118… s and 00:00:45:04', async () => {
    const res = await post(owner.client, v2398, { body: 'Color shift here', frame: 1084 });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({
      version_id: v2398,
      parent_id: null,
      author: { type: 'user', id: owner.userId, name: 'Olivia Owner' },
      body: 'Color shift here',
      visibility: 'client',
      source: 'preroll',
      frame: 1084,
      duration_frames: null,
      timecode: '00:00:45:04',
      edited_at: null,
      deleted: false,
      replies: [],
    });
    expect(res.body.data.timestamp).toBe((1084 * 1001) / 24000);
    expect(res.body.data.timestamp).toBeCloseTo(45.211833, 6);
  });

  it('29.97 DF with start timecode 01:00:00;00: frame 1800 → 01:01:00;02 and 60.06 s', async () => {
    const res = await post(owner.client, v2997, { body: 'one minute in', frame: 1800, duration_frames: 30 });
    expect(res.status).toBe(201);
    expect(res.body.data).toMatchObject({ frame: 1800, duration_frames: 30, timecode: '01:01:00;02' });
    expect(res.body.data.timestamp).toBe(60.06);
  });

  it('timecode input is read at the version rate with its start timecode', async () => {
    const df = await post(owner.client, v2997, { body: 'by timecode', timecode: '01:01:00;02' });
    expect(df.status).toBe(201);
    expect(df.body.data.frame).toBe(1800);
    const first = await post(owner.client, v2997, { body: 'first frame', timecode: '01:00:00;00' });
    expect(first.body.data).toMatchObject({ frame: 0, timecode: '01:00:00;00', timestamp: 0 });
    const ndf = await post(owner.client, v2398, { body: 'ndf', timecode: '00:00:45:04' });
    expect(ndf.body.data.frame).toBe(1084);
  });

  it('audio-only positions are milliseconds', async () => {
    const res = await post(owner.client, vAudio, { body: 'breath', frame: 1500 });
    expect(res.status).toBe(201);
    expect(res.body.data.timestamp).toBe(1.5);
    expect(res.body.data.timecode).toMatch(/^00:00:01[:;]500$/);
  });

  it('a label drop-frame skips → 400 invalid_timecode; ";" on a non-drop version → 400 invalid_timecode', async () => {
    const before = await countComments();
    const skipped = await post(owner.client, v2997, { body: 'x', timecode: '01:01:00;00' });
    expect(skipped.status).toBe(400);
    expect(skipped.body.error.code).toBe('invalid_timecode');
    const semicolon = await post(owner.client, v2398, { body: 'x', timecode: '00:00:01;00' });
    expect(semicolon.status).toBe(400);
    expect(semicolon.body.error.code).toBe('invalid_timecode');
    expect(await countComments()).toBe(before);
  });

  it('a frame beyond the duration → 422 frame_out_of_range (also a timecode before the start, and a range past the end)', async () => {
    const before = await countComments();
    const past = await post(owner.client, v2398, { body: 'x', frame: 2000 });
    expect(past.status).toBe(422);
    expect(past.body.error).toMatchObject({ code: 'frame_out_of_range', version_duration_frames: 2000 });
    const beforeStart = await post(owner.client, v2997, { body: 'x', timecode: '00:59:59;29' });
    expect(beforeStart.status).toBe(422);
    expect(beforeStart.body.error.code).toBe('frame_out_of_range');
    const longRange = await post(owner.client, v2398, { body: 'x', frame: 1990, duration_frames: 11 });
    expect(longRange.status).toBe(422);
    expect((await post(owner.client, v2398, { body: 'last frame', frame: 1999 })).status).toBe(201);
    expect(await countComments()).toBe(before + 1);
  });
});

describe('threads', () => {
  it('lists threads by frame, then by creation, general comments last; replies nested and inheriting', async () => {
    const d = await createDeliverable(app, owner.orgId, { clientId });
    const v = await createVersion(app, owner.orgId, d.deliverableId, { rate: [25, 1], durationFrames: 1000 });
    const late = await post(owner.client, v, { body: 'late', frame: 500 });
    const early = await post(owner.client, v, { body: 'early', frame: 10, visibility: 'internal' });
    const early2 = await post(owner.client, v, { body: 'early too', frame: 10 });
    const general = await post(owner.client, v, { body: 'overall: nice' });
    const reply = await post(owner.client, v, { body: 'agreed', parent_id: early.body.data.id });
    expect(reply.status).toBe(201);
    expect(reply.body.data).toMatchObject({
      parent_id: early.body.data.id,
      frame: 10,
      visibility: 'internal',
      timecode: '00:00:00:10',
    });

    const threads = await list(owner.client, v);
    expect(threads.map((t) => t.body)).toEqual(['early', 'early too', 'late', 'overall: nice']);
    expect(threads[0].replies.map((r: { id: string }) => r.id)).toEqual([reply.body.data.id]);
    expect(threads.flatMap((t) => t.replies)).toHaveLength(1);
    void late;
    void early2;
    void general;
  });

  it('a reply must not set a different frame or visibility (422 reply_inherits_parent)', async () => {
    const top = await post(owner.client, v2398, { body: 'top', frame: 100 });
    const res = await post(owner.client, v2398, { body: 'reply', parent_id: top.body.data.id, frame: 101 });
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('reply_inherits_parent');
    const same = await post(owner.client, v2398, { body: 'reply', parent_id: top.body.data.id, frame: 100 });
    expect(same.status).toBe(201);
  });

  it('parent on another version → 422 invalid_parent_id; a reply to a reply → 422; nothing written', async () => {
    const onOther = await post(owner.client, v2997, { body: 'elsewhere', frame: 1 });
    const top = await post(owner.client, v2398, { body: 'top', frame: 5 });
    const reply = await post(owner.client, v2398, { body: 'reply', parent_id: top.body.data.id });
    const before = await countComments();
    const cross = await post(owner.client, v2398, { body: 'x', parent_id: onOther.body.data.id });
    expect(cross.status).toBe(422);
    expect(cross.body.error.code).toBe('invalid_parent_id');
    const nested = await post(owner.client, v2398, { body: 'x', parent_id: reply.body.data.id });
    expect(nested.status).toBe(422);
    expect(nested.body.error.code).toBe('invalid_parent_id');
    expect(await countComments()).toBe(before);
  });
});

describe('edit and delete', () => {
  it('the author edits the body (edited_at set); another member → 403 not_author but may change visibility', async () => {
    const c = await post(owner.client, v2398, { body: 'typo', frame: 3 });
    const edited = await owner.client.patch(`/api/v1/comments/${c.body.data.id}`, { body: 'fixed' });
    expect(edited.status).toBe(200);
    expect(edited.body.data.body).toBe('fixed');
    expect(edited.body.data.edited_at).toEqual(expect.any(String));

    const member = await createMember(app, owner.orgId, 'member');
    const hijack = await member.client.patch(`/api/v1/comments/${c.body.data.id}`, { body: 'mine now' });
    expect(hijack.status).toBe(403);
    expect(hijack.body.error.code).toBe('not_author');
    const stored = await app.preroll.db
      .selectFrom('comments')
      .select('body')
      .where('id', '=', c.body.data.id)
      .executeTakeFirstOrThrow();
    expect(stored.body).toBe('fixed');

    const reply = await post(owner.client, v2398, { body: 'reply', parent_id: c.body.data.id });
    const moved = await member.client.patch(`/api/v1/comments/${c.body.data.id}`, {
      visibility: 'internal',
      frame: 40,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.data).toMatchObject({ visibility: 'internal', frame: 40, timecode: '00:00:01:16' });
    const thread = (await list(owner.client, v2398)).find((t) => t.id === c.body.data.id);
    expect(thread.replies[0]).toMatchObject({ id: reply.body.data.id, visibility: 'internal', frame: 40 });

    const replyMove = await owner.client.patch(`/api/v1/comments/${reply.body.data.id}`, { frame: 41 });
    expect(replyMove.status).toBe(422);
    expect(replyMove.body.error.code).toBe('reply_inherits_parent');
    const outOfRange = await owner.client.patch(`/api/v1/comments/${c.body.data.id}`, { frame: 5000 });
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body.error.code).toBe('frame_out_of_range');
  });

  it('delete: a non-author member → 403; the author leaves a tombstone while replies exist, else it disappears', async () => {
    const d = await createDeliverable(app, owner.orgId, { clientId });
    const v = await createVersion(app, owner.orgId, d.deliverableId, { rate: [24, 1], durationFrames: 500 });
    const withReplies = await post(owner.client, v, { body: 'thread', frame: 1 });
    const reply = await post(owner.client, v, { body: 'reply', parent_id: withReplies.body.data.id });
    const alone = await post(owner.client, v, { body: 'alone', frame: 2 });

    const member = await createMember(app, owner.orgId, 'member');
    const denied = await member.client.delete(`/api/v1/comments/${withReplies.body.data.id}`);
    expect(denied.status).toBe(403);
    expect(denied.body.error.code).toBe('not_author');

    expect((await owner.client.delete(`/api/v1/comments/${withReplies.body.data.id}`)).status).toBe(204);
    expect((await owner.client.delete(`/api/v1/comments/${alone.body.data.id}`)).status).toBe(204);
    const threads = await list(owner.client, v);
    expect(threads).toHaveLength(1);
    expect(threads[0]).toMatchObject({ id: withReplies.body.data.id, deleted: true, body: null, frame: 1 });
    expect(threads[0].replies.map((r: { id: string }) => r.id)).toEqual([reply.body.data.id]);
    const row = await app.preroll.db
      .selectFrom('comments')
      .selectAll()
      .where('id', '=', withReplies.body.data.id)
      .executeTakeFirstOrThrow();
    expect(row.body).toBe('');
    expect(row.deleted_at).toEqual(expect.any(String));

    expect((await owner.client.delete(`/api/v1/comments/${withReplies.body.data.id}`)).status).toBe(404);
    expect(
      (await owner.client.patch(`/api/v1/comments/${withReplies.body.data.id}`, { body: 'back' })).status,
    ).toBe(404);

    // Deleting the last reply removes the tombstone too.
    expect((await owner.client.delete(`/api/v1/comments/${reply.body.data.id}`)).status).toBe(204);
    expect(await list(owner.client, v)).toHaveLength(0);
  });

  it("an admin may delete someone else's comment", async () => {
    const member = await createMember(app, owner.orgId, 'member', 'Mira');
    const c = await post(member.client, v2398, { body: 'by mira', frame: 8 });
    expect(c.body.data.author.name).toBe('Mira');
    expect((await owner.client.delete(`/api/v1/comments/${c.body.data.id}`)).status).toBe(204);
  });
});

describe('verbatim text and events', () => {
  it('stores and returns markup verbatim, never escaped or interpreted', async () => {
    const text = '<img src=x onerror=alert(1)> & "quotes" \u{1F3AC}\n  indented';
    const res = await post(owner.client, v2398, { body: text, frame: 12 });
    expect(res.status).toBe(201);
    expect(res.body.data.body).toBe(text);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const threads = await list(owner.client, v2398);
    expect(threads.find((t) => t.id === res.body.data.id)?.body).toBe(text);
    const row = await app.preroll.db
      .selectFrom('comments')
      .select('body')
      .where('id', '=', res.body.data.id)
      .executeTakeFirstOrThrow();
    expect(row.body).toBe(text);
  });

  it('publishes comment.created/updated/deleted after commit, with client_id and visibility but no text', async () => {
    const events: RealtimeEvent[] = [];
    const off = app.preroll.events.subscribe(owner.orgId, (e) => events.push(e));
    const c = await post(owner.client, v2398, { body: 'watch me', frame: 20 });
    await owner.client.patch(`/api/v1/comments/${c.body.data.id}`, { body: 'watched' });
    await owner.client.delete(`/api/v1/comments/${c.body.data.id}`);
    off();
    const mine = events.filter((e) => e.data.id === c.body.data.id);
    expect(mine.map((e) => e.type)).toEqual(['comment.created', 'comment.updated', 'comment.deleted']);
    expect(mine[0]!.data).toMatchObject({
      version_id: v2398,
      deliverable_id: deliverableId,
      visibility: 'client',
      client_id: clientId,
      frame: 20,
    });
    expect(JSON.stringify(mine)).not.toContain('watch');
  });
});

describe('bad input', () => {
  const cases: Array<[string, Record<string, unknown>, string]> = [
    ['empty body', { body: '' }, 'invalid_body'],
    ['blank body', { body: '   \n' }, 'invalid_body'],
    ['body over 10000 characters', { body: 'x'.repeat(10_001) }, 'invalid_body'],
    ['missing body', { frame: 1 }, 'invalid_body'],
    ['negative frame', { body: 'x', frame: -1 }, 'invalid_frame'],
    ['fractional frame', { body: 'x', frame: 1.5 }, 'invalid_frame'],
    ['duration without frame', { body: 'x', duration_frames: 10 }, 'invalid_duration_frames'],
    ['zero duration', { body: 'x', frame: 1, duration_frames: 0 }, 'invalid_duration_frames'],
    ['frame and timecode together', { body: 'x', frame: 1, timecode: '00:00:00:01' }, 'invalid_timecode'],
    ['malformed timecode', { body: 'x', timecode: '1:2:3' }, 'invalid_timecode'],
    ['unknown visibility', { body: 'x', visibility: 'public' }, 'invalid_visibility'],
    ['parent_id not a uuid', { body: 'x', parent_id: 'abc' }, 'invalid_parent_id'],
    ['unknown field', { body: 'x', author_name: 'Spoof' }, 'unknown_field_author_name'],
  ];
  for (const [name, body, code] of cases) {
    it(`${name} → 400 ${code}, nothing written`, async () => {
      const before = await countComments();
      const res = await post(owner.client, v2398, body);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe(code);
      expect(await countComments()).toBe(before);
    });
  }

  it('PATCH with nothing to change → 400; unknown field → 400', async () => {
    const c = await post(owner.client, v2398, { body: 'x', frame: 1 });
    expect((await owner.client.patch(`/api/v1/comments/${c.body.data.id}`, {})).status).toBe(400);
    const unknown = await owner.client.patch(`/api/v1/comments/${c.body.data.id}`, { parent_id: null });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_field_parent_id');
  });

  it('unauthenticated → 401', async () => {
    const res = await app.client().get(`/api/v1/versions/${v2398}/comments`);
    expect(res.status).toBe(401);
  });
});
