import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { createProject, P, uploadFile } from './helpers/fixtures.ts';
import { makeClip, makeStill, makeTone } from './helpers/media-clips.ts';

/**
 * When nothing can be learned about the media, the sandbox says so on the file (metadata "Media
 * Analysis") and in the reviewer UI, and converts nothing; and the schema's per-file-type rules.
 */
const canRun = existsSync('/usr/bin/ffmpeg') && existsSync('/usr/bin/ffprobe');

type Field = { field_definition_name: string; value: unknown };
const byName = (fields: Field[]) => Object.fromEntries(fields.map((f) => [f.field_definition_name, f.value]));

describe.skipIf(!canRun)('without ffprobe', () => {
  let sb: Sandbox;
  let api: ApiClient;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sbx-no-ffprobe-'));
    sb = await startSandbox({ port: 0, transcodeDelayMs: 10, ffprobePath: join(dir, 'ffprobe') });
    api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
  });
  afterAll(async () => {
    await sb.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('says so on the file and in the reviewer UI, and guesses no rate', async () => {
    const p = await createProject(api, sb, 'No probe');
    const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', makeClip({ rate: '25', seconds: 1 }));
    const fp = { account_id: sb.seed.accountId, file_id: file.id };
    const meta = await api.call('GET', P.fileMetadata, { params: fp, query: { show_null: 'true' } });
    const fields = byName(meta.body.data.metadata);
    expect(fields['Frame Rate']).toBeNull();
    expect(fields['Media Analysis']).toMatch(/^ffprobe is not available to the sandbox/);
    const tc = await api.call('POST', P.comments, {
      params: fp,
      body: { data: { text: 'x', timestamp: '00:00:00:10' } },
    });
    expect(tc.status).toBe(422);
    expect(tc.body.errors[0].detail).toContain('frame rate is unknown (ffprobe is not available');
    const int = await api.call('POST', P.comments, {
      params: fp,
      query: { timestamp_as_timecode: 'true' },
      body: { data: { text: 'x', timestamp: 11 } },
    });
    expect(int.status).toBe(201);
    expect(int.body.data.timestamp).toBe(11);
    const view = await (await fetch(`${sb.url}/ui/project/${p.id}/view/${file.id}`)).text();
    expect(view).toContain(
      'role="alert" aria-label="Media facts unknown">ffprobe is not available to the sandbox',
    );
    expect(view).not.toContain('id="next-frame"');
    expect(view).not.toContain('id="use-current-frame"');
    expect(view).toContain('aria-label="Go to framestamp 11">Framestamp 11</button>');
  });
});

describe.skipIf(!canRun)('media kinds and the schema rules per file type', () => {
  let sb: Sandbox;
  let api: ApiClient;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0, transcodeDelayMs: 10 });
    api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
  });
  afterAll(async () => {
    await sb.close();
  });
  const post = (fileId: string, data: Record<string, unknown>) =>
    api.call('POST', P.comments, {
      params: { account_id: sb.seed.accountId, file_id: fileId },
      body: { data: { text: 'x', ...data } },
    });
  const count = async (fileId: string) =>
    (
      await api.call('GET', P.comments, {
        params: { account_id: sb.seed.accountId, file_id: fileId },
        query: { include_total_count: 'true' },
      })
    ).body.total_count;

  it('bytes ffprobe cannot read: the file says so; integer framestamps still work', async () => {
    const p = await createProject(api, sb, 'Unreadable');
    const file = await uploadFile(api, sb, p.root_folder_id, 'cut.mp4', Buffer.alloc(4096, 7));
    expect(sb.control.uploadFacts(file.id).media).toMatchObject({ state: 'unreadable', facts: null });
    const meta = await api.call('GET', P.fileMetadata, {
      params: { account_id: sb.seed.accountId, file_id: file.id },
    });
    expect(byName(meta.body.data.metadata)).toEqual({
      'Media Analysis':
        'ffprobe could not read this file as audio or video: frame rate, duration and start timecode are unknown.',
    });
    expect((await post(file.id, { timestamp: 99999 })).status).toBe(201);
  });

  it('audio: facts without a picture rate; an annotation is refused (422) and nothing is written', async () => {
    const p = await createProject(api, sb, 'Audio');
    const file = await uploadFile(api, sb, p.root_folder_id, 'mix.m4a', makeTone(1));
    const meta = await api.call('GET', P.fileMetadata, {
      params: { account_id: sb.seed.accountId, file_id: file.id },
    });
    expect(byName(meta.body.data.metadata)).toMatchObject({
      'Audio Codec': 'aac',
      'Sample Rate': 44100,
      'Audio Channels': 1,
    });
    expect(byName(meta.body.data.metadata)).not.toHaveProperty('Frame Rate');
    const annotated = await post(file.id, { timestamp: 5, annotation: '[]' });
    expect(annotated.status).toBe(422);
    expect(annotated.body.errors[0].source.pointer).toBe('/data/annotation');
    expect(await count(file.id)).toBe(0);
    expect((await post(file.id, { timestamp: 5, duration: 3 })).status).toBe(201);
  });

  it('image and PDF: a timestamp is refused (422); an image takes a JSON annotation, not other text', async () => {
    const p = await createProject(api, sb, 'Stills');
    const still = await uploadFile(api, sb, p.root_folder_id, 'still.png', makeStill());
    const stillMeta = await api.call('GET', P.fileMetadata, {
      params: { account_id: sb.seed.accountId, file_id: still.id },
    });
    expect(byName(stillMeta.body.data.metadata)).toEqual({ 'Resolution Width': 64, 'Resolution Height': 48 });
    const onImage = await post(still.id, { timestamp: 1 });
    expect(onImage.status).toBe(422);
    expect(onImage.body.errors[0].source.pointer).toBe('/data/timestamp');
    expect((await post(still.id, { annotation: 'circle here' })).status).toBe(422);
    const drawn = await post(still.id, { annotation: '[{"tool":"arrow"}]', anchor: { x: 0.5, y: 0.5 } });
    expect(drawn.status).toBe(201);
    expect(drawn.body.data.annotation).toBe('[{"tool":"arrow"}]');
    const pdf = await uploadFile(api, sb, p.root_folder_id, 'script.pdf', Buffer.from('%PDF-1.4\n%%EOF\n'));
    expect(sb.control.uploadFacts(pdf.id).media).toMatchObject({ state: 'probed', note: null });
    expect((await post(pdf.id, { timestamp: '00:00:01:00' })).status).toBe(422);
    expect((await post(pdf.id, { page: 1, annotation: '{}' })).status).toBe(201);
    expect(await count(still.id)).toBe(1);
    expect(await count(pdf.id)).toBe(1);
  });
});
