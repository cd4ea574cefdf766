import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * Small clips for carry-forward, made by ffmpeg: a picture of random 20-pixel blocks that changes
 * every frame (so each frame has its own hash) and white noise over a quieter low tone (so every second of
 * sound is its own), 320x180 at 25 fps. Different seeds give unrelated material.
 */
export async function sourceClip(
  dir: string,
  name: string,
  opts: { seed: number; seconds: number; silent?: boolean },
): Promise<string> {
  const out = path.join(dir, name);
  const video = `color=c=gray:s=16x10:r=25:d=${opts.seconds},noise=alls=100:allf=t+u:all_seed=${opts.seed},scale=320:180:flags=neighbor,format=yuv420p`;
  const sound = opts.silent
    ? ['-f', 'lavfi', '-i', `anullsrc=r=48000:cl=mono:d=${opts.seconds}`]
    : [
        '-f',
        'lavfi',
        '-i',
        `anoisesrc=d=${opts.seconds}:c=white:r=48000:a=0.25:seed=${opts.seed}`,
        '-f',
        'lavfi',
        '-i',
        `sine=f=${180 + opts.seed * 20}:d=${opts.seconds}:r=48000`,
      ];
  const mix = opts.silent
    ? ['-map', '1:a']
    : ['-filter_complex', '[2:a]volume=0.1[t];[1:a][t]amix=inputs=2[a]', '-map', '[a]'];
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    video,
    ...sound,
    ...mix,
    '-map',
    '0:v',
    '-t',
    String(opts.seconds),
    ...encode,
    out,
  ]);
  return out;
}

const encode = [
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-crf',
  '20',
  '-pix_fmt',
  'yuv420p',
  '-c:a',
  'aac',
];

export interface Piece {
  file: string;
  fromSeconds: number;
  toSeconds: number;
}

/** A new cut joined from pieces of clips (an edit: trims, a segment removed, one inserted). */
export async function editOf(dir: string, name: string, pieces: Piece[]): Promise<string> {
  const out = path.join(dir, name);
  const files = [...new Set(pieces.map((p) => p.file))];
  const parts: string[] = [];
  const labels: string[] = [];
  pieces.forEach((p, i) => {
    const k = files.indexOf(p.file);
    const range = `start=${p.fromSeconds}:end=${p.toSeconds}`;
    parts.push(`[${k}:v]trim=${range},setpts=PTS-STARTPTS[v${i}]`);
    parts.push(`[${k}:a]atrim=${range},asetpts=PTS-STARTPTS[a${i}]`);
    labels.push(`[v${i}][a${i}]`);
  });
  const graph = `${parts.join(';')};${labels.join('')}concat=n=${pieces.length}:v=1:a=1[v][a]`;
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    ...files.flatMap((f) => ['-i', f]),
    '-filter_complex',
    graph,
    '-map',
    '[v]',
    '-map',
    '[a]',
    ...encode,
    out,
  ]);
  return out;
}
