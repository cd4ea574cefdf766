import fs from 'node:fs';
import path from 'node:path';
import { createVersion } from '../helpers/factories.ts';
import type { TestClient } from '../helpers/http-client.ts';
import type { TestApp } from '../helpers/test-app.ts';

/** A ready 25 fps version whose stored file is the given clip (as an upload would leave it). */
export async function versionWithClip(
  app: TestApp,
  orgId: string,
  deliverableId: string,
  clip: string,
  seconds: number,
): Promise<string> {
  const id = await createVersion(app, orgId, deliverableId, { rate: [25, 1], durationFrames: seconds * 25 });
  const target = path.join(app.dataDir, 'uploads', 'tus', `fixture-${id}`);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(clip, target);
  return id;
}

export async function note(client: TestClient, versionId: string, frame: number, body: string, extra = {}) {
  const res = await client.post(`/api/v1/versions/${versionId}/comments`, { body, frame, ...extra });
  if (res.status !== 201) throw new Error(`comment: ${res.status} ${res.text}`);
  return res.body.data.id as string;
}

/** GETs the carry-forward until its job has finished (the first GET starts it). */
export async function proposalsWhenDone(client: TestClient, versionId: string, query = '') {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const res = await client.get(`/api/v1/versions/${versionId}/carry-forward${query}`);
    if (res.status !== 200) throw new Error(`carry-forward: ${res.status} ${res.text}`);
    const state = res.body.data.job.state as string;
    if (state === 'done' || state === 'failed') return res.body.data;
    if (Date.now() > deadline) throw new Error(`carry-forward still ${state}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Rows carrying writes, counted across the whole database (nothing half-written). */
export async function carryRows(app: TestApp) {
  const count = async (table: 'comments' | 'comment_import_keys' | 'carry_forward_runs' | 'jobs') =>
    Number(
      (
        await app.preroll.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    comments: await count('comments'),
    keys: await count('comment_import_keys'),
    runs: await count('carry_forward_runs'),
    jobs: await count('jobs'),
  };
}
