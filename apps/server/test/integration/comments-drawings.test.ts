import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverable, createMember, createVersion } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

/** Drawings on a comment's frame: normalised vector JSON, validated strictly, size-limited. */
let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let versionId: string;

beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app, { name: 'Olivia Owner' });
  const { deliverableId } = await createDeliverable(app, owner.orgId);
  versionId = await createVersion(app, owner.orgId, deliverableId, { rate: [25, 1], durationFrames: 500 });
});
afterAll(async () => {
  await app?.close();
});

const GOOD = {
  version: 1,
  shapes: [
    {
      type: 'pen',
      colour: '#ff3b30',
      width: 0.004,
      points: [
        [0.1, 0.1],
        [0.2, 0.25],
        [0.3, 0.2],
      ],
    },
    { type: 'arrow', colour: '#ffcc00', width: 0.006, from: [0.5, 0.5], to: [0.7, 0.3] },
    { type: 'rect', colour: '#34c759', width: 0.003, x: 0.6, y: 0.6, w: 0.3, h: 0.2 },
    { type: 'ellipse', colour: '#0a84ff', width: 0.003, x: 0, y: 0, w: 1, h: 1 },
    { type: 'text', colour: '#ffffff', at: [0.05, 0.9], size: 0.05, text: 'logo here' },
  ],
};

const post = (c: TestClient, body: Record<string, unknown>) =>
  c.post(`/api/v1/versions/${versionId}/comments`, body);
const count = async () =>
  Number(
    (
      await app.preroll.db
        .selectFrom('comments')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('drawings', () => {
  it('a drawing is stored with the comment and returned as sent; null removes it', async () => {
    const res = await post(owner.client, { body: 'See the circle', frame: 12, drawing: GOOD });
    expect(res.status, res.text).toBe(201);
    expect(res.body.data.drawing).toEqual(GOOD);
    const listed = await owner.client.get(`/api/v1/versions/${versionId}/comments`);
    expect(listed.body.data.find((c: { id: string }) => c.id === res.body.data.id).drawing).toEqual(GOOD);
    const removed = await owner.client.request('PATCH', `/api/v1/comments/${res.body.data.id}`, {
      drawing: null,
    });
    expect(removed.status).toBe(200);
    expect(removed.body.data.drawing).toBeNull();
  });

  it.each([
    [
      'a coordinate outside the picture',
      { ...GOOD, shapes: [{ ...GOOD.shapes[1], to: [1.5, 0.2] }] },
      'shapes.0.to.0',
    ],
    ['a box reaching outside', { version: 1, shapes: [{ ...GOOD.shapes[2], x: 0.8, w: 0.3 }] }, 'shapes.0'],
    ['an unknown shape type', { version: 1, shapes: [{ type: 'star', colour: '#ff3b30' }] }, 'shapes.0.type'],
    ['an unknown field', { version: 1, shapes: [{ ...GOOD.shapes[1], dashed: true }] }, 'dashed'],
    ['a colour not offered', { version: 1, shapes: [{ ...GOOD.shapes[1], colour: 'red' }] }, 'colour'],
    ['a pen with one point', { version: 1, shapes: [{ ...GOOD.shapes[0], points: [[0.1, 0.1]] }] }, 'points'],
    ['no shapes', { version: 1, shapes: [] }, 'shapes'],
    ['another format version', { ...GOOD, version: 2 }, 'version'],
    ['a string of JSON instead of an object', JSON.stringify(GOOD), ''],
    ['NaN-like text as a number', { version: 1, shapes: [{ ...GOOD.shapes[1], width: '0.1' }] }, 'width'],
  ])(
    'bad geometry (%s) → 400 invalid_drawing naming where, nothing written',
    async (_name, drawing, where) => {
      const before = await count();
      const res = await post(owner.client, { body: 'bad', frame: 3, drawing });
      expect(res.status, res.text).toBe(400);
      expect(res.body.error).toMatchObject({ code: 'invalid_drawing', field: 'drawing' });
      expect(res.body.error.message).toContain(where);
      expect(await count()).toBe(before);
    },
  );

  it('over the size limit → 400 drawing_too_large, nothing written', async () => {
    const points = Array.from({ length: 1_999 }, (_, i) => [i / 2000 + 0.000123456789, 0.123456789012345]);
    const shapes = Array.from({ length: 4 }, () => ({
      type: 'pen',
      colour: '#ff3b30',
      width: 0.004,
      points,
    }));
    const before = await count();
    const res = await post(owner.client, { body: 'huge', frame: 3, drawing: { version: 1, shapes } });
    expect(res.status, res.text.slice(0, 300)).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'drawing_too_large', field: 'drawing' });
    expect(await count()).toBe(before);
  });

  it('a general comment cannot carry a drawing → 422 drawing_needs_frame; only the author changes one → 403', async () => {
    const before = await count();
    const general = await post(owner.client, { body: 'general', drawing: GOOD });
    expect(general.status).toBe(422);
    expect(general.body.error.code).toBe('drawing_needs_frame');
    expect(await count()).toBe(before);
    const placed = await post(owner.client, { body: 'placed', frame: 40, drawing: GOOD });
    const toGeneral = await owner.client.request('PATCH', `/api/v1/comments/${placed.body.data.id}`, {
      frame: null,
    });
    expect(toGeneral.status).toBe(422);
    expect(toGeneral.body.error.code).toBe('drawing_needs_frame');
    const morgan = await createMember(app, owner.orgId, 'member');
    const theirs = await morgan.client.request('PATCH', `/api/v1/comments/${placed.body.data.id}`, {
      drawing: null,
    });
    expect(theirs.status).toBe(403);
    expect(theirs.body.error.code).toBe('not_author');
    const row = await app.preroll.db
      .selectFrom('comments')
      .select(['frame', 'drawing_json'])
      .where('id', '=', placed.body.data.id)
      .executeTakeFirstOrThrow();
    expect(row.frame).toBe(40);
    expect(JSON.parse(row.drawing_json!)).toEqual(GOOD);
  });

  it('deleting a comment erases its drawing with its text', async () => {
    const c = await post(owner.client, { body: 'to delete', frame: 50, drawing: GOOD });
    await post(owner.client, { body: 'reply keeps the thread', parent_id: c.body.data.id });
    expect((await owner.client.request('DELETE', `/api/v1/comments/${c.body.data.id}`)).status).toBe(204);
    const row = await app.preroll.db
      .selectFrom('comments')
      .select('drawing_json')
      .where('id', '=', c.body.data.id)
      .executeTakeFirstOrThrow();
    expect(row.drawing_json).toBeNull();
  });
});
