import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { createDeliverable, createPortalClient, createVersion } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { carryRows, note } from './carry-forward-fixtures.ts';

// Every refused carry-forward call names its problem with a stable code and writes nothing: no
// run, no job, no comment, no key (counted across the whole database before and after). No
// worker runs here: a run stays queued unless a test writes its outcome.

let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let stranger: Awaited<ReturnType<typeof signUp>>;
let portal: Awaited<ReturnType<typeof createPortalClient>>;
let v1: string;
let v2: string;
let v3: string;
let otherDeliverableVersion: string;
let noRate: string;
let strangerVersion: string;
let cutNote: string;
let placedNote: string;

const facts = { rate: [25, 1] as [number, number], durationFrames: 500 };
const url = (version: string, query = '') => `/api/v1/versions/${version}/carry-forward${query}`;

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
  owner = await signUp(app);
  stranger = await signUp(app);
  const { clientId, deliverableId } = await createDeliverable(app, owner.orgId, { status: 'submitted' });
  v1 = await createVersion(app, owner.orgId, deliverableId, facts);
  v2 = await createVersion(app, owner.orgId, deliverableId, facts);
  v3 = await createVersion(app, owner.orgId, deliverableId, facts);
  noRate = await createVersion(app, owner.orgId, deliverableId, { rate: null, durationFrames: null });
  const other = await createDeliverable(app, owner.orgId);
  otherDeliverableVersion = await createVersion(app, owner.orgId, other.deliverableId, facts);
  const theirs = await createDeliverable(app, stranger.orgId);
  await createVersion(app, stranger.orgId, theirs.deliverableId, facts);
  strangerVersion = await createVersion(app, stranger.orgId, theirs.deliverableId, facts);
  portal = await createPortalClient(app, owner.orgId, clientId);
  cutNote = await note(owner.client, v2, 100, 'In the cut');
  placedNote = await note(owner.client, v2, 200, 'Still there', { visibility: 'client' });
  // v3 against v2, finished: one note placed, one whose material is gone.
  const now = new Date().toISOString();
  await app.preroll.db
    .insertInto('carry_forward_runs')
    .values({
      id: newId(),
      org_id: owner.orgId,
      version_id: v3,
      from_version_id: v2,
      state: 'done',
      progress: 1,
      proposals_json: JSON.stringify([
        {
          comment_id: cutNote,
          from_frame: 100,
          label: 'removed',
          to_frame: null,
          offset_frames: null,
          score: 0.1,
          method: 'audio',
        },
        {
          comment_id: placedNote,
          from_frame: 200,
          label: 'moved',
          to_frame: 150,
          offset_frames: -50,
          score: 0.97,
          method: 'audio',
        },
      ]),
      error: null,
      created_at: now,
      updated_at: now,
    })
    .execute();
});
afterAll(async () => {
  await app?.close();
});

interface Refusal {
  status: number;
  body: { error: { code: string } & Record<string, unknown> };
}

async function refused(send: () => Promise<Refusal>, status: number, code: string) {
  const before = await carryRows(app);
  const res = await send();
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(await carryRows(app)).toEqual(before);
  return res.body.error;
}

describe('carry-forward refuses bad input and writes nothing', () => {
  it('a client (portal) gets 404 for GET and POST, as if the feature did not exist', async () => {
    await refused(() => portal.client.get(url(v3)), 404, 'not_found');
    await refused(() => portal.client.post(url(v3), { all: true }), 404, 'not_found');
  });

  it("another organization's version, as target or as ?from=: 404", async () => {
    await refused(() => owner.client.get(url(strangerVersion)), 404, 'not_found');
    await refused(() => owner.client.get(url(v2, `?from=${strangerVersion}`)), 404, 'not_found');
    await refused(() => stranger.client.post(url(v3), { all: true }), 404, 'not_found');
  });

  it('ids that are not UUIDs: 400 before any query', async () => {
    await refused(() => owner.client.get(url('not-a-uuid')), 400, 'invalid_id');
    await refused(() => owner.client.get(url(v2, '?from=42')), 400, 'invalid_from');
    await refused(() => owner.client.post(url(v3), { proposals: ['nope'] }), 400, 'invalid_proposals_0');
  });

  it('a body that is neither {all: true} nor a list of proposals: 400', async () => {
    await refused(() => owner.client.post(url(v3), {}), 400, 'invalid_body');
    await refused(() => owner.client.post(url(v3), { all: false }), 400, 'invalid_body');
    await refused(() => owner.client.post(url(v3), { proposals: [] }), 400, 'invalid_proposals');
    await refused(
      () => owner.client.post(url(v3), { all: true, proposals: [placedNote] }),
      400,
      'invalid_body',
    );
  });

  it('?from= naming the version itself: 422 carry_from_same_version', async () => {
    await refused(() => owner.client.get(url(v2, `?from=${v2}`)), 422, 'carry_from_same_version');
  });

  it('?from= naming a version of another deliverable: 422 carry_from_other_deliverable', async () => {
    await refused(
      () => owner.client.get(url(v2, `?from=${otherDeliverableVersion}`)),
      422,
      'carry_from_other_deliverable',
    );
  });

  it('the first version of a deliverable: 422 no_earlier_version', async () => {
    await refused(() => owner.client.get(url(v1)), 422, 'no_earlier_version');
  });

  it('a version without a frame rate: 422 version_not_alignable', async () => {
    await refused(() => owner.client.get(url(noRate, `?from=${v1}`)), 422, 'version_not_alignable');
  });

  it('apply before the alignment has finished: 422 carry_forward_not_ready', async () => {
    await refused(() => owner.client.post(url(v2), { all: true }), 422, 'carry_forward_not_ready');
  });

  it('apply naming a note that is no proposal of this alignment: 422 unknown_proposal, with the ids', async () => {
    const stray = newId();
    const error = await refused(
      () => owner.client.post(url(v3), { proposals: [placedNote, stray] }),
      422,
      'unknown_proposal',
    );
    expect(error.ids).toEqual([stray]);
  });

  it('apply naming a removed note: 422 proposal_has_no_frame, and the placed one beside it is not applied either', async () => {
    await refused(
      () => owner.client.post(url(v3), { proposals: [placedNote, cutNote] }),
      422,
      'proposal_has_no_frame',
    );
  });

  it('the first GET creates one run and one job; asking again creates nothing more', async () => {
    const before = await carryRows(app);
    const first = await owner.client.get(url(v2));
    expect(first.status).toBe(200);
    expect(first.body.data.job).toEqual({ state: 'queued', progress: 0, error: null });
    await owner.client.get(url(v2));
    await owner.client.get(url(v2, `?from=${v1}`));
    const after = await carryRows(app);
    expect(after.runs - before.runs).toBe(1);
    expect(after.jobs - before.jobs).toBe(1);
  });
});
