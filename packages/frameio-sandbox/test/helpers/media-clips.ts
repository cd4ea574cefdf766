import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface ClipOptions {
  /** ffmpeg rate, e.g. '30000/1001' */
  rate: string;
  seconds: number;
  /** start timecode tag, e.g. '01:00:00;00' */
  timecode?: string;
  size?: string;
  /** add a 48 kHz stereo tone */
  audio?: boolean;
}

/** A small H.264 clip (testsrc) made by Debian's ffmpeg, as bytes. */
export function makeClip(o: ClipOptions): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sbx-clip-'));
  const out = join(dir, 'clip.mp4');
  try {
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `testsrc=size=${o.size ?? '160x120'}:rate=${o.rate}`,
      ...(o.audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []),
      '-t',
      String(o.seconds),
      '-c:v',
      'libx264',
      '-preset',
      'ultrafast',
      '-pix_fmt',
      'yuv420p',
      ...(o.audio ? ['-c:a', 'aac', '-ac', '2'] : []),
      ...(o.timecode ? ['-timecode', o.timecode] : []),
      '-movflags',
      '+faststart',
      '-y',
      out,
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A short AAC tone (audio-only media). */
export function makeTone(seconds = 1): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sbx-tone-'));
  const out = join(dir, 'tone.m4a');
  try {
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `sine=frequency=440:duration=${seconds}:sample_rate=44100`,
      '-c:a',
      'aac',
      '-y',
      out,
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A tiny PNG. */
export function makeStill(): Buffer {
  const dir = mkdtempSync(join(tmpdir(), 'sbx-still-'));
  const out = join(dir, 'still.png');
  try {
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=64x48:rate=1',
      '-frames:v',
      '1',
      '-y',
      out,
    ]);
    return readFileSync(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
