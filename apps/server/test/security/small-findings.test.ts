import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.ts';
import { createApiKey, createDeliverable, tusUpload } from '../helpers/factories.ts';
import { captureWarnings, type LogEntry } from '../helpers/log-capture.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { createUpload } from '../helpers/tus-raw.ts';
import { makeTree } from '../integration/domain-fixtures.ts';

/**
 * The audit's small findings: list cursors are validated strictly, the data directory is private
 * to the server's user, and ffprobe's raw output reaches the log, not users.
 */
const onSqlite = !process.env.DATABASE_URL;
const cursorOf = (text: string) => Buffer.from(text, 'utf8').toString('base64url');

describe('list cursors are exactly what the server made (UUIDv7 ids)', () => {
  let app: TestApp;
  let owner: Awaited<ReturnType<typeof signUp>>;
  let tree: Awaited<ReturnType<typeof makeTree>>;
  beforeAll(async () => {
    app = await startTestApp();
    owner = await signUp(app);
    tree = await makeTree(owner.client);
  });
  afterAll(async () => {
    await app?.close();
  });

  const lists = () => [
    '/api/v1/clients',
    '/api/v1/shows',
    '/api/v1/episodes',
    '/api/v1/deliverables',
    '/api/v1/activity',
    `/api/v1/deliverables/${tree.deliverable.id}/versions`,
    `/api/v1/clients/${tree.client.id}/portal-users`,
  ];

  const forged: Array<[string, () => string]> = [
    ['36 dashes', () => cursorOf('-'.repeat(36))],
    ['a UUID that is not version 7 (v4)', () => cursorOf('0f8fad5b-d9cb-469f-a165-70867728950e')],
    ['a UUIDv7 in upper case', () => cursorOf(newId().toUpperCase())],
    ['a valid cursor with characters base64url decoding skips', () => `${cursorOf(newId())}!!`],
  ];
  for (const [name, cursor] of forged) {
    it(`${name} → 400 invalid_cursor on every list`, async () => {
      for (const list of lists()) {
        const res = await owner.client.get(`${list}?cursor=${encodeURIComponent(cursor())}`);
        expect(res.status, list).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'invalid_cursor', field: 'cursor' });
      }
    });
  }

  it("the server's own next_cursor still pages", async () => {
    await owner.client.post('/api/v1/clients', { name: 'Second client' });
    const first = await owner.client.get('/api/v1/clients?limit=1');
    expect(first.body.next_cursor).toEqual(expect.any(String));
    const second = await owner.client.get(`/api/v1/clients?limit=1&cursor=${first.body.next_cursor}`);
    expect(second.status).toBe(200);
    expect(second.body.data[0].id).not.toBe(first.body.data[0].id);
  });
});

describe('the data directory is private to the server user', () => {
  let parent: string;
  let previousUmask: number;
  beforeAll(() => {
    // The usual umask (022) is what made preroll.db world-readable: make the test independent
    // of the machine's.
    previousUmask = process.umask(0o022);
    parent = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-modes-'));
  });
  afterAll(() => {
    process.umask(previousUmask);
    fs.rmSync(parent, { recursive: true, force: true });
  });

  const modeOf = (p: string) => fs.statSync(p).mode & 0o777;

  it('a fresh data dir is 0700; preroll.db, its -wal and -shm, secret.key, uploads and their sidecars are 0600; the uploads dirs 0700', async () => {
    const dataDir = path.join(parent, 'fresh', 'data');
    const app = await startTestApp({ PREROLL_DATA_DIR: dataDir });
    try {
      const owner = await signUp(app); // writes to the database: -wal and -shm exist
      const key = await createApiKey(owner.client);
      const { deliverableId } = await createDeliverable(app, owner.orgId);
      const id = await createUpload(app, key, deliverableId, 10);
      const { url } = await tusUpload(app, Buffer.from('finished!'), {
        apiKey: key,
        metadata: { deliverable_id: deliverableId, filename: 'done.txt' },
      });
      const finished = url.split('/').pop()!;

      const expected: Record<string, number> = {
        [dataDir]: 0o700,
        [path.join(dataDir, 'secret.key')]: 0o600,
        [path.join(dataDir, 'uploads')]: 0o700,
        [path.join(dataDir, 'uploads', 'tus')]: 0o700,
        [path.join(dataDir, 'uploads', 'tus', id)]: 0o600,
        [path.join(dataDir, 'uploads', 'tus', `${id}.json`)]: 0o600,
        [path.join(dataDir, 'uploads', 'tus', finished)]: 0o600,
        [path.join(dataDir, 'uploads', 'tus', `${finished}.json`)]: 0o600,
      };
      if (onSqlite) {
        for (const suffix of ['', '-wal', '-shm'])
          expected[path.join(dataDir, `preroll.db${suffix}`)] = 0o600;
      }
      const actual = Object.fromEntries(Object.keys(expected).map((p) => [p, modeOf(p)]));
      const octal = (m: Record<string, number>) =>
        Object.fromEntries(Object.entries(m).map(([p, v]) => [path.relative(parent, p), v.toString(8)]));
      expect(octal(actual)).toEqual(octal(expected));
    } finally {
      await app.close();
    }
  });

  it('an existing world-readable data dir and database are tightened when the server starts', async () => {
    const dataDir = path.join(parent, 'old');
    fs.mkdirSync(path.join(dataDir, 'uploads', 'tus'), { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(dataDir, 'preroll.db'), '', { mode: 0o644 });
    const app = await startTestApp({ PREROLL_DATA_DIR: dataDir });
    try {
      expect(modeOf(dataDir).toString(8)).toBe('700');
      expect(modeOf(path.join(dataDir, 'uploads')).toString(8)).toBe('700');
      expect(modeOf(path.join(dataDir, 'uploads', 'tus')).toString(8)).toBe('700');
      if (onSqlite) {
        for (const suffix of ['', '-wal', '-shm'])
          expect(modeOf(path.join(dataDir, `preroll.db${suffix}`)).toString(8), suffix).toBe('600');
      }
    } finally {
      await app.close();
    }
  });
});

describe("ffprobe's raw output is for the log; users read a sentence", () => {
  let app: TestApp;
  let logged: LogEntry[];
  beforeAll(async () => {
    app = await startTestApp();
    logged = captureWarnings(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it('a file ffprobe cannot read: probe_error is a sentence without ffprobe’s words or server paths; the raw stderr is logged', async () => {
    const owner = await signUp(app);
    const key = await createApiKey(owner.client);
    const { deliverableId } = await createDeliverable(app, owner.orgId);
    const { versionId } = await tusUpload(app, Buffer.from('a script, not a movie\n'.repeat(50)), {
      apiKey: key,
      metadata: { deliverable_id: deliverableId, filename: 'notes.txt' },
    });
    const { body } = await owner.client.get(`/api/v1/versions/${versionId}`);
    expect(body.data.status).toBe('failed');
    expect(body.data.probe_error).toBe('This file could not be read as audio or video');
    expect(JSON.stringify(body)).not.toContain('Invalid data found');
    expect(JSON.stringify(body)).not.toContain(app.dataDir);

    const entry = logged.find((l) => l.message === 'ffprobe could not read a version');
    expect(entry?.details.versionId).toBe(versionId);
    expect(String(entry?.details.ffprobe)).toContain('Invalid data found when processing input');
  });
});
