import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A short H.264 test clip at 23.976 (24000/1001) fps, made with Debian's ffmpeg. `extra` adds
 * ffmpeg output options (e.g. ['-timecode', '01:00:00:00']).
 */
export function makeClip(name = 'clip.mp4', seconds = 3, extra: string[] = []): string {
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
      'testsrc=size=320x240:rate=24000/1001',
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
