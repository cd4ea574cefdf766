import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RealtimeEvent } from '../../src/realtime/event-bus.ts';
import { ActivityRepository } from '../../src/repositories/activity.repository.ts';
import type { TestClient, TestResponse } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { activityRows, joinAs, makeDeliverable, makeTree, type Owner } from './domain-fixtures.ts';

let app: TestApp;
let owner: Owner;
let episodeId: string;
let clientId: string;
beforeAll(async () => {
  app = await startTestApp();
  owner = await signUp(app);
  const tree = await makeTree(owner.client);
  episodeId = tree.episode.id;
  clientId = tree.client.id;
});
afterAll(async () => {
  await app?.close();
});

type Action = 'submit' | 'approve' | 'request-revision';
const ACTIONS: Action[] = ['submit', 'approve', 'request-revision'];
type Status = 'draft' | 'submitted' | 'approved' | 'revision_requested' | 'resubmitted';

/** The lifecycle table under test, written out independently of the implementation. */
const VALID: Record<Status, Partial<Record<Action, Status>>> = {
  draft: { submit: 'submitted' },
  submitted: { approve: 'approved', 'request-revision': 'revision_requested' },
  revision_requested: { submit: 'resubmitted' },
  resubmitted: { approve: 'approved', 'request-revision': 'revision_requested' },
  approved: {},
};

/** The shortest path of actions from draft to each status. */
const PATH_TO: Record<Status, Action[]> = {
  draft: [],
  submitted: ['submit'],
  revision_requested: ['submit', 'request-revision'],
  resubmitted: ['submit', 'request-revision', 'submit'],
  approved: ['submit', 'approve'],
};

async function deliverableIn(status: Status, c: TestClient = owner.client): Promise<string> {
  const d = await makeDeliverable(c, episodeId);
  for (const action of PATH_TO[status]) {
    const res = await c.post(`/api/v1/deliverables/${d.id}/${action}`);
    expect(res.status).toBe(200);
  }
  expect((await c.get(`/api/v1/deliverables/${d.id}`)).body.data.status).toBe(status);
  return d.id;
}

describe('every transition', () => {
  for (const from of Object.keys(VALID) as Status[]) {
    for (const action of ACTIONS) {
      const to = VALID[from][action];
      if (to) {
        it(`${from} --${action}--> ${to}: 200, one activity row, realtime event after commit`, async () => {
          const id = await deliverableIn(from);
          const before = (await activityRows(app, id)).length;
          const events: RealtimeEvent[] = [];
          const unsubscribe = app.preroll.events.subscribe(owner.orgId, (e) => events.push(e));
          const res = await owner.client.post(
            `/api/v1/deliverables/${id}/${action}`,
            action === 'request-revision' ? { note: 'Trim the intro' } : {},
          );
          unsubscribe();
          expect(res.status).toBe(200);
          expect(res.body.data).toMatchObject({ id, status: to });
          const rows = await activityRows(app, id);
          expect(rows).toHaveLength(before + 1);
          const row = rows.at(-1)!;
          expect(row).toMatchObject({
            org_id: owner.orgId,
            episode_id: episodeId,
            subject_type: 'deliverable',
            action: 'status_changed',
            actor_type: 'user',
            actor_id: owner.userId,
          });
          expect(row.actor_name).toMatch(/^Owner /);
          expect(JSON.parse(row.data_json)).toEqual({
            from,
            to,
            note: action === 'request-revision' ? 'Trim the intro' : null,
            title: expect.any(String),
          });
          expect(events.filter((e) => e.type === 'deliverable.status_changed')).toEqual([
            {
              type: 'deliverable.status_changed',
              data: expect.objectContaining({ id, episode_id: episodeId, client_id: clientId, from, to }),
            },
          ]);
        });
      } else {
        it(`${from} --${action}--> 409 invalid_transition, status unchanged, no activity`, async () => {
          const id = await deliverableIn(from);
          const before = await activityRows(app, id);
          const res = await owner.client.post(`/api/v1/deliverables/${id}/${action}`);
          expect(res.status).toBe(409);
          expect(res.body.error).toMatchObject({ code: 'invalid_transition', status: from });
          expect((await owner.client.get(`/api/v1/deliverables/${id}`)).body.data.status).toBe(from);
          expect(await activityRows(app, id)).toEqual(before);
        });
      }
    }
  }
});

