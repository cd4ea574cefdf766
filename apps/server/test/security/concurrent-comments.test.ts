import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverable, createMember, createPortalClient, createVersion } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * Attack: a burst of writes at the same moment (a review session where everyone comments at once,
 * a client script, a flood) hoping the server drops, merges or doubles some of them, or fails
 * with a database busy error.
 * Promise: 200 comments posted concurrently are each answered 201 and stored exactly once.
 */
const COUNT = 200;
let app: TestApp;
let versionId: string;
let authors: TestClient[];

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
  const owner = await signUp(app);
  const { clientId, deliverableId } = await createDeliverable(app, owner.orgId);
  versionId = await createVersion(app, owner.orgId, deliverableId, { rate: [24, 1], durationFrames: 10_000 });
  const member = await createMember(app, owner.orgId, 'member');
  const portal = await createPortalClient(app, owner.orgId, clientId);
  authors = [owner.client, member.client, portal.client];
});
afterAll(async () => {
  await app?.close();
});

describe('concurrent comment posts', () => {
  it(`${COUNT} comments posted at once by two team members and a client: each answered 201 and stored exactly once`, async () => {
    const bodies = Array.from({ length: COUNT }, (_, i) => `Note ${i}: check frame ${i * 7}`);
    const results = await Promise.all(
      bodies.map((body, i) =>
        authors[i % authors.length]!.post(`/api/v1/versions/${versionId}/comments`, { body, frame: i * 7 }),
      ),
    );
    expect(results.filter((r) => r.status !== 201).map((r) => `${r.status} ${r.text}`)).toEqual([]);
    const returnedIds = new Set(results.map((r) => r.body.data.id as string));
    expect(returnedIds.size).toBe(COUNT);

    const rows = await app.preroll.db
      .selectFrom('comments')
      .select(['id', 'body'])
      .where('version_id', '=', versionId)
      .execute();
    expect(rows).toHaveLength(COUNT);
    expect(new Set(rows.map((r) => r.id))).toEqual(returnedIds);
    expect(rows.map((r) => r.body).sort()).toEqual([...bodies].sort());
  });
});
