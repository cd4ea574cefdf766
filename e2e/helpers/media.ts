import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A short H.264 test clip at 23.976 (24000/1001) fps, made with Debian's ffmpeg. `extra` adds
 * ffmpeg output options (e.g. ['-timecode', '01:00:00:00']).
 */
export function makeClip(name = 'clip.mp4', seconds = 3, extra: string[] = [], rate = '24000/1001'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-e2e-media-'));
  const file = path.join(dir, name);
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=320x240:rate=${rate}`,
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      ...extra,
      '-y',
      file,
    ],
    { stdio: 'inherit' },
  );
  return file;
}

/**
 * Incompressible video (random noise, lossless H.264): ~17 MB for 2 s, so a tus upload spans
 * several 8 MiB chunks and can be interrupted between them.
 */
export function makeNoiseClip(name = 'noise.mp4', seconds = 2): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-e2e-media-'));
  const file = path.join(dir, name);
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      "nullsrc=s=640x360:r=24000/1001,geq=lum='random(1)*255':cb=128:cr=128",
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-qp',
      '0',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      '-y',
      file,
    ],
    { stdio: 'inherit' },
  );
  return file;
}

/** A short AAC tone (audio-only media: positions are milliseconds). */
export function makeTone(name = 'mix.m4a', seconds = 2): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-e2e-media-'));
  const file = path.join(dir, name);
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:duration=${seconds}`,
      '-c:a',
      'aac',
      '-y',
      file,
    ],
    { stdio: 'inherit' },
  );
  return file;
}

/** Width of one bit of the frame-number strip: 10 bits across a 320-pixel-wide frame. */
export const FRAME_BIT_WIDTH = 32;

/**
 * A clip whose every frame carries its own frame index (ffmpeg's N, from 0), burned in twice:
 * as text for people (screenshots) and as a 10-bit strip at the bottom for tests (bit i is the
 * block at x = 32·i, white = 1; a black gap of 4 px separates the blocks). Reading the strip off
 * the <video> tells which frame a player really shows. `extra` adds output options such as
 * ['-timecode', '01:00:00;00'].
 */
export function makeFrameNumberedClip(
  name: string,
  seconds: number,
  rate = '30000/1001',
  extra: string[] = [],
): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-e2e-media-'));
  const file = path.join(dir, name);
  const strip = `if(gte(Y\\,200)\\,if(lt(mod(X\\,${FRAME_BIT_WIDTH})\\,4)\\,0\\,255*mod(floor(N/pow(2\\,floor(X/${FRAME_BIT_WIDTH})))\\,2))\\,lum(X\\,Y))`;
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `color=c=black:s=320x240:r=${rate},format=yuv420p,geq=lum='${strip}':cb=128:cr=128,drawtext=text='%{frame_num}':fontsize=64:fontcolor=white:x=20:y=40`,
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-crf',
      '10',
      '-pix_fmt',
      'yuv420p',
      ...extra,
      '-movflags',
      '+faststart',
      '-y',
      file,
    ],
    { stdio: 'inherit' },
  );
  return file;
}
