import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { ffmpeg, settleVersion, tusUpload } from '../helpers/factories.ts';
import type { UploadsEnv } from './uploads-fixtures.ts';

const run = promisify(execFile);

/**
 * Sources whose every frame has its own flat grey level (frame n: luma 64 + 16n on a 10-bit
 * scale, 16 + 4n on an 8-bit one), so a frame decoded from the proxy says which source frame it is, through lossy coding.
 */
const greyRamp = (size: string, rate: string, seconds: number, format: string) => {
  const tenBit = format.includes('10');
  const lum = tenBit ? '64+N*16' : '16+N*4';
  const chroma = tenBit ? 512 : 128;
  return `color=c=black:s=${size}:r=${rate}:d=${seconds},format=${format},geq=lum='${lum}':cb=${chroma}:cr=${chroma}`;
};

export const sources = {
  /** ProRes 422 (10-bit 4:2:2) .mov at 29.97 drop-frame, starting at 01:00:00;00, with PCM audio. */
  prores2997df: (dir: string) =>
    ffmpeg(dir, 'prores.mov', [
      '-f',
      'lavfi',
      '-i',
      greyRamp('160x90', '30000/1001', 2, 'yuv422p10le'),
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000:duration=2',
      '-c:v',
      'prores_ks',
      '-profile:v',
      '2',
      '-c:a',
      'pcm_s24le',
      '-timecode',
      '01:00:00;00',
      '-shortest',
    ]),
  /** DNxHR LB in MXF at 25 fps (DNxHR needs at least 256x120, so 256x144). */
  dnxhr25: (dir: string) =>
    ffmpeg(dir, 'dnxhr.mxf', [
      '-f',
      'lavfi',
      '-i',
      greyRamp('256x144', '25', 2, 'yuv422p'),
      '-c:v',
      'dnxhd',
      '-profile:v',
      'dnxhr_lb',
    ]),
  /** H.264 High yuv420p in MP4 at 23.976 with AAC: plays as it is. */
  h264_2398: (dir: string) =>
    ffmpeg(dir, 'h264.mp4', [
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=160x90:rate=24000/1001',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:duration=1',
      '-t',
      '1',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-c:a',
      'aac',
    ]),
  /**
   * Phone-like variable frame rate: nominal 30 fps, frames alternately 1/30 s and 2/30 s apart
   * (60 frames over about 3 s).
   */
  vfr: (dir: string) =>
    ffmpeg(dir, 'vfr.mp4', [
      '-f',
      'lavfi',
      '-i',
      greyRamp('160x90', '30', 2, 'yuv420p'),
      '-vf',
      "setpts='(N+floor(N/2))/(30*TB)'",
      '-fps_mode',
      'vfr',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-video_track_timescale',
      '30000',
    ]),
  /** WAV, 48 kHz, 24-bit: the podcast original. */
  wav48k: (dir: string) =>
    ffmpeg(dir, 'voice.wav', [
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=220:sample_rate=48000:duration=1.5',
      '-c:a',
      'pcm_s24le',
    ]),
};

export interface CountedStream {
  frames: number;
  rate: string;
  timecode: string | null;
  codec: string;
}

/** ffprobe `-count_frames` on the first video stream (decodes every frame). */
export async function countFrames(file: string): Promise<CountedStream> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=nb_read_frames,r_frame_rate,codec_name:stream_tags=timecode',
    '-of',
    'json',
    file,
  ]);
  const stream = JSON.parse(stdout).streams[0];
  return {
    frames: Number(stream.nb_read_frames),
    rate: stream.r_frame_rate,
    timecode: stream.tags?.timecode ?? null,
    codec: stream.codec_name,
  };
}

/** The mean grey level (0..255) of every decoded frame, in order. */
export async function frameGreys(file: string): Promise<number[]> {
  const { stdout } = await run(
    'ffmpeg',
    [
      '-v',
      'error',
      '-i',
      file,
      '-map',
      '0:v:0',
      '-vf',
      'scale=1:1',
      '-fps_mode',
      'passthrough',
      '-f',
      'rawvideo',
      '-pix_fmt',
      'gray',
      '-',
    ],
    { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  );
  return [...(stdout as Buffer)];
}

/** Codec and sample rate of the first audio stream. */
export async function audioStream(file: string): Promise<{ codec: string; sampleRate: number }> {
  const { stdout } = await run('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'a:0',
    '-show_entries',
    'stream=codec_name,sample_rate',
    '-of',
    'json',
    file,
  ]);
  const stream = JSON.parse(stdout).streams[0];
  return { codec: stream.codec_name, sampleRate: Number(stream.sample_rate) };
}

/** Uploads a file and runs the worker until analysis, proxy and previews are all done. */
export async function uploadThroughPipeline(env: UploadsEnv, file: string) {
  const { versionId } = await tusUpload(env.app, fs.readFileSync(file), {
    apiKey: env.apiKey,
    metadata: { deliverable_id: env.deliverableId, filename: path.basename(file) },
    analyse: false,
  });
  if (!versionId) throw new Error('no version id');
  await settleVersion(env.app, versionId, { pipeline: true });
  const { body } = await env.owner.client.get(`/api/v1/versions/${versionId}`);
  return { versionId, version: body.data };
}

/** Downloads a version's file (proxy, preview) to disk for ffprobe, as the owner's API key. */
export async function download(env: UploadsEnv, url: string, name: string): Promise<string> {
  const res = await fetch(`${env.app.url}${url}`, { headers: { authorization: `Bearer ${env.apiKey}` } });
  if (res.status !== 200) throw new Error(`GET ${url}: ${res.status} ${await res.text()}`);
  const file = path.join(env.tmp, name);
  fs.writeFileSync(file, Buffer.from(await res.arrayBuffer()));
  return file;
}
