import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { media } from '../helpers/factories.ts';
import {
  audioStream,
  countFrames,
  download,
  frameGreys,
  sources,
  uploadThroughPipeline,
} from './media-pipeline-fixtures.ts';
import { startUploadsEnv, type UploadsEnv } from './uploads-fixtures.ts';

/**
 * Playback proxies from real media made by ffmpeg here: frame N of the proxy is frame N of the
 * original (same count, same exact rate, every frame's grey level in order), the start timecode
 * is carried, and what already plays gets no proxy (docs/uploads-and-review.md, "What plays").
 */
let env: UploadsEnv;
beforeAll(async () => {
  env = await startUploadsEnv();
});
afterAll(async () => {
  await env?.close();
});

/** Each proxy frame's grey is its source frame's, within what lossy coding moves a flat picture. */
function expectSameFrames(proxy: number[], source: number[]) {
  expect(proxy).toHaveLength(source.length);
  const worst = Math.max(...proxy.map((g, i) => Math.abs(g - source[i]!)));
  expect(worst).toBeLessThanOrEqual(2);
}

describe('video masters get an H.264 proxy, frame for frame', { timeout: 120_000 }, () => {
  it('ProRes 422 .mov at 29.97 DF from 01:00:00;00: 60 frames at 30000/1001, every frame in place, timecode carried', async () => {
    const file = await sources.prores2997df(env.tmp);
    const { versionId, version } = await uploadThroughPipeline(env, file);
    expect(version).toMatchObject({
      status: 'ready',
      proxy_status: 'ready',
      playback_url: `/api/v1/versions/${versionId}/playback`,
      media_url: `/api/v1/versions/${versionId}/media`,
      start_timecode: '01:00:00;00',
      frame_rate: '30000/1001',
      processing: null,
    });
    const proxy = await download(env, version.playback_url, 'prores-proxy.mp4');
    const [src, out] = await Promise.all([countFrames(file), countFrames(proxy)]);
    expect(src).toMatchObject({ frames: 60, rate: '30000/1001', codec: 'prores' });
    expect(out).toEqual({ frames: 60, rate: '30000/1001', timecode: '01:00:00;00', codec: 'h264' });
    expect(version.duration_frames).toBe(60);
    expectSameFrames(await frameGreys(proxy), await frameGreys(file));
    expect((await audioStream(proxy)).codec).toBe('aac');
  });

  it('DNxHR LB .mxf at 25 fps: 50 frames at 25/1, every frame in place', async () => {
    const file = await sources.dnxhr25(env.tmp);
    const { version } = await uploadThroughPipeline(env, file);
    expect(version).toMatchObject({ status: 'ready', proxy_status: 'ready', frame_rate: '25/1' });
    const proxy = await download(env, version.playback_url, 'dnxhr-proxy.mp4');
    const [src, out] = await Promise.all([countFrames(file), countFrames(proxy)]);
    expect(src).toMatchObject({ frames: 50, rate: '25/1', codec: 'dnxhd' });
    expect(out).toMatchObject({ frames: 50, rate: '25/1', codec: 'h264' });
    expectSameFrames(await frameGreys(proxy), await frameGreys(file));
  });

  it('H.264 yuv420p + AAC in MP4 at 23.976 already plays: not_needed, playback_url is the original', async () => {
    const file = await sources.h264_2398(env.tmp);
    const { versionId, version } = await uploadThroughPipeline(env, file);
    expect(version).toMatchObject({
      status: 'ready',
      proxy_status: 'not_needed',
      playback_url: `/api/v1/versions/${versionId}/media`,
      frame_rate: '24000/1001',
    });
    const res = await env.owner.client.get(`/api/v1/versions/${versionId}/playback`);
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('proxy_not_ready');
  });

  it('variable-rate phone footage is conformed to its nominal 30 fps: frames = duration × rate, first and last frames kept', async () => {
    const file = await sources.vfr(env.tmp);
    const { version } = await uploadThroughPipeline(env, file);
    expect(version).toMatchObject({ status: 'ready', proxy_status: 'ready', frame_rate: '30/1' });
    const proxy = await download(env, version.playback_url, 'vfr-proxy.mp4');
    const out = await countFrames(proxy);
    expect(out.rate).toBe('30/1');
    // The version counts positions on the proxy's constant-rate timeline.
    expect(out.frames).toBe(version.duration_frames);
    expect(Math.abs(out.frames - Math.round(version.duration_seconds * 30))).toBeLessThanOrEqual(1);
    const [src, conformed] = await Promise.all([frameGreys(file), frameGreys(proxy)]);
    // 60 source frames over about 3 s become about 90 evenly spaced ones.
    expect(src).toHaveLength(60);
    expect(conformed.length).toBeGreaterThan(src.length);
    expect(Math.abs(conformed[0]! - src[0]!)).toBeLessThanOrEqual(2);
    expect(Math.abs(conformed.at(-1)! - src.at(-1)!)).toBeLessThanOrEqual(2);
  });
});

describe('audio originals', { timeout: 120_000 }, () => {
  it('a 48 kHz WAV gets a loudness-normalised AAC proxy (audio/mp4) and a waveform', async () => {
    const file = await sources.wav48k(env.tmp);
    const { versionId, version } = await uploadThroughPipeline(env, file);
    expect(version).toMatchObject({
      status: 'ready',
      media_kind: 'audio',
      proxy_status: 'ready',
      playback_url: `/api/v1/versions/${versionId}/playback`,
      waveform_url: `/api/v1/versions/${versionId}/waveform.json`,
      poster_url: null,
    });
    const res = await fetch(`${env.app.url}${version.playback_url}`, {
      headers: { authorization: `Bearer ${env.apiKey}` },
    });
    expect(res.headers.get('content-type')).toBe('audio/mp4');
    const proxy = await download(env, version.playback_url, 'voice-proxy.m4a');
    expect(await audioStream(proxy)).toEqual({ codec: 'aac', sampleRate: 48000 });
  });

  it('AAC in .m4a already plays: not_needed', async () => {
    const file = await media.audio(env.tmp);
    const { versionId, version } = await uploadThroughPipeline(env, file);
    expect(version).toMatchObject({
      proxy_status: 'not_needed',
      playback_url: `/api/v1/versions/${versionId}/media`,
    });
  });
});
