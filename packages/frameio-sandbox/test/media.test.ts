import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_IDS, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { createProject, P, uploadFile } from './helpers/fixtures.ts';
import { makeClip } from './helpers/media-clips.ts';

/**
 * Media-aware files: the sandbox probes each completed upload with ffprobe and uses the file's
 * own rate for framestamps, `timestamp_as_timecode` (drop-frame with ';' at 29.97 and 59.94),
 * the reviewer UI's clock and the media metadata fields.
 */
const canRun = existsSync('/usr/bin/ffmpeg') && existsSync('/usr/bin/ffprobe');

let sb: Sandbox;
let api: ApiClient;
let acc: string;
beforeAll(async () => {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 10 });
  acc = sb.seed.accountId;
  api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
});
afterAll(async () => {
  await sb.close();
});

type Field = { field_definition_name: string; value: unknown; mutable: boolean };
const byName = (fields: Field[]) => Object.fromEntries(fields.map((f) => [f.field_definition_name, f.value]));

async function upload(name: string, bytes: Buffer) {
  const p = await createProject(api, sb, `Media ${name}`);
  const file = await uploadFile(api, sb, p.root_folder_id, name, bytes);
  return { project: p, file, fp: { account_id: acc, file_id: file.id } };
}

async function comment(fp: Record<string, string>, data: Record<string, unknown>, asTimecode = false) {
  return api.call('POST', P.comments, {
    params: fp,
    body: { data: { text: 'note', ...data } },
    ...(asTimecode ? { query: { timestamp_as_timecode: 'true' } } : {}),
  });
}

