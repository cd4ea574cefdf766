import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { insertVersion } from '../helpers/seed-rows.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import {
  type CountedTable,
  countInOrg,
  makeDeliverable,
  makeEpisode,
  makeShow,
  makeTree,
} from './domain-fixtures.ts';

/** Deleting a client, show or episode removes everything under it, and nothing beside it. */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

const count = (table: CountedTable, orgId: string) => countInOrg(app, table, orgId);

describe('cascading deletes', () => {
  it('deleting a client removes its shows, episodes, deliverables, portal users (SQLite too)', async () => {
    const o = await signUp(app);
    const t = await makeTree(o.client);
    await makeDeliverable(o.client, t.episode.id);
    expect(
      (await o.client.post(`/api/v1/clients/${t.client.id}/portal-users`, { email: 'p@c.test', name: 'P' }))
        .status,
    ).toBe(201);
    expect((await o.client.delete(`/api/v1/clients/${t.client.id}`)).status).toBe(204);
    for (const table of ['clients', 'shows', 'episodes', 'deliverables', 'portal_users'] as const) {
      expect(await count(table, o.orgId)).toBe(0);
    }
    expect((await o.client.get(`/api/v1/deliverables/${t.deliverable.id}`)).status).toBe(404);
  });

  it('the cascade reaches versions and threaded comments too', async () => {
    const o = await signUp(app);
    const t = await makeTree(o.client);
    const db = app.preroll.db;
    const now = new Date().toISOString();
    const versionId = await insertVersion(db, o.orgId, t.deliverable.id, {
      rate: [24000, 1001],
      durationFrames: 48,
      row: {
        original_filename: 'cut.mp4',
        content_type: 'video/mp4',
        size_bytes: 1,
        uploaded_by: o.userId,
      },
    });
    const comment = (id: string, parentId: string | null) => ({
      id,
      org_id: o.orgId,
      version_id: versionId,
      deliverable_id: t.deliverable.id,
      parent_id: parentId,
      author_type: 'user' as const,
      author_user_id: o.userId,
      author_portal_user_id: null,
      author_name: 'Owner',
      body: 'note',
      visibility: 'internal' as const,
      frame: 12,
      duration_frames: null,
      source: 'preroll' as const,
      edited_at: null,
      deleted_at: null,
      created_at: now,
      updated_at: now,
    });
    const parent = newId();
    await db.insertInto('comments').values(comment(parent, null)).execute();
    await db.insertInto('comments').values(comment(newId(), parent)).execute();
    expect((await o.client.delete(`/api/v1/clients/${t.client.id}`)).status).toBe(204);
    expect(
      await db.selectFrom('deliverable_versions').select('id').where('org_id', '=', o.orgId).execute(),
    ).toEqual([]);
    expect(await db.selectFrom('comments').select('id').where('org_id', '=', o.orgId).execute()).toEqual([]);
  });

  it('deleting a show removes its episodes and deliverables but not sibling shows', async () => {
    const o = await signUp(app);
    const t = await makeTree(o.client);
    const sibling = await makeShow(o.client, t.client.id);
    const siblingEp = await makeEpisode(o.client, sibling.id);
    expect((await o.client.delete(`/api/v1/shows/${t.show.id}`)).status).toBe(204);
    expect((await o.client.get(`/api/v1/episodes/${t.episode.id}`)).status).toBe(404);
    expect((await o.client.get(`/api/v1/deliverables/${t.deliverable.id}`)).status).toBe(404);
    expect((await o.client.get(`/api/v1/episodes/${siblingEp.id}`)).status).toBe(200);
  });

  it('deleting an episode removes its deliverables', async () => {
    const o = await signUp(app);
    const t = await makeTree(o.client);
    expect((await o.client.delete(`/api/v1/episodes/${t.episode.id}`)).status).toBe(204);
    expect(await count('deliverables', o.orgId)).toBe(0);
  });
});
