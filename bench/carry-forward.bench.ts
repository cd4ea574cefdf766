/**
 * Carry-forward on a 10-minute pair: v2 is v1 with 3 s cut at 200 s and 2 s of new material
 * inserted at 400 s (160x90, 25 fps, noise over a tone). Prints the time to align 60 notes by
 * sound and, separately, by picture (as for silent footage), each as a fraction of the media's
 * duration (the goal is at most 0.1x real time), plus how many notes landed within 1 frame.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { MediaSignals } from '../apps/server/src/repositories/media-signals.ts';
import { pictureCandidates } from '../apps/server/src/services/carry-forward/carry-decision.ts';
import { type AlignedMedia, alignFrames } from '../apps/server/src/services/carry-forward/note-aligner.ts';
import {
  pictureTrackOf,
  THUMB_HEIGHT,
  THUMB_WIDTH,
} from '../apps/server/src/services/carry-forward/picture-match.ts';
import { fmt, machineLine } from './bench-support.ts';

const run = promisify(execFile);
const SECONDS = 600;
const NOTES = 60;
const RATE = { num: 25, den: 1 };
const encode = [
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-crf',
  '28',
  '-pix_fmt',
  'yuv420p',
  '-c:a',
  'aac',
];

async function clip(dir: string, name: string, seed: number, seconds: number): Promise<string> {
  const out = path.join(dir, name);
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=gray:s=16x10:r=25:d=${seconds},noise=alls=100:allf=t+u:all_seed=${seed},scale=160:90:flags=neighbor,format=yuv420p`,
    '-f',
    'lavfi',
    '-i',
    `anoisesrc=d=${seconds}:c=white:r=48000:a=0.25:seed=${seed}`,
    '-f',
    'lavfi',
    '-i',
    `sine=f=${180 + seed * 20}:d=${seconds}:r=48000`,
    '-filter_complex',
    '[2:a]volume=0.1[t];[1:a][t]amix=inputs=2[a]',
    '-map',
    '0:v',
    '-map',
    '[a]',
    ...encode,
    out,
  ]);
  return out;
}

async function edit(dir: string, master: string, insert: string): Promise<string> {
  const out = path.join(dir, 'v2.mp4');
  const pieces: Array<[number, number, number]> = [
    [0, 0, 200],
    [0, 203, 400],
    [1, 0, 2],
    [0, 400, SECONDS],
  ];
  const parts = pieces.flatMap(([k, a, b], i) => [
    `[${k}:v]trim=start=${a}:end=${b},setpts=PTS-STARTPTS[v${i}]`,
    `[${k}:a]atrim=start=${a}:end=${b},asetpts=PTS-STARTPTS[a${i}]`,
  ]);
  const labels = pieces.map((_, i) => `[v${i}][a${i}]`).join('');
  await run('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-i',
    master,
    '-i',
    insert,
    '-filter_complex',
    `${parts.join(';')};${labels}concat=n=${pieces.length}:v=1:a=1[v][a]`,
    '-map',
    '[v]',
    '-map',
    '[a]',
    ...encode,
    out,
  ]);
  return out;
}

/** Where a v1 frame belongs on v2 (null inside the cut). */
function expected(frame: number): number | null {
  const s = frame / 25;
  if (s < 200) return frame;
  if (s < 203) return null;
  if (s < 400) return frame - 75;
  return frame - 75 + 50;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-bench-carry-'));
try {
  console.log(machineLine());
  const made = Date.now();
  const [master, insert] = await Promise.all([
    clip(dir, 'v1.mp4', 1, SECONDS),
    clip(dir, 'insert.mp4', 2, 2),
  ]);
  const v2 = await edit(dir, master, insert);
  console.log(
    `media: 2 x ${SECONDS} s at 160x90 made in ${fmt((Date.now() - made) / 1000, 1)} s (not counted)`,
  );
  const signals = new MediaSignals('ffmpeg');
  const from: AlignedMedia = { path: master, rate: RATE, durationFrames: SECONDS * 25 };
  const to: AlignedMedia = { path: v2, rate: RATE, durationFrames: (SECONDS - 1) * 25 };
  const frames = Array.from({ length: NOTES }, (_, i) => Math.floor(((i + 0.5) * SECONDS * 25) / NOTES) + 7);

  let started = performance.now();
  const placed = await alignFrames(signals, from, to, frames, async () => {});
  const audioSeconds = (performance.now() - started) / 1000;
  const within = placed.filter((p, i) => {
    const want = expected(frames[i]!);
    return want === null ? p.label === 'removed' : p.toFrame !== null && Math.abs(p.toFrame - want) <= 1;
  }).length;
  console.log(
    `by sound:   ${NOTES} notes in ${fmt(audioSeconds)} s = ${fmt(audioSeconds / SECONDS, 4)}x real time; ${within}/${NOTES} within 1 frame (or removed in the cut)`,
  );

  started = performance.now();
  const size = { width: THUMB_WIDTH, height: THUMB_HEIGHT };
  const [a, b] = await Promise.all([signals.pictures(master, RATE, size), signals.pictures(v2, RATE, size)]);
  const decoded = (performance.now() - started) / 1000;
  const fromTrack = pictureTrackOf(a!.gray, 25);
  const toTrack = pictureTrackOf(b!.gray, 25);
  let pictureWithin = 0;
  for (const frame of frames) {
    const c = pictureCandidates(fromTrack, toTrack, { rate: 25, durationFrames: SECONDS * 25 }, frame)[0]!;
    const want = expected(frame);
    const got = Math.round((frame / 25 + c.offsetSeconds) * 25);
    if (want === null ? c.score < 0.4 : Math.abs(got - want) <= 1) pictureWithin += 1;
  }
  const pictureSeconds = (performance.now() - started) / 1000;
  console.log(
    `by picture: ${NOTES} notes in ${fmt(pictureSeconds)} s (decoding ${fmt(decoded)} s) = ${fmt(pictureSeconds / SECONDS, 4)}x real time; ${pictureWithin}/${NOTES} within 1 frame (or unmatched in the cut)`,
  );
  console.log(`ratio picture / sound: ${fmt(pictureSeconds / audioSeconds)}x`);
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
