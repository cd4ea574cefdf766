import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_IDS, startSandbox } from '../src/index.ts';
import { listOperations } from '../src/spec/openapi-spec.ts';
import { ApiClient, covered } from './helpers/api-client.ts';
import { createProject, P, uploadFile } from './helpers/fixtures.ts';

/**
 * Every operation of openapi-subset.json, with its error cases. Every response body goes
 * through expectConforms (ApiClient does it on each call), so any schema drift fails here.
 */
let sb: Sandbox;
let api: ApiClient;
let acc: string;
let ws: string;
const NOPE = '00000000-0000-4000-8000-000000000000';

beforeAll(async () => {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 10 });
  acc = sb.seed.accountId;
  ws = sb.seed.workspaceId;
  api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
});

afterAll(async () => {
  await sb.close();
});

describe('auth and envelopes', () => {
  it('answers 401 in the Frame.io shape for every operation without, or with a bad, token', async () => {
    for (const op of listOperations()) {
      const params = Object.fromEntries([...op.path.matchAll(/\{(\w+)\}/g)].map((m) => [m[1]!, NOPE]));
      for (const token of [null, 'not-a-token']) {
        const r = await api.call(op.method, op.path, {
          params,
          token,
          body: op.requestSchema ? { data: {} } : undefined,
        });
        expect(r.status, `${op.operationId}`).toBe(401);
        expect(r.body).toEqual({ errors: [{ detail: 'Unauthorized' }] });
        expect(r.headers.get('x-ratelimit-limit')).toBe(String(op.rateLimit.limit));
      }
    }
  });

  it('answers 401 for expired and revoked tokens', async () => {
    const t = sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId });
    const riley = new ApiClient(sb.url, t.access_token);
    expect((await riley.call('GET', P.me)).status).toBe(200);
    sb.control.expireTokens(SEED_IDS.rileyId);
    expect((await riley.call('GET', P.me)).status).toBe(401);
    const t2 = sb.control.mintTokens({
      client_id: 'preroll-local',
      user_id: SEED_IDS.rileyId,
      expires_in: 60,
    });
    riley.token = t2.access_token;
    expect((await riley.call('GET', P.me)).status).toBe(200);
    sb.control.advanceClock(61_000);
    expect((await riley.call('GET', P.me)).status).toBe(401);
    sb.control.advanceClock(-61_000);
    const t3 = sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId });
    riley.token = t3.access_token;
    sb.control.revokeTokens(SEED_IDS.rileyId);
    expect((await riley.call('GET', P.me)).status).toBe(401);
  });

  it('sends x-ratelimit headers with the documented per-operation limits (window in ms)', async () => {
    const r = await api.call('GET', P.me);
    expect(r.headers.get('x-ratelimit-limit')).toBe('100');
    expect(r.headers.get('x-ratelimit-window')).toBe('60000');
    expect(Number(r.headers.get('x-ratelimit-remaining'))).toBeLessThan(100);
  });

  it('rejects malformed JSON with 400 and unknown routes with 404', async () => {
    const r = await api.call('POST', P.projects, {
      params: { account_id: acc, workspace_id: ws },
      rawBody: '{"data":',
    });
    expect(r.status).toBe(400);
    const res = await fetch(`${sb.url}/v4/unknown`, { headers: { authorization: `Bearer ${api.token}` } });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ errors: [{ detail: 'Not found' }] });
  });
});

describe('users, accounts, workspaces', () => {
  it('GET /v4/me', async () => {
    const r = await api.call('GET', P.me);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({
      id: SEED_IDS.alexId,
      name: 'Alex Producer',
      email: 'alex@sandbox.test',
      avatar_url: null,
    });
  });

  it("GET /v4/accounts lists only the caller's accounts, with roles and total_count on request", async () => {
    const r = await api.call('GET', P.accounts, { query: { include_total_count: 'true' } });
    expect(r.status).toBe(200);
    expect(r.body.data.map((a: { id: string }) => a.id)).toEqual([acc]);
    expect(r.body.data[0].roles).toEqual(['owner']);
    expect(r.body.total_count).toBe(1);
    expect((await api.call('GET', P.accounts)).body).not.toHaveProperty('total_count');
    expect((await api.call('GET', P.accounts, { query: { page_size: '0' } })).status).toBe(422);
    expect((await api.call('GET', P.accounts, { query: { after: '!!' } })).status).toBe(422);
  });

  it('GET workspaces, with include=creator, 404 for a foreign account, 422 for a bad include', async () => {
    const r = await api.call('GET', P.workspaces, {
      params: { account_id: acc },
      query: { include: 'creator' },
    });
    expect(r.status).toBe(200);
    expect(r.body.data[0]).toMatchObject({ id: ws, name: 'Sandbox Workspace', account_id: acc });
    expect(r.body.data[0].creator.id).toBe(SEED_IDS.alexId);
    expect((await api.call('GET', P.workspaces, { params: { account_id: NOPE } })).status).toBe(404);
    expect(
      (await api.call('GET', P.workspaces, { params: { account_id: acc }, query: { include: 'bogus' } }))
        .status,
    ).toBe(422);
  });
});

