import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiKey, tusUpload } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { joinAs, makeTree } from './domain-fixtures.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.close();
});

/** A tree with one uploaded version; returns the path of its file on disk. */
async function treeWithUpload(owner: Awaited<ReturnType<typeof signUp>>) {
  const tree = await makeTree(owner.client);
  const apiKey = await createApiKey(owner.client);
  const { versionId } = await tusUpload(app, Buffer.from('not really a video, but bytes to keep'), {
    apiKey,
    metadata: {
      deliverable_id: tree.deliverable.id,
      filename: 'cut.bin',
      filetype: 'application/octet-stream',
    },
  });
  const row = await app.preroll.db
    .selectFrom('deliverable_versions')
    .select('storage_key')
    .where('id', '=', versionId!)
    .executeTakeFirstOrThrow();
  const file = path.join(app.dataDir, 'uploads', row.storage_key);
  expect(fs.existsSync(file)).toBe(true);
  return { tree, file };
}

describe('deleting what holds uploaded media', () => {
  it('a member may not delete a deliverable or episode with versions (403 admin_required_for_media), and nothing is removed', async () => {
    const owner = await signUp(app);
    const { tree, file } = await treeWithUpload(owner);
    const member = await joinAs(app, owner, 'member');
    for (const url of [
      `/api/v1/deliverables/${tree.deliverable.id}`,
      `/api/v1/episodes/${tree.episode.id}`,
    ]) {
      const res = await member.delete(url);
      expect(res.status).toBe(403);
      expect(res.body.error.code).toBe('admin_required_for_media');
    }
    expect(fs.existsSync(file)).toBe(true);
    expect((await owner.client.get(`/api/v1/deliverables/${tree.deliverable.id}`)).status).toBe(200);
  });

  it('a member may still delete an empty deliverable', async () => {
    const owner = await signUp(app);
    const tree = await makeTree(owner.client);
    const member = await joinAs(app, owner, 'member');
    expect((await member.delete(`/api/v1/deliverables/${tree.deliverable.id}`)).status).toBe(204);
  });

  for (const level of ['client', 'show', 'episode', 'deliverable'] as const) {
    it(`deleting a ${level} as an admin removes the version files from disk after the commit`, async () => {
      const owner = await signUp(app);
      const { tree, file } = await treeWithUpload(owner);
      const res = await owner.client.delete(`/api/v1/${level}s/${tree[level].id}`);
      expect(res.status).toBe(204);
      expect(fs.existsSync(file)).toBe(false);
      expect(fs.existsSync(`${file}.json`)).toBe(false);
    });
  }
});
