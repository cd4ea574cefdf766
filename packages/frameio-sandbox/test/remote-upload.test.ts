import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { startByteServer } from './helpers/byte-server.ts';
import { createProject, P } from './helpers/fixtures.ts';

/** Remote uploads that cannot finish: the file says `upload_failed`, and the reviewer UI says why. */
let sb: Sandbox;
let api: ApiClient;
let server: Awaited<ReturnType<typeof startByteServer>>;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 10, remoteUploadMaxBytes: 1024 });
  api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
  server = await startByteServer({ '/big.bin': Buffer.alloc(4096, 1), '/small.mp4': Buffer.alloc(512, 2) });
});
afterAll(async () => {
  await server.close();
  await sb.close();
});

async function statusOf(fileId: string) {
  for (let i = 0; i < 200; i++) {
    const s = await api.call('GET', P.fileStatus, {
      params: { account_id: sb.seed.accountId, file_id: fileId },
    });
    if (s.body.data.upload_failed || s.body.data.upload_complete) return s.body.data;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the remote upload never settled');
}

describe('remote upload failures', () => {
  for (const c of [
    { name: 'a source that answers 404', path: '/missing.mp4', why: 'the source answered HTTP 404' },
    { name: 'a source over the size cap', path: '/big.bin', why: 'the source is larger than 1024 bytes' },
  ]) {
    it(`${c.name}: upload_failed, status stays created, the reviewer UI says why`, async () => {
      const p = await createProject(api, sb, `Remote ${c.path}`);
      const r = await api.call('POST', P.remoteUpload, {
        params: { account_id: sb.seed.accountId, folder_id: p.root_folder_id },
        body: { data: { name: 'remote.mp4', source_url: `${server.url}${c.path}` } },
      });
      expect(r.status).toBe(202);
      expect(await statusOf(r.body.data.id)).toMatchObject({ upload_failed: true, upload_complete: false });
      const file = await api.call('GET', P.file, {
        params: { account_id: sb.seed.accountId, file_id: r.body.data.id },
      });
      expect(file.body.data).toMatchObject({ status: 'created', file_size: 0 });
      const view = await (await fetch(`${sb.url}/ui/project/${p.id}/view/${r.body.data.id}`)).text();
      expect(view).toContain(`Remote upload failed: ${c.why}`);
    });
  }

  it('a source within the cap completes; the sandbox probes it like any upload', async () => {
    const p = await createProject(api, sb, 'Remote small');
    const r = await api.call('POST', P.remoteUpload, {
      params: { account_id: sb.seed.accountId, folder_id: p.root_folder_id },
      body: { data: { name: 'small.mp4', source_url: `${server.url}/small.mp4` } },
    });
    expect(await statusOf(r.body.data.id)).toMatchObject({ upload_failed: false, upload_complete: true });
    expect(sb.control.uploadFacts(r.body.data.id)).toMatchObject({
      file_size: 512,
      media: { state: 'unreadable' },
    });
  });
});