describe('lifecycle', () => {
  it('goes around the revision loop several times, each step logged in order', async () => {
    const id = await deliverableIn('draft');
    const steps: Action[] = ['submit', 'request-revision', 'submit', 'request-revision', 'submit', 'approve'];
    for (const action of steps)
      expect((await owner.client.post(`/api/v1/deliverables/${id}/${action}`)).status).toBe(200);
    const feed = await owner.client.get(`/api/v1/activity?deliverable_id=${id}`);
    const transitions = feed.body.data
      .filter((r: { action: string }) => r.action === 'status_changed')
      .map((r: { data: { from: string; to: string } }) => `${r.data.from}>${r.data.to}`)
      .reverse();
    expect(transitions).toEqual([
      'draft>submitted',
      'submitted>revision_requested',
      'revision_requested>resubmitted',
      'resubmitted>revision_requested',
      'revision_requested>resubmitted',
      'resubmitted>approved',
    ]);
    expect(feed.body.data[0].actor).toMatchObject({ type: 'user', id: owner.userId });
  });

  it('a plain member may take every step', async () => {
    const member = await joinAs(app, owner, 'member');
    const id = await deliverableIn('draft', member);
    for (const action of ['submit', 'request-revision', 'submit', 'approve'] as Action[]) {
      expect((await member.post(`/api/v1/deliverables/${id}/${action}`)).status).toBe(200);
    }
  });

  it('a failed write rolls the status change back: no status change and no activity row', async () => {
    const id = await deliverableIn('draft');
    const before = await activityRows(app, id);
    const original = ActivityRepository.prototype.insert;
    ActivityRepository.prototype.insert = async () => {
      throw new Error('disk full (simulated)');
    };
    let res: TestResponse;
    try {
      res = await owner.client.post(`/api/v1/deliverables/${id}/submit`);
    } finally {
      ActivityRepository.prototype.insert = original;
    }
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe('internal_error');
    expect((await owner.client.get(`/api/v1/deliverables/${id}`)).body.data.status).toBe('draft');
    expect(await activityRows(app, id)).toEqual(before);
    // …and the deliverable still works afterwards.
    expect((await owner.client.post(`/api/v1/deliverables/${id}/submit`)).status).toBe(200);
  });

  it('two concurrent approvals: exactly one wins, one activity row', async () => {
    const id = await deliverableIn('submitted');
    const results = await Promise.all([
      owner.client.post(`/api/v1/deliverables/${id}/approve`),
      owner.client.post(`/api/v1/deliverables/${id}/approve`),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const approvals = (await activityRows(app, id)).filter((r) => JSON.parse(r.data_json).to === 'approved');
    expect(approvals).toHaveLength(1);
  });

  it('the activity feed pages newest first without duplicates or gaps', async () => {
    const id = await deliverableIn('draft');
    for (let i = 0; i < 4; i++) {
      await owner.client.post(`/api/v1/deliverables/${id}/submit`);
      await owner.client.post(`/api/v1/deliverables/${id}/request-revision`);
    }
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: TestResponse = await owner.client.get(
        `/api/v1/activity?deliverable_id=${id}&limit=3${cursor ? `&cursor=${cursor}` : ''}`,
      );
      all.push(...res.body.data.map((r: { id: string }) => r.id));
      cursor = res.body.next_cursor;
    } while (cursor);
    const expected = (await activityRows(app, id)).map((r) => r.id).reverse();
    expect(expected).toHaveLength(9);
    expect(all).toEqual(expected);
  });

  it('lifecycle bad input: unknown field in request-revision body, note too long, bad id', async () => {
    const id = await deliverableIn('submitted');
    const unknown = await owner.client.post(`/api/v1/deliverables/${id}/request-revision`, { reason: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unknown_field_reason');
    const long = await owner.client.post(`/api/v1/deliverables/${id}/request-revision`, {
      note: 'x'.repeat(5001),
    });
    expect(long.status).toBe(400);
    expect(long.body.error.code).toBe('invalid_note');
    const approveBody = await owner.client.post(`/api/v1/deliverables/${id}/approve`, { status: 'approved' });
    expect(approveBody.status).toBe(400);
    expect(approveBody.body.error.code).toBe('unknown_field_status');
    expect((await owner.client.get(`/api/v1/deliverables/${id}`)).body.data.status).toBe('submitted');
    const badId = await owner.client.post('/api/v1/deliverables/nope/approve');
    expect(badId.status).toBe(400);
    expect(badId.body.error.code).toBe('invalid_id');
    const unknownId = await owner.client.post(
      '/api/v1/deliverables/0190f0f0-0000-7000-8000-000000000000/approve',
    );
    expect(unknownId.status).toBe(404);
  });
});