describe.skipIf(!canRun)('media-aware files', () => {
  it('23.976: 48 frames in 2 s, timecode counts 24 per second, non-drop', async () => {
    const { fp, file } = await upload('ntsc-film.mp4', makeClip({ rate: '24000/1001', seconds: 2 }));
    const shown = await api.call('GET', P.file, { params: fp, query: { include: 'metadata' } });
    expect(byName(shown.body.data.metadata)).toMatchObject({
      'Frame Rate': 23.976,
      'Frame Count': 48,
      'Start Timecode': '00:00:00:00',
      'Resolution Width': 160,
      'Resolution Height': 120,
      'Video Codec': 'h264',
      'Media Analysis': null,
    });
    const tc = await comment(fp, { timestamp: '00:00:01:12' }, true);
    expect(tc.status).toBe(201);
    expect(tc.body.data.timestamp).toBe('00:00:01:12');
    const asInt = await api.call('GET', P.comment, {
      params: { account_id: acc, comment_id: tc.body.data.id },
    });
    expect(asInt.body.data.timestamp).toBe(37);
    expect((await comment(fp, { timestamp: '00:00:01:24' })).status).toBe(422);
    expect(sb.control.uploadFacts(file.id).media).toMatchObject({
      state: 'probed',
      facts: { frame_rate: { num: 24000, den: 1001 }, drop_frame: false },
    });
  });

  it('25: 50 frames; a comment or a range past the last frame is refused', async () => {
    const { fp } = await upload('pal.mp4', makeClip({ rate: '25', seconds: 2 }));
    const at = await comment(fp, { timestamp: 26 }, true);
    expect(at.body.data.timestamp).toBe('00:00:01:00');
    expect((await comment(fp, { timestamp: 50 })).status).toBe(201);
    const past = await comment(fp, { timestamp: 51 });
    expect(past.status).toBe(422);
    expect(past.body.errors[0].source.pointer).toBe('/data/timestamp');
    const range = await comment(fp, { timestamp: 45, duration: 10 });
    expect(range.status).toBe(422);
    expect(range.body.errors[0].source.pointer).toBe('/data/duration');
    expect((await comment(fp, { timestamp: 45, duration: 6 })).status).toBe(201);
  });

  it('29.97 DF with start 01:00:00;00: ";" timecode skips ;00 and ;01 at the minute; the UI shows source timecode', async () => {
    const { fp, project, file } = await upload(
      'ntsc.mp4',
      makeClip({ rate: '30000/1001', seconds: 61, timecode: '01:00:00;00', audio: true }),
    );
    const meta = await api.call('GET', P.fileMetadata, { params: fp });
    expect(byName(meta.body.data.metadata)).toMatchObject({
      'Frame Rate': 29.97,
      'Frame Count': 1828,
      'Start Timecode': '01:00:00;00',
      'Audio Codec': 'aac',
      'Sample Rate': 48000,
      'Audio Channels': 2,
    });
    expect(meta.body.data.metadata.every((f: Field) => f.value !== null)).toBe(true);
    const frame300 = await comment(fp, { timestamp: 301 }, true);
    expect(frame300.body.data.timestamp).toBe('00:00:10;00');
    const minute = await comment(fp, { timestamp: 1801 }, true);
    expect(minute.body.data.timestamp).toBe('00:01:00;02');
    // Either separator is read in the file's drop-frame counting; a skipped label is not a frame.
    const colon = await comment(fp, { timestamp: '00:01:00:02' });
    expect(colon.body.data.timestamp).toBe(1801);
    const dropped = await comment(fp, { timestamp: '00:01:00;00' });
    expect(dropped.status).toBe(422);
    expect(dropped.body.errors[0].detail).toContain('HH:MM:SS;FF (drop-frame)');

    const view = await (await fetch(`${sb.url}/ui/project/${project.id}/view/${file.id}`)).text();
    expect(view).toContain('aria-label="Go to 01:00:10;00 (framestamp 301)"');
    expect(view).toContain('aria-label="Go to 01:01:00;02 (framestamp 1801)"');
    expect(view).toContain('<dt>Frame rate</dt><dd>29.97 fps (30000/1001), drop-frame</dd>');
    expect(view).toContain('"num":30000,"den":1001,"nominal":30,"drop":2,"startFrame":107892,"frames":1828');
  });

  it('59.94 DF: 120 frames in 2 s, ";" timecode, the start tag read in drop-frame', async () => {
    const { fp, project, file } = await upload(
      'hfr.mp4',
      makeClip({ rate: '60000/1001', seconds: 2, timecode: '00:00:59;58' }),
    );
    const meta = await api.call('GET', P.fileMetadata, { params: fp });
    expect(byName(meta.body.data.metadata)).toMatchObject({
      'Frame Rate': 59.94,
      'Frame Count': 120,
      'Start Timecode': '00:00:59;58',
    });
    expect((await comment(fp, { timestamp: 61 }, true)).body.data.timestamp).toBe('00:00:01;00');
    expect((await comment(fp, { timestamp: '00:00:01;59' })).body.data.timestamp).toBe(120);
    // Framestamp 3 is two frames after 00:00:59;58: 59.94 drop-frame skips ;00 to ;03.
    await comment(fp, { timestamp: 3 });
    const view = await (await fetch(`${sb.url}/ui/project/${project.id}/view/${file.id}`)).text();
    expect(view).toContain('aria-label="Go to 00:01:00;04 (framestamp 3)"');
  });

  it('system fields are read-only: writing one is a 422 and changes nothing', async () => {
    const { fp, project } = await upload('ro.mp4', makeClip({ rate: '25', seconds: 1 }));
    const all = await api.call('GET', P.fileMetadata, { params: fp, query: { show_null: 'true' } });
    const rate = all.body.data.metadata.find((f: Field) => f.field_definition_name === 'Frame Rate');
    expect(rate).toMatchObject({ mutable: false, field_type: 'number', value: 25 });
    const write = await api.call('PATCH', P.metadataValues, {
      params: { account_id: acc, project_id: project.id },
      body: {
        data: {
          file_ids: [fp.file_id],
          values: [
            { field_definition_id: SEED_IDS.statusFieldId, value: [SEED_IDS.statusOptions.approved] },
            { field_definition_id: rate.field_definition_id, value: 30 },
          ],
        },
      },
    });
    expect(write.status).toBe(422);
    expect(write.body.errors[0].detail).toBe('System field values cannot be updated');
    const after = await api.call('GET', P.fileMetadata, { params: fp });
    expect(byName(after.body.data.metadata)).toMatchObject({ 'Frame Rate': 25 });
    expect(byName(after.body.data.metadata)).not.toHaveProperty('Status');
  });
});
