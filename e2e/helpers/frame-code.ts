import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';

/** Bits of the frame number burned into each picture: up to 2047 frames. */
export const FRAME_CODE_BITS = 11;
const BLOCK = 24;

/**
 * A clip whose every frame carries its own index as a row of black/white blocks (bit 0 leftmost),
 * drawn by ffmpeg's drawbox with a per-frame `enable` on `n`: what the browser shows can be read
 * back from the pixels, whatever the player's readout says. Big flat blocks survive H.264.
 */
export function makeFrameCodeClip(name: string, seconds: number, rate: string, extra: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-e2e-framecode-'));
  const file = path.join(dir, name);
  const boxes = Array.from(
    { length: FRAME_CODE_BITS },
    (_, b) =>
      `drawbox=x=${b * BLOCK}:y=0:w=${BLOCK}:h=${BLOCK}:color=white:t=fill:enable='eq(mod(floor(n/${2 ** b}),2),1)'`,
  ).join(',');
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `color=c=black:size=${FRAME_CODE_BITS * BLOCK}x${BLOCK * 2}:rate=${rate}`,
      '-vf',
      boxes,
      '-t',
      String(seconds),
      '-c:v',
      'libx264',
      '-crf',
      '10',
      '-g',
      '12',
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

/** The frame index the <video> (the first, or the one `selector` names) shows, read from its blocks. */
export function readFrameCode(page: Page, selector = 'video'): Promise<number> {
  return page.evaluate(
    ({ bits, block, selector }) => {
      const video = document.querySelector<HTMLVideoElement>(selector)!;
      const canvas = document.createElement('canvas');
      canvas.width = video.videoWidth;
      canvas.height = video.videoHeight;
      const ctx = canvas.getContext('2d', { willReadFrequently: true })!;
      ctx.drawImage(video, 0, 0);
      let n = 0;
      for (let b = 0; b < bits; b += 1) {
        const [r, g, bl] = ctx.getImageData(b * block + block / 2, block / 2, 1, 1).data;
        if ((r! + g! + bl!) / 3 > 128) n += 2 ** b;
      }
      return n;
    },
    { bits: FRAME_CODE_BITS, block: BLOCK, selector },
  );
}
