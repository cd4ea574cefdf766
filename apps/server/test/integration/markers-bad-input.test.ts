import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverable, createPortalClient, createVersion } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { avidLine, importRows, sendMarkers } from './markers-fixtures.ts';

// Every refused marker import names its problem with a stable code and writes nothing: no
// comment, no import key (counted across the whole database before and after).

let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let version: string;
let noRate: string;
let audio: string;
let portal: Awaited<ReturnType<typeof createPortalClient>>;
const good = avidLine('01:00:01;00', 'fine');

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off' });
  owner = await signUp(app);
  const { clientId, deliverableId } = await createDeliverable(app, owner.orgId);
  version = await createVersion(app, owner.orgId, deliverableId, {
    rate: [30000, 1001],
    durationFrames: 17982,
    startFrame: 107892,
    dropFrame: true,
  });
  noRate = await createVersion(app, owner.orgId, deliverableId, { rate: null, durationFrames: null });
  audio = await createVersion(app, owner.orgId, deliverableId, {
    rate: [1000, 1],
    durationFrames: 90_000,
    kind: 'audio',
  });
  portal = await createPortalClient(app, owner.orgId, clientId);
});
afterAll(async () => {
  await app?.close();
});

async function refused(
  send: () => ReturnType<typeof sendMarkers>,
  status: number,
  code: string,
): Promise<Record<string, unknown>> {
  const before = await importRows(app);
  const res = await send();
  expect(res.status).toBe(status);
  expect(res.body.error.code).toBe(code);
  expect(await importRows(app)).toEqual(before);
  return res.body.error;
}

describe('marker import refuses bad input and writes nothing', () => {
  it('an unknown format: 400 unknown_marker_format (preview and import)', async () => {
    await refused(
      () => sendMarkers(owner.client, version, 'format=docx', good),
      400,
      'unknown_marker_format',
    );
    await refused(
      () => sendMarkers(owner.client, version, 'format=html', good, { apply: true }),
      400,
      'unknown_marker_format',
    );
  });

  it('a file that is not of its format: 422 unparsable_marker_file, saying why', async () => {
    const error = await refused(
      () => sendMarkers(owner.client, version, 'format=fcpxml', '<fcpxml><marker', { apply: true }),
      422,
      'unparsable_marker_file',
    );
    expect(error.message).toMatch(/not a readable FCPXML file/);
    await refused(
      () => sendMarkers(owner.client, version, 'format=avid', 'hello\nworld\n', { apply: true }),
      422,
      'unparsable_marker_file',
    );
  });

  it('a binary file: 422 unparsable_marker_file', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    await refused(
      () => sendMarkers(owner.client, version, 'format=csv', png, { apply: true, contentType: 'image/png' }),
      422,
      'unparsable_marker_file',
    );
  });

  it('an oversize file: 413 marker_file_too_large', async () => {
    const huge = Buffer.alloc(16 * 1024 * 1024 + 1, 0x41);
    await refused(
      () => sendMarkers(owner.client, version, 'format=csv', huge, { apply: true, contentType: 'text/csv' }),
      413,
      'marker_file_too_large',
    );
  });

  it('more markers than one import takes: 422 too_many_markers', async () => {
    const many = avidLine('01:00:01;00', 'x').repeat(20_001);
    await refused(
      () => sendMarkers(owner.client, version, 'format=avid', many, { apply: true }),
      422,
      'too_many_markers',
    );
  });

  it('an empty body: 400 empty_marker_file', async () => {
    await refused(
      () => sendMarkers(owner.client, version, 'format=avid', '', { apply: true }),
      400,
      'empty_marker_file',
    );
  });

  it('a version without a known rate: 422 version_has_no_frame_rate', async () => {
    await refused(
      () => sendMarkers(owner.client, noRate, 'format=avid', good, { apply: true }),
      422,
      'version_has_no_frame_rate',
    );
  });

  it('an audio-only version (positions in milliseconds): 422 marker_import_needs_video_rate', async () => {
    await refused(
      () => sendMarkers(owner.client, audio, 'format=avid', good, { apply: true }),
      422,
      'marker_import_needs_video_rate',
    );
  });

  it('align=start on a file that does not say where it starts: 422 file_start_unknown', async () => {
    await refused(
      () => sendMarkers(owner.client, version, 'format=avid&align=start', good, { apply: true }),
      422,
      'file_start_unknown',
    );
  });

  it('a file_start that is not a timecode: 400 invalid_file_start', async () => {
    await refused(
      () => sendMarkers(owner.client, version, 'format=avid&align=start&file_start=soon', good),
      400,
      'invalid_file_start',
    );
  });

  it('a file_start drop-frame does not have: 422 invalid_file_start', async () => {
    await refused(
      () =>
        sendMarkers(owner.client, version, 'format=avid&align=start&file_start=01:01:00;00', good, {
          apply: true,
        }),
      422,
      'invalid_file_start',
    );
  });

  it('a portal user cannot import: 403 forbidden', async () => {
    await refused(
      () => sendMarkers(portal.client, version, 'format=avid', good, { apply: true }),
      403,
      'forbidden',
    );
  });

  it("another organization's version: 404 not_found", async () => {
    const other = await signUp(app);
    await refused(
      () => sendMarkers(other.client, version, 'format=avid', good, { apply: true }),
      404,
      'not_found',
    );
  });
});