describe('projects', () => {
  it('create (201, with root folder), show, update, list with cursor pages, delete', async () => {
    const bad = await api.call('POST', P.projects, {
      params: { account_id: acc, workspace_id: ws },
      body: { data: { name: 'x', foo: 1 } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0]).toEqual({
      detail: 'Unexpected field: foo',
      source: { pointer: '/data/foo' },
      title: 'Invalid value',
    });
    const missing = await api.call('POST', P.projects, {
      params: { account_id: acc, workspace_id: ws },
      body: { data: {} },
    });
    expect(missing.status).toBe(422);
    expect(missing.body.errors[0].source.pointer).toBe('/data/name');
    expect(
      (
        await api.call('POST', P.projects, {
          params: { account_id: acc, workspace_id: NOPE },
          body: { data: { name: 'x' } },
        })
      ).status,
    ).toBe(404);

    const created = [];
    for (let i = 0; i < 3; i++) created.push(await createProject(api, sb, `Page ${i}`));
    const p = created[0]!;
    const root = await api.call('GET', P.folder, {
      params: { account_id: acc, folder_id: p.root_folder_id },
    });
    expect(root.status).toBe(200);
    expect(root.body.data.parent_id).toBeNull();

    const show = await api.call('GET', P.project, {
      params: { account_id: acc, project_id: p.id },
      query: { include: 'owner' },
    });
    expect(show.status).toBe(200);
    expect(show.body.data.owner.id).toBe(SEED_IDS.alexId);
    expect((await api.call('GET', P.project, { params: { account_id: acc, project_id: NOPE } })).status).toBe(
      404,
    );

    const upd = await api.call('PATCH', P.project, {
      params: { account_id: acc, project_id: p.id },
      body: { data: { name: 'Renamed', status: 'inactive' } },
    });
    expect(upd.status).toBe(200);
    expect(upd.body.data).toMatchObject({ name: 'Renamed', status: 'inactive' });
    expect(
      (
        await api.call('PATCH', P.project, {
          params: { account_id: acc, project_id: p.id },
          body: { data: { status: 'gone' } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.project, {
          params: { account_id: acc, project_id: NOPE },
          body: { data: { name: 'x' } },
        })
      ).status,
    ).toBe(404);

    const page1 = await api.call('GET', P.projects, {
      params: { account_id: acc, workspace_id: ws },
      query: { page_size: '2', include_total_count: 'true' },
    });
    expect(page1.status).toBe(200);
    expect(page1.body.data).toHaveLength(2);
    expect(page1.body.total_count).toBeGreaterThanOrEqual(3);
    const next: string = page1.body.links.next;
    expect(next.startsWith(`/v4/accounts/${acc}/workspaces/${ws}/projects?after=`)).toBe(true);
    expect(next).not.toContain('page_size');
    const page2 = await api.follow(P.projects, next, { page_size: '2' });
    expect(page2.status).toBe(200);
    expect(page2.body.data[0].id).not.toBe(page1.body.data[0].id);
    expect(
      (await api.call('GET', P.projects, { params: { account_id: acc, workspace_id: NOPE } })).status,
    ).toBe(404);
    expect(
      (
        await api.call('GET', P.projects, {
          params: { account_id: acc, workspace_id: ws },
          query: { sort: 'nope' },
        })
      ).status,
    ).toBe(422);

    const del = await api.call('DELETE', P.project, {
      params: { account_id: acc, project_id: created[2]!.id },
    });
    expect(del.status).toBe(204);
    expect(del.headers.get('x-ratelimit-limit')).toBeNull();
    expect(
      (await api.call('DELETE', P.project, { params: { account_id: acc, project_id: created[2]!.id } }))
        .status,
    ).toBe(404);
    expect(
      (
        await api.call('GET', P.folder, {
          params: { account_id: acc, folder_id: created[2]!.root_folder_id },
        })
      ).status,
    ).toBe(404);
  });
});

describe('folders and files', () => {
  it('folder create/show/update/list/children/delete', async () => {
    const p = await createProject(api, sb, 'Folders');
    const c = await api.call('POST', P.subfolders, {
      params: { account_id: acc, folder_id: p.root_folder_id },
      body: { data: { name: 'Episode 1' } },
    });
    expect(c.status).toBe(201);
    const f = c.body.data;
    expect(f).toMatchObject({
      type: 'folder',
      parent_id: p.root_folder_id,
      project_id: p.id,
      cover_file_id: null,
    });
    expect(
      (
        await api.call('POST', P.subfolders, {
          params: { account_id: acc, folder_id: NOPE },
          body: { data: { name: 'x' } },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.call('POST', P.subfolders, {
          params: { account_id: acc, folder_id: p.root_folder_id },
          body: { data: { name: '' } },
        })
      ).status,
    ).toBe(422);

    const show = await api.call('GET', P.folder, {
      params: { account_id: acc, folder_id: f.id },
      query: { include: 'creator,project' },
    });
    expect(show.status).toBe(200);
    expect(show.body.data.creator.id).toBe(SEED_IDS.alexId);
    expect(show.body.data.project.id).toBe(p.id);
    expect((await api.call('GET', P.folder, { params: { account_id: acc, folder_id: NOPE } })).status).toBe(
      404,
    );

    const upd = await api.call('PATCH', P.folder, {
      params: { account_id: acc, folder_id: f.id },
      body: { data: { name: 'Ep 1' } },
    });
    expect(upd.status).toBe(200);
    expect(upd.body.data.name).toBe('Ep 1');
    expect(
      (
        await api.call('PATCH', P.folder, {
          params: { account_id: acc, folder_id: f.id },
          body: { data: { title: 'x' } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.folder, {
          params: { account_id: acc, folder_id: NOPE },
          body: { data: { name: 'x' } },
        })
      ).status,
    ).toBe(404);

    const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(2048, 1));
    const list = await api.call('GET', P.subfolders, {
      params: { account_id: acc, folder_id: p.root_folder_id },
      query: { sort: 'name_asc' },
    });
    expect(list.status).toBe(200);
    expect(list.body.data.map((x: { id: string }) => x.id)).toEqual([f.id]);
    expect(
      (await api.call('GET', P.subfolders, { params: { account_id: acc, folder_id: NOPE } })).status,
    ).toBe(404);

    const kids = await api.call('GET', P.children, {
      params: { account_id: acc, folder_id: p.root_folder_id },
      query: {
        include: 'media_links.original,media_links.thumbnail,creator,metadata',
        include_total_count: 'true',
      },
    });
    expect(kids.status).toBe(200);
    expect(kids.body.total_count).toBe(2);
    const fileChild = kids.body.data.find((x: { type: string }) => x.type === 'file');
    expect(fileChild.id).toBe(file.id);
    expect(fileChild.media_links.original.download_url).toMatch(/^http/);
    const onlyFolders = await api.call('GET', P.children, {
      params: { account_id: acc, folder_id: p.root_folder_id },
      query: { type: 'folder' },
    });
    expect(onlyFolders.body.data.map((x: { type: string }) => x.type)).toEqual(['folder']);
    expect(
      (
        await api.call('GET', P.children, {
          params: { account_id: acc, folder_id: p.root_folder_id },
          query: { type: 'blob' },
        })
      ).status,
    ).toBe(422);
    expect((await api.call('GET', P.children, { params: { account_id: acc, folder_id: NOPE } })).status).toBe(
      404,
    );
    const big = await api.call('GET', P.children, {
      params: { account_id: acc, folder_id: p.root_folder_id },
      query: { page_size: '500' },
    });
    expect(big.status).toBe(200);

    expect(
      (await api.call('DELETE', P.folder, { params: { account_id: acc, folder_id: p.root_folder_id } }))
        .status,
    ).toBe(409);
    expect(
      (await api.call('DELETE', P.folder, { params: { account_id: acc, folder_id: f.id } })).status,
    ).toBe(204);
    expect(
      (await api.call('DELETE', P.folder, { params: { account_id: acc, folder_id: f.id } })).status,
    ).toBe(404);
  });

  it('local_upload splits parts like the reference data point and validates its body', async () => {
    const p = await createProject(api, sb, 'Uploads');
    const r = await api.call('POST', P.localUpload, {
      params: { account_id: acc, folder_id: p.root_folder_id },
      body: { data: { name: 'big.mov', file_size: 50_645_990 } },
    });
    expect(r.status).toBe(201);
    expect(r.body.data.upload_urls.map((u: { size: number }) => u.size)).toEqual([
      16_881_997, 16_881_997, 16_881_996,
    ]);
    expect(r.body.data).toMatchObject({
      status: 'created',
      media_type: 'video/quicktime',
      file_size: 50_645_990,
    });
    expect(r.body.data.upload_urls[0].url).toContain('/_s3/parts/');
    const bad = await api.call('POST', P.localUpload, {
      params: { account_id: acc, folder_id: p.root_folder_id },
      body: { data: { name: 'x.mp4', file_size: 0 } },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].source.pointer).toBe('/data/file_size');
    expect(
      (
        await api.call('POST', P.localUpload, {
          params: { account_id: acc, folder_id: p.root_folder_id },
          body: { data: { name: 'x.mp4' } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('POST', P.localUpload, {
          params: { account_id: acc, folder_id: NOPE },
          body: { data: { name: 'x.mp4', file_size: 1 } },
        })
      ).status,
    ).toBe(404);
  });

  it('file show/list/update/status/move/delete', async () => {
    const p = await createProject(api, sb, 'Files');
    const sub = (
      await api.call('POST', P.subfolders, {
        params: { account_id: acc, folder_id: p.root_folder_id },
        body: { data: { name: 'Sub' } },
      })
    ).body.data;
    const pending = await uploadFile(api, sb, p.root_folder_id, 'pending.wav', Buffer.alloc(100), 'created');
    const st0 = await api.call('GET', P.fileStatus, { params: { account_id: acc, file_id: pending.id } });
    expect(st0.status).toBe(200);
    expect(st0.body.data).toMatchObject({
      upload_complete: false,
      upload_failed: false,
      uploaded_at: null,
      upload_completed_at: null,
      filetype: 'audio/wav',
    });
    const pendingShow = await api.call('GET', P.file, {
      params: { account_id: acc, file_id: pending.id },
      query: { include: 'media_links.original,media_links.high_quality' },
    });
    expect(pendingShow.body.data.media_links.original).toEqual({ download_url: null, inline_url: null });

    const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(4096, 7));
    const st = await api.call('GET', P.fileStatus, { params: { account_id: acc, file_id: file.id } });
    expect(st.body.data.upload_complete).toBe(true);
    expect(st.body.data.upload_completed_at).not.toBeNull();
    expect((await api.call('GET', P.fileStatus, { params: { account_id: acc, file_id: NOPE } })).status).toBe(
      404,
    );

    const show = await api.call('GET', P.file, {
      params: { account_id: acc, file_id: file.id },
      query: {
        include:
          'media_links.original,media_links.thumbnail,media_links.video_h264_180,media_links.high_quality,media_links.efficient,creator,project,metadata',
      },
    });
    expect(show.status).toBe(200);
    expect(show.body.data.status).toBe('transcoded');
    expect(show.body.data.media_links.video_h264_180.url).toMatch(/^http/);
    expect(show.body.data.project.id).toBe(p.id);
    expect((await api.call('GET', P.file, { params: { account_id: acc, file_id: NOPE } })).status).toBe(404);
    expect(
      (
        await api.call('GET', P.file, {
          params: { account_id: acc, file_id: file.id },
          query: { include: 'owner' },
        })
      ).status,
    ).toBe(422);

    const list = await api.call('GET', P.files, {
      params: { account_id: acc, folder_id: p.root_folder_id },
      query: { sort: 'file_size_desc', include: 'creator' },
    });
    expect(list.status).toBe(200);
    expect(list.body.data.map((f: { id: string }) => f.id)).toEqual([file.id, pending.id]);
    expect((await api.call('GET', P.files, { params: { account_id: acc, folder_id: NOPE } })).status).toBe(
      404,
    );

    const upd = await api.call('PATCH', P.file, {
      params: { account_id: acc, file_id: file.id },
      body: { data: { name: 'cut v2.mp4' } },
    });
    expect(upd.status).toBe(200);
    expect(upd.body.data.name).toBe('cut v2.mp4');
    expect(
      (
        await api.call('PATCH', P.file, {
          params: { account_id: acc, file_id: file.id },
          body: { data: { size: 1 } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.file, {
          params: { account_id: acc, file_id: NOPE },
          body: { data: { name: 'x' } },
        })
      ).status,
    ).toBe(404);

    const mv = await api.call('PATCH', P.fileMove, {
      params: { account_id: acc, file_id: file.id },
      body: { data: { parent_id: sub.id } },
    });
    expect(mv.status).toBe(200);
    expect(mv.body.data.parent_id).toBe(sub.id);
    expect(
      (
        await api.call('PATCH', P.fileMove, {
          params: { account_id: acc, file_id: file.id },
          body: { data: { parent_id: NOPE } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.fileMove, {
          params: { account_id: acc, file_id: file.id },
          body: { data: {} },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.fileMove, {
          params: { account_id: acc, file_id: NOPE },
          body: { data: { parent_id: sub.id } },
        })
      ).status,
    ).toBe(404);

    expect(
      (await api.call('DELETE', P.file, { params: { account_id: acc, file_id: pending.id } })).status,
    ).toBe(204);
    expect(
      (await api.call('DELETE', P.file, { params: { account_id: acc, file_id: pending.id } })).status,
    ).toBe(404);
  });
});

describe('version stacks', () => {
  it('create from files in order, list children, move a file on top', async () => {
    const p = await createProject(api, sb, 'Stacks');
    const files = [];
    for (const n of ['v1.mp4', 'v2.mp4', 'v3.mp4'])
      files.push(await uploadFile(api, sb, p.root_folder_id, n, Buffer.alloc(64, 3)));
    const params = { account_id: acc, folder_id: p.root_folder_id };
    const one = await api.call('POST', P.versionStacks, {
      params,
      body: { data: { file_ids: [files[0]!.id] } },
    });
    expect(one.status).toBe(422);
    expect(one.body.errors[0]).toHaveProperty('title');
    expect(
      (
        await api.call('POST', P.versionStacks, {
          params,
          body: { data: { file_ids: [files[0]!.id, NOPE] } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('POST', P.versionStacks, {
          params: { account_id: acc, folder_id: NOPE },
          body: { data: { file_ids: [files[0]!.id, files[1]!.id] } },
        })
      ).status,
    ).toBe(404);
    const vs = await api.call('POST', P.versionStacks, {
      params,
      body: { data: { file_ids: [files[0]!.id, files[1]!.id] } },
    });
    expect(vs.status).toBe(201);
    expect(vs.body.data.type).toBe('version_stack');
    expect(vs.body.data.head_version.id).toBe(files[1]!.id);
    const vsId = vs.body.data.id;

    const mv = await api.call('PATCH', P.fileMove, {
      params: { account_id: acc, file_id: files[2]!.id },
      body: { data: { parent_id: vsId } },
    });
    expect(mv.status).toBe(200);
    const kids = await api.call('GET', P.versionStackChildren, {
      params: { account_id: acc, version_stack_id: vsId },
      query: { include: 'media_links.original' },
    });
    expect(kids.status).toBe(200);
    expect(kids.body.data.map((f: { id: string }) => f.id)).toEqual(files.map((f) => f.id));
    expect(
      (await api.call('GET', P.versionStackChildren, { params: { account_id: acc, version_stack_id: NOPE } }))
        .status,
    ).toBe(404);
    const folderKids = await api.call('GET', P.children, { params });
    expect(folderKids.body.data.map((a: { type: string }) => a.type)).toEqual(['version_stack']);
    expect(folderKids.body.data[0].head_version.id).toBe(files[2]!.id);
  });
});

describe('comments', () => {
  it('create/list/show/update/delete with framestamps, timecode, completion, owner and replies', async () => {
    const p = await createProject(api, sb, 'Comments');
    const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(128, 9));
    const fp = { account_id: acc, file_id: file.id };
    const c1 = await api.call('POST', P.comments, {
      params: fp,
      body: { data: { text: 'Fix the logo', timestamp: 49, duration: 24 } },
    });
    expect(c1.status).toBe(201);
    expect(c1.body.data).toMatchObject({
      text: 'Fix the logo',
      timestamp: 49,
      duration: 24,
      completed_at: null,
    });
    const tc = await api.call('POST', P.comments, {
      params: fp,
      query: { timestamp_as_timecode: 'true' },
      body: { data: { text: 'At 2s12', timestamp: '00:00:02:12' } },
    });
    expect(tc.status).toBe(201);
    expect(tc.body.data.timestamp).toBe('00:00:02:12');
    const asInt = await api.call('GET', P.comment, {
      params: { account_id: acc, comment_id: tc.body.data.id },
    });
    expect(asInt.body.data.timestamp).toBe(61);
    const global = await api.call('POST', P.comments, {
      params: fp,
      body: { data: { text: 'General note' } },
    });
    expect(global.body.data.timestamp).toBeNull();

    expect(
      (await api.call('POST', P.comments, { params: fp, body: { data: { text: 'x', duration: 5 } } })).status,
    ).toBe(422);
    expect((await api.call('POST', P.comments, { params: fp, body: { data: { text: '' } } })).status).toBe(
      422,
    );
    expect(
      (await api.call('POST', P.comments, { params: fp, body: { data: { text: 'x'.repeat(40_001) } } }))
        .status,
    ).toBe(422);
    expect(
      (await api.call('POST', P.comments, { params: fp, body: { data: { text: 'x', page: 1 } } })).status,
    ).toBe(422);
    expect(
      (await api.call('POST', P.comments, { params: fp, body: { data: { text: 'x', timestamp: '99:99' } } }))
        .status,
    ).toBe(422);
    expect(
      (await api.call('POST', P.comments, { params: fp, body: { data: { text: 'x', mood: 'sad' } } })).status,
    ).toBe(422);
    expect(
      (
        await api.call('POST', P.comments, {
          params: { account_id: acc, file_id: NOPE },
          body: { data: { text: 'x' } },
        })
      ).status,
    ).toBe(404);

    const reply = sb.control.createReply(c1.body.data.id, { user_id: SEED_IDS.rileyId, text: 'On it' });
    const list = await api.call('GET', P.comments, {
      params: fp,
      query: { include: 'owner,replies', timestamp_as_timecode: 'true', sort: 'created_at_desc' },
    });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(3);
    const withReply = list.body.data.find((c: { id: string }) => c.id === c1.body.data.id);
    expect(withReply.owner.id).toBe(SEED_IDS.alexId);
    expect(withReply.replies.map((r: { id: string }) => r.id)).toEqual([reply.id]);
    expect(withReply.timestamp).toBe('00:00:02:00');
    expect((await api.call('GET', P.comments, { params: fp, query: { sort: 'owner_asc' } })).status).toBe(
      422,
    );
    expect((await api.call('GET', P.comments, { params: { account_id: acc, file_id: NOPE } })).status).toBe(
      404,
    );

    const shownReply = await api.call('GET', P.comment, {
      params: { account_id: acc, comment_id: String(reply.id) },
      query: { include: 'owner' },
    });
    expect(shownReply.status).toBe(200);
    expect(shownReply.body.data.owner.id).toBe(SEED_IDS.rileyId);
    expect((await api.call('GET', P.comment, { params: { account_id: acc, comment_id: NOPE } })).status).toBe(
      404,
    );

    const done = await api.call('PATCH', P.comment, {
      params: { account_id: acc, comment_id: c1.body.data.id },
      body: { data: { completed: true } },
    });
    expect(done.status).toBe(200);
    expect(done.body.data.completer_id).toBe(SEED_IDS.alexId);
    expect(done.body.data.completed_at).not.toBeNull();
    const edited = await api.call('PATCH', P.comment, {
      params: { account_id: acc, comment_id: c1.body.data.id },
      body: { data: { text: 'Fix the logo please', completed: false } },
    });
    expect(edited.body.data.completed_at).toBeNull();
    expect(edited.body.data.text_edited_at).not.toBeNull();
    expect(
      (
        await api.call('PATCH', P.comment, {
          params: { account_id: acc, comment_id: global.body.data.id },
          body: { data: { duration: 3 } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.comment, {
          params: { account_id: acc, comment_id: NOPE },
          body: { data: { text: 'x' } },
        })
      ).status,
    ).toBe(404);

    expect(
      (await api.call('DELETE', P.comment, { params: { account_id: acc, comment_id: c1.body.data.id } }))
        .status,
    ).toBe(204);
    expect(
      (await api.call('GET', P.comment, { params: { account_id: acc, comment_id: String(reply.id) } }))
        .status,
    ).toBe(404);
    expect(
      (await api.call('DELETE', P.comment, { params: { account_id: acc, comment_id: c1.body.data.id } }))
        .status,
    ).toBe(404);
  });

  it('converts timecode with a per-file rational fps', async () => {
    const p = await createProject(api, sb, 'Fps');
    const file = await uploadFile(api, sb, p.root_folder_id, 'ntsc.mov', Buffer.alloc(16));
    sb.control.setFileFps(file.id, { num: 30000, den: 1001 });
    const r = await api.call('POST', P.comments, {
      params: { account_id: acc, file_id: file.id },
      body: { data: { text: 'x', timestamp: '00:01:00:00' } },
    });
    expect(r.body.data.timestamp).toBe(60 * 30 + 1);
    expect(
      (
        await api.call('POST', P.comments, {
          params: { account_id: acc, file_id: file.id },
          body: { data: { text: 'x', timestamp: '00:00:00:30' } },
        })
      ).status,
    ).toBe(422);
  });
});

describe('metadata', () => {
  it('field definitions, file metadata, bulk values update', async () => {
    const defs = await api.call('GET', P.fieldDefinitions, {
      params: { account_id: acc },
      query: { include: 'creator' },
    });
    expect(defs.status).toBe(200);
    const status = defs.body.data.find((d: { name: string }) => d.name === 'Status');
    expect(status.id).toBe(SEED_IDS.statusFieldId);
    expect(status.field_configuration.options.map((o: { display_name: string }) => o.display_name)).toEqual([
      'Needs Review',
      'In Progress',
      'Approved',
    ]);
    expect((await api.call('GET', P.fieldDefinitions, { params: { account_id: NOPE } })).status).toBe(404);

    const p = await createProject(api, sb, 'Meta');
    const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(16));
    const before = await api.call('GET', P.fileMetadata, { params: { account_id: acc, file_id: file.id } });
    expect(before.status).toBe(200);
    expect(before.body.data).toEqual({ file_id: file.id, metadata: [] });
    const withNull = await api.call('GET', P.fileMetadata, {
      params: { account_id: acc, file_id: file.id },
      query: { show_null: 'true' },
    });
    expect(withNull.body.data.metadata[0]).toMatchObject({ field_definition_name: 'Status', value: [] });
    expect(withNull.body.data.metadata[0].field_options).toHaveLength(3);
    expect(
      (await api.call('GET', P.fileMetadata, { params: { account_id: acc, file_id: NOPE } })).status,
    ).toBe(404);

    const mp = { account_id: acc, project_id: p.id };
    const approved = SEED_IDS.statusOptions.approved;
    const ok = await api.call('PATCH', P.metadataValues, {
      params: mp,
      body: {
        data: { file_ids: [file.id], values: [{ field_definition_id: status.id, value: [approved] }] },
      },
    });
    expect(ok.status).toBe(204);
    const after = await api.call('GET', P.fileMetadata, { params: { account_id: acc, file_id: file.id } });
    expect(after.body.data.metadata[0].value).toEqual([{ id: approved, display_name: 'Approved' }]);
    expect(
      (
        await api.call('PATCH', P.metadataValues, {
          params: mp,
          body: {
            data: { file_ids: [file.id], values: [{ field_definition_id: status.id, value: approved }] },
          },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.metadataValues, {
          params: mp,
          body: {
            data: { file_ids: [NOPE], values: [{ field_definition_id: status.id, value: [approved] }] },
          },
        })
      ).status,
    ).toBe(422);
    expect(
      (await api.call('PATCH', P.metadataValues, { params: mp, body: { data: { file_ids: [file.id] } } }))
        .status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.metadataValues, {
          params: { account_id: acc, project_id: NOPE },
          body: {
            data: { file_ids: [file.id], values: [{ field_definition_id: status.id, value: [approved] }] },
          },
        })
      ).status,
    ).toBe(404);
  });
});

describe('shares', () => {
  it('create with short_url, list, show, update, delete', async () => {
    const p = await createProject(api, sb, 'Shares');
    const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(16));
    const sp = { account_id: acc, project_id: p.id };
    const c = await api.call('POST', P.shares, {
      params: sp,
      body: {
        data: {
          type: 'asset',
          name: 'Client review',
          access: 'public',
          asset_ids: [file.id],
          downloading_enabled: true,
          layout: 'grid',
        },
      },
    });
    expect(c.status).toBe(201);
    expect(c.body.data.short_url).toMatch(/\/s\/[A-Za-z0-9]{8}$/);
    expect(c.body.data).toMatchObject({
      name: 'Client review',
      access: 'public',
      downloading_enabled: true,
      layout: 'grid',
    });
    expect(
      (await api.call('POST', P.shares, { params: sp, body: { data: { type: 'asset', name: 'x' } } })).status,
    ).toBe(422);
    expect(
      (
        await api.call('POST', P.shares, {
          params: sp,
          body: { data: { type: 'asset', name: 'x', access: 'public', asset_ids: [NOPE] } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('POST', P.shares, {
          params: { account_id: acc, project_id: NOPE },
          body: { data: { type: 'asset', name: 'x', access: 'public' } },
        })
      ).status,
    ).toBe(404);

    const list = await api.call('GET', P.shares, { params: sp });
    expect(list.status).toBe(200);
    expect(list.body.data).toHaveLength(1);
    expect((await api.call('GET', P.shares, { params: { account_id: acc, project_id: NOPE } })).status).toBe(
      404,
    );
    const id = c.body.data.id;
    expect((await api.call('GET', P.share, { params: { account_id: acc, share_id: id } })).status).toBe(200);
    expect((await api.call('GET', P.share, { params: { account_id: acc, share_id: NOPE } })).status).toBe(
      404,
    );
    const upd = await api.call('PATCH', P.share, {
      params: { account_id: acc, share_id: id },
      body: { data: { commenting_enabled: false, theme: 'light' } },
    });
    expect(upd.status).toBe(200);
    expect(upd.body.data).toMatchObject({ commenting_enabled: false, theme: 'light' });
    expect(
      (await api.call('PATCH', P.share, { params: { account_id: acc, share_id: id }, body: { data: {} } }))
        .status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.share, {
          params: { account_id: acc, share_id: NOPE },
          body: { data: { enabled: false } },
        })
      ).status,
    ).toBe(404);
    expect((await api.call('DELETE', P.share, { params: { account_id: acc, share_id: id } })).status).toBe(
      204,
    );
    expect((await api.call('DELETE', P.share, { params: { account_id: acc, share_id: id } })).status).toBe(
      404,
    );
  });
});

describe('webhooks', () => {
  it('CRUD, secret only at creation, validation', async () => {
    const wp = { account_id: acc, workspace_id: ws };
    const c = await api.call('POST', P.webhooks, {
      params: wp,
      body: {
        data: { name: 'preroll', url: 'http://127.0.0.1:9/hook', events: ['file.ready', 'comment.created'] },
      },
    });
    expect(c.status).toBe(201);
    expect(typeof c.body.data.secret).toBe('string');
    expect(c.body.data.active).toBe(true);
    expect(
      (
        await api.call('POST', P.webhooks, {
          params: wp,
          body: { data: { name: 'x', url: 'http://x', events: ['file.exploded'] } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('POST', P.webhooks, {
          params: wp,
          body: { data: { name: 'x', url: 'ftp://x', events: ['file.ready'] } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('POST', P.webhooks, {
          params: wp,
          body: { data: { name: 'x', url: 'http://x', events: [] } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('POST', P.webhooks, {
          params: { account_id: acc, workspace_id: NOPE },
          body: { data: { name: 'x', url: 'http://x', events: ['file.ready'] } },
        })
      ).status,
    ).toBe(404);
    const id = c.body.data.id;
    const show = await api.call('GET', P.webhook, {
      params: { account_id: acc, webhook_id: id },
      query: { include: 'creator' },
    });
    expect(show.status).toBe(200);
    expect(show.body.data).not.toHaveProperty('secret');
    expect(show.body.data.creator.id).toBe(SEED_IDS.alexId);
    expect((await api.call('GET', P.webhook, { params: { account_id: acc, webhook_id: NOPE } })).status).toBe(
      404,
    );
    const list = await api.call('GET', P.webhooks, { params: wp, query: { include: 'creator' } });
    expect(list.status).toBe(200);
    expect(list.body.data.every((w: object) => !('secret' in w))).toBe(true);
    expect(
      (await api.call('GET', P.webhooks, { params: { account_id: acc, workspace_id: NOPE } })).status,
    ).toBe(404);
    const upd = await api.call('PATCH', P.webhook, {
      params: { account_id: acc, webhook_id: id },
      body: { data: { active: false, events: ['file.ready'] } },
    });
    expect(upd.status).toBe(200);
    expect(upd.body.data).toMatchObject({ active: false, events: ['file.ready'] });
    expect(
      (
        await api.call('PATCH', P.webhook, {
          params: { account_id: acc, webhook_id: id },
          body: { data: { is_active: true } },
        })
      ).status,
    ).toBe(422);
    expect(
      (
        await api.call('PATCH', P.webhook, {
          params: { account_id: acc, webhook_id: NOPE },
          body: { data: { active: true } },
        })
      ).status,
    ).toBe(404);
    expect(
      (await api.call('DELETE', P.webhook, { params: { account_id: acc, webhook_id: id } })).status,
    ).toBe(204);
    expect(
      (await api.call('DELETE', P.webhook, { params: { account_id: acc, webhook_id: id } })).status,
    ).toBe(404);
  });
});

describe('isolation, rate limits and faults', () => {
  it("answers 404 for another account's ids", async () => {
    const other = sb.control.addUser({ name: 'Olivia Other', email: 'olivia@other.test', account_id: acc });
    const acct = sb.control.addAccount({ display_name: 'Other Studio', owner_user_id: other.id });
    const ows = sb.control.addWorkspace({ account_id: acct.id, name: 'Other WS' });
    const olivia = new ApiClient(
      sb.url,
      sb.control.mintTokens({ client_id: 'preroll-local', user_id: other.id }).access_token,
    );
    const proj = await olivia.call('POST', P.projects, {
      params: { account_id: acct.id, workspace_id: ows.id },
      body: { data: { name: 'Secret' } },
    });
    expect(proj.status).toBe(201);
    expect(
      (await api.call('GET', P.project, { params: { account_id: acct.id, project_id: proj.body.data.id } }))
        .status,
    ).toBe(404);
    expect(
      (await api.call('GET', P.project, { params: { account_id: acc, project_id: proj.body.data.id } }))
        .status,
    ).toBe(404);
    expect(
      (
        await api.call('GET', P.folder, {
          params: { account_id: acc, folder_id: proj.body.data.root_folder_id },
        })
      ).status,
    ).toBe(404);
  });

  it('leaky bucket per user and operation: strict mode answers 429 with the documented body', async () => {
    sb.control.setRateLimitMode('strict');
    try {
      // comments.update is 10/min → 1/min in strict mode
      const statuses: number[] = [];
      for (let i = 0; i < 3; i++) statuses.push((await api.call('GET', P.me)).status);
      const limit = Number((await api.call('GET', P.accounts)).headers.get('x-ratelimit-limit'));
      expect(limit).toBe(10);
      const burst: number[] = [];
      for (let i = 0; i < 12; i++) burst.push((await api.call('GET', P.accounts)).status);
      expect(burst).toContain(429);
      const limited = await api.call('GET', P.accounts);
      expect(limited.body).toEqual({ errors: [{ detail: 'Too many requests' }] });
      expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
      // another user has their own bucket
      const riley = new ApiClient(
        sb.url,
        sb.control.mintTokens({ client_id: 'preroll-local', user_id: SEED_IDS.rileyId }).access_token,
      );
      expect((await riley.call('GET', P.accounts)).status).toBe(200);
    } finally {
      sb.control.setRateLimitMode('off');
    }
    expect((await api.call('GET', P.accounts)).status).toBe(200);
  });

  it('injects faults per operation by count and rate, with latency', async () => {
    sb.control.setFault({ operation: 'users.show', status: 503, count: 2 });
    expect((await api.call('GET', P.me)).status).toBe(503);
    expect((await api.call('GET', P.me)).status).toBe(503);
    expect((await api.call('GET', P.me)).status).toBe(200);
    sb.control.setFault({ operation: 'accounts.index', status: 429, rate: 1 });
    expect((await api.call('GET', P.accounts)).status).toBe(429);
    sb.control.setFault({ operation: 'accounts.index', latencyMs: 150 });
    const t0 = Date.now();
    expect((await api.call('GET', P.accounts)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
    sb.control.clearFaults();
  });
});

describe('coverage', () => {
  it('exercised every operation with a success and an error status', () => {
    for (const op of listOperations()) {
      const hits = [...covered]
        .filter((k) => k.startsWith(`${op.method} ${op.path} `))
        .map((k) => Number(k.split(' ').pop()));
      expect(
        hits.some((s) => s < 300),
        `${op.operationId} success`,
      ).toBe(true);
      expect(
        hits.some((s) => s >= 400 && s !== 401),
        `${op.operationId} error besides 401`,
      ).toBe(true);
    }
  });
});

describe('comment updates are all-or-nothing', () => {
  it('a rejected PATCH leaves the comment unchanged', async () => {
    const p = await createProject(api, sb, 'Atomic');
    const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(16));
    const c = await api.call('POST', P.comments, {
      params: { account_id: acc, file_id: file.id },
      body: { data: { text: 'x', timestamp: 10, duration: 5 } },
    });
    const cp = { account_id: acc, comment_id: c.body.data.id };
    expect(
      (await api.call('PATCH', P.comment, { params: cp, body: { data: { timestamp: null } } })).status,
    ).toBe(422);
    const after = await api.call('GET', P.comment, { params: cp });
    expect(after.body.data).toMatchObject({ timestamp: 10, duration: 5 });
    const cleared = await api.call('PATCH', P.comment, {
      params: cp,
      body: { data: { timestamp: null, duration: null } },
    });
    expect(cleared.status).toBe(200);
    expect(cleared.body.data).toMatchObject({ timestamp: null, duration: null });
  });
});

describe('realistic rate limits', () => {
  it('folders.create allows 3/s and refills continuously (leaky bucket, frozen clock)', async () => {
    let now = Date.parse('2026-01-01T00:00:00Z');
    const frozen = await startSandbox({ port: 0, rateLimitMode: 'realistic', clock: () => now });
    try {
      const client = new ApiClient(
        frozen.url,
        frozen.control.mintTokens({ client_id: 'preroll-local' }).access_token,
      );
      const p = await createProject(client, frozen, 'Bucket');
      const create = () =>
        client.call('POST', P.subfolders, {
          params: { account_id: frozen.seed.accountId, folder_id: p.root_folder_id },
          body: { data: { name: 'f' } },
        });
      const burst = [];
      for (let i = 0; i < 4; i++) burst.push(await create());
      expect(burst.map((r) => r.status)).toEqual([201, 201, 201, 429]);
      expect(burst[0]!.headers.get('x-ratelimit-window')).toBe('1000');
      expect(burst[2]!.headers.get('x-ratelimit-remaining')).toBe('0');
      now += 334; // one request's worth drains in 1000/3 ms
      expect((await create()).status).toBe(201);
      expect((await create()).status).toBe(429);
      now += 1000;
      expect((await create()).status).toBe(201);
    } finally {
      await frozen.close();
    }
  });
});
