import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliverable, createPortalClient, createVersion } from '../helpers/factories.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { exportText } from './markers-fixtures.ts';

let app: TestApp;
let owner: Awaited<ReturnType<typeof signUp>>;
let portal: Awaited<ReturnType<typeof createPortalClient>>;
/** 29.97 DF from 01:00:00;00, ten minutes. */
let v2997: string;
let vNoRate: string;
let vAudio: string;

beforeAll(async () => {
  app = await startTestApp({ PREROLL_WORKER: 'off', PUBLIC_URL: 'https://preroll.example' });
  owner = await signUp(app, { name: 'Olivia Owner' });
  const { clientId, deliverableId } = await createDeliverable(app, owner.orgId);
  v2997 = await createVersion(app, owner.orgId, deliverableId, {
    rate: [30000, 1001],
    durationFrames: 17982,
    startFrame: 107892,
    dropFrame: true,
  });
  vNoRate = await createVersion(app, owner.orgId, deliverableId, { rate: null, durationFrames: null });
  vAudio = await createVersion(app, owner.orgId, deliverableId, {
    rate: [1000, 1],
    durationFrames: 90_000,
    kind: 'audio',
  });
  portal = await createPortalClient(app, owner.orgId, clientId, 'Casey Client');
  const post = (body: Record<string, unknown>) =>
    owner.client.post(`/api/v1/versions/${v2997}/comments`, body);
  const first = await post({ body: 'Fix the dip <b>here</b> & "there"', frame: 1800 });
  expect(first.status).toBe(201);
  expect((await post({ body: 'Team only: check the mix', frame: 1799, visibility: 'internal' })).status).toBe(
    201,
  );
  expect((await post({ body: 'General note, no frame' })).status).toBe(201);
  const reply = await portal.client.post(`/api/v1/versions/${v2997}/comments`, {
    body: 'Agreed',
    parent_id: first.body.data.id,
  });
  expect(reply.status).toBe(201);
});
afterAll(async () => {
  await app?.close();
});

describe('GET /api/v1/versions/{id}/markers', () => {
  it('EDL for the team: FCM drop-frame, record timecodes, a locator per note with replies, author and link', async () => {
    const res = await exportText(owner.client, v2997, 'format=edl');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="rough-cut-v1-notes.edl"; filename*=UTF-8\'\'rough-cut-v1-notes.edl',
    );
    const lines = res.text.split('\n');
    expect(lines.slice(0, 2)).toEqual(['TITLE: Rough cut v1', 'FCM: DROP FRAME']);
    expect(lines[3]).toBe('001  AX       V     C        01:00:00;00 01:10:00;00 01:00:00;00 01:10:00;00');
    const locs = lines.filter((l) => l.startsWith('* LOC:'));
    expect(locs).toHaveLength(2);
    expect(locs[0]).toMatch(
      /^\* LOC: 01:00:59;29 YELLOW {2}Team only: check the mix -- Olivia Owner https:\/\/preroll\.example\/versions\//,
    );
    expect(locs[1]).toContain(
      '* LOC: 01:01:00;02 RED     Fix the dip <b>here</b> & "there" -- Olivia Owner >> Casey Client: Agreed',
    );
  });

  it('visibility=client leaves internal notes out; the portal gets the same, with the team as the portal names it', async () => {
    const team = await exportText(owner.client, v2997, 'format=csv&visibility=client');
    expect(team.text).not.toContain('Team only');
    const client = await exportText(portal.client, v2997, 'format=csv&visibility=all');
    expect(client.status).toBe(200);
    expect(client.text).not.toContain('Team only');
    const rows = client.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(rows[0]).toBe(
      'Timecode In,Timecode Out,Frame,Duration Frames,Seconds,Author,Visibility,Status,Text,Link',
    );
    expect(rows[1]).toMatch(
      /^01:01:00;02,01:01:00;03,1800,,60\.060000,Production team,client,open,"Fix the dip/,
    );
    expect(client.text).toContain('https://preroll.example/portal/versions/');
  });

  it('status filters: open holds every note today, done none (no comment is completed yet)', async () => {
    const open = await exportText(owner.client, v2997, 'format=fcpxml&status=open');
    expect(open.text.match(/<marker /g)).toHaveLength(2);
    expect(open.text).toContain('completed="0"');
    const done = await exportText(owner.client, v2997, 'format=fcpxml&status=done');
    expect(done.text).not.toContain('<marker ');
  });

  it('FCPXML and xmeml escape every value (the note text holds <, & and ")', async () => {
    const fcpxml = await exportText(owner.client, v2997, 'format=fcpxml');
    expect(fcpxml.headers.get('content-type')).toBe('application/xml; charset=utf-8');
    expect(fcpxml.text).toContain('value="Fix the dip &lt;b&gt;here&lt;/b&gt; &amp; &quot;there&quot;"');
    expect(fcpxml.text).toContain('start="109800691/30000s"');
    const xmeml = await exportText(owner.client, v2997, 'format=xmeml');
    expect(xmeml.text).toContain('<name>Fix the dip &lt;b&gt;here&lt;/b&gt; &amp; &quot;there&quot;</name>');
    expect(xmeml.headers.get('content-disposition')).toContain('rough-cut-v1-notes.xml');
  });

  it('the HTML report: escaped text, no script allowed to run, inline when asked', async () => {
    const res = await exportText(owner.client, v2997, 'format=html&disposition=inline');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^inline; filename="rough-cut-v1-notes\.html"/);
    expect(res.headers.get('content-security-policy')).toMatch(/^default-src 'none'; img-src 'self' data:/);
    expect(res.text).toContain('Fix the dip &lt;b&gt;here&lt;/b&gt; &amp; &quot;there&quot;');
    expect(res.text).not.toContain('<b>here</b>');
  });

  it('Resolve EDL and the Avid list name their files so they do not collide with the CMX EDL', async () => {
    const resolve = await exportText(owner.client, v2997, 'format=resolve-edl');
    expect(resolve.headers.get('content-disposition')).toContain('rough-cut-v1-notes.resolve.edl');
    expect(resolve.text).toContain('|C:ResolveColorRed |M:Fix the dip <b>here</b> & "there" |D:1');
    const avid = await exportText(owner.client, v2997, 'format=avid');
    expect(avid.headers.get('content-disposition')).toContain('rough-cut-v1-notes.avid-markers.txt');
    expect(avid.text.split('\n')[0]).toMatch(/^Olivia Owner\t01:00:59;29\tV1\tyellow\tTeam only/);
  });

  it('a version with no known rate: 422 version_has_no_frame_rate', async () => {
    const res = await exportText(owner.client, vNoRate, 'format=edl');
    expect(res.status).toBe(422);
    expect(res.body.error.code).toBe('version_has_no_frame_rate');
  });

  it('audio-only positions: editor formats answer 422 marker_format_needs_video_rate, CSV works', async () => {
    const edl = await exportText(owner.client, vAudio, 'format=edl');
    expect(edl.status).toBe(422);
    expect(edl.body.error.code).toBe('marker_format_needs_video_rate');
    expect((await exportText(owner.client, vAudio, 'format=csv')).status).toBe(200);
  });

  it('an unknown format: 400 unknown_marker_format', async () => {
    const res = await exportText(owner.client, v2997, 'format=docx');
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'unknown_marker_format', field: 'format' });
  });

  it("another organization's version is 404, as if it did not exist", async () => {
    const other = await signUp(app);
    const res = await exportText(other.client, v2997, 'format=csv');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });
});
