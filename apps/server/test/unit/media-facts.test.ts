import { describe, expect, it } from 'vitest';
import { factsFrom, interpretProbe, PROBE_MESSAGES } from '../../src/services/media-facts.ts';

const video = (over: Record<string, unknown> = {}) => ({
  codec_type: 'video',
  width: 1920,
  height: 1080,
  r_frame_rate: '24000/1001',
  avg_frame_rate: '24000/1001',
  duration: '10.010000',
  nb_frames: '240',
  ...over,
});

describe('factsFrom (ffprobe JSON → stored facts)', () => {
  it('takes the exact rational rate and the counted frames', () => {
    expect(factsFrom({ streams: [video()] })).toMatchObject({
      media_kind: 'video',
      frame_rate_num: 24000,
      frame_rate_den: 1001,
      duration_frames: 240,
      duration_ms: 10010,
      width: 1920,
      height: 1080,
    });
  });

  it('falls back to avg_frame_rate when r_frame_rate is a timebase (90000/1)', () => {
    const f = factsFrom({ streams: [video({ r_frame_rate: '90000/1', avg_frame_rate: '30000/1001' })] });
    expect([f.frame_rate_num, f.frame_rate_den]).toEqual([30000, 1001]);
  });

  it('reduces unreduced rates and derives frames from the duration when nb_frames is missing', () => {
    const f = factsFrom({
      streams: [video({ r_frame_rate: '48000/2002', nb_frames: undefined, duration: '2.002000' })],
    });
    expect([f.frame_rate_num, f.frame_rate_den, f.duration_frames]).toEqual([24000, 1001, 48]);
  });

  it('reads the start timecode from the video stream, a data (tmcd) stream, or the format tags', () => {
    const ntsc = { r_frame_rate: '30000/1001', avg_frame_rate: '30000/1001' };
    expect(factsFrom({ streams: [video({ ...ntsc, tags: { timecode: '01:00:00;00' } })] })).toMatchObject({
      start_frame: 107892,
      drop_frame: 1,
    });
    expect(
      factsFrom({ streams: [video(ntsc), { codec_type: 'data', tags: { timecode: '00:00:10;00' } }] }),
    ).toMatchObject({ start_frame: 300, drop_frame: 1 });
    expect(
      factsFrom({
        streams: [video({ r_frame_rate: '25/1', avg_frame_rate: '25/1' })],
        format: { tags: { timecode: '10:00:00:00' } },
      }),
    ).toMatchObject({
      start_frame: 900000,
      drop_frame: 0,
    });
  });

  it('ignores an impossible start timecode tag instead of failing the file', () => {
    expect(
      factsFrom({ streams: [video({ r_frame_rate: '25/1', tags: { timecode: '01:00:00;00' } })] }),
    ).toMatchObject({ start_frame: 0, drop_frame: 0 });
  });

  it('audio-only (cover art does not count as video) is 1000/1 with the duration in ms', () => {
    const f = factsFrom({
      streams: [
        { codec_type: 'audio', duration: '1.500000' },
        { codec_type: 'video', disposition: { attached_pic: 1 }, width: 600, height: 600 },
      ],
    });
    expect(f).toMatchObject({
      media_kind: 'audio',
      frame_rate_num: 1000,
      frame_rate_den: 1,
      duration_frames: 1500,
      duration_ms: 1500,
      width: null,
    });
  });
});

describe('interpretProbe', () => {
  it('a missing ffprobe is not a failure', () => {
    expect(interpretProbe({ kind: 'unavailable', detail: 'spawn /opt/ff/ffprobe ENOENT' })).toMatchObject({
      status: 'ready',
      facts: { media_kind: 'other' },
      note: PROBE_MESSAGES.unavailable,
      detail: 'spawn /opt/ff/ffprobe ENOENT',
    });
  });
  it('ffprobe refusing the file, or a file without audio/video, fails the version', () => {
    const raw = '/data/uploads/tus/abc: Invalid data found when processing input';
    expect(interpretProbe({ kind: 'failed', reason: 'unreadable', detail: raw })).toMatchObject({
      status: 'failed',
      error: PROBE_MESSAGES.unreadable,
      detail: raw,
    });
    expect(interpretProbe({ kind: 'ok', output: { streams: [{ codec_type: 'subtitle' }] } })).toMatchObject({
      status: 'failed',
    });
  });
});
