import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { redactSignedUrls } from './redact-signed-urls.ts';

/**
 * What a playback proxy is made from (decided by services/playback-rule.ts). `video`: H.264/AAC
 * MP4; `audio`: loudness-normalised AAC in MP4 (.m4a).
 */
export type ProxySpec =
  | {
      kind: 'video';
      /** The exact source rate as `num/den`. */
      rate: string;
      /** Conform a variable-rate source to `rate` (otherwise every frame passes through unchanged). */
      constantRate: boolean;
      /** The source's start timecode (`HH:MM:SS:FF`, `;` for drop-frame), carried into the proxy. */
      timecode: string | null;
      hasAudio: boolean;
    }
  | { kind: 'audio' };

/** ffmpeg's progress while a proxy is made. */
export interface TranscodeProgress {
  /** Media time written so far. */
  outSeconds: number;
  /** Encoding speed relative to real time (1 = as fast as playback), when ffmpeg reports one. */
  speed: number | null;
}

/** Why ffmpeg failed; `detail` (its stderr, naming server paths) is for the log only. */
export type TranscodeOutcome =
  | { ok: true }
  | { ok: false; reason: 'unavailable' | 'failed' | 'aborted'; detail: string };

/** The proxy's largest frame: 1920x1080, aspect kept, even dimensions (H.264 4:2:0 needs them). */
const FIT_1080P = "scale=w='trunc(min(1\\,min(1920/iw\\,1080/ih))*iw/2)*2':h=-2";
const MAX_DETAIL_CHARS = 2000;

/**
 * The ffmpeg arguments of a proxy, exported so the benchmark runs exactly this command directly.
 *
 * Video: every source frame becomes one proxy frame at the same timestamp (`-fps_mode
 * passthrough`), the track's time scale is the rate's numerator so each frame lasts exactly
 * `den` ticks, and `-timecode` writes the source's start timecode (a tmcd track). A variable-rate
 * source is conformed to its nominal rate instead (`-fps_mode cfr -r`), see the docs.
 */
export function proxyArguments(spec: ProxySpec, source: string, target: string): string[] {
  const head = ['-nostdin', '-hide_banner', '-v', 'error', '-y', '-progress', 'pipe:1', '-nostats'];
  if (spec.kind === 'audio') {
    return [
      ...head,
      '-i',
      source,
      '-map',
      '0:a:0',
      '-vn',
      // EBU R128 single pass: speech and music at a similar level, peaks kept under -1.5 dBTP.
      '-af',
      'loudnorm=I=-16:TP=-1.5:LRA=11',
      '-ar',
      '48000',
      '-c:a',
      'aac',
      '-b:a',
      '192k',
      '-map_metadata',
      '-1',
      '-movflags',
      '+faststart',
      '-f',
      'mp4',
      target,
    ];
  }
  const [num] = spec.rate.split('/');
  return [
    ...head,
    '-i',
    source,
    '-map',
    '0:v:0',
    ...(spec.hasAudio ? ['-map', '0:a:0'] : []),
    '-vf',
    FIT_1080P,
    '-c:v',
    'libx264',
    '-preset',
    'veryfast',
    '-crf',
    '20',
    '-pix_fmt',
    'yuv420p',
    '-profile:v',
    'high',
    ...(spec.constantRate ? ['-fps_mode', 'cfr', '-r', spec.rate] : ['-fps_mode', 'passthrough']),
    '-video_track_timescale',
    String(num),
    ...(spec.hasAudio ? ['-c:a', 'aac', '-b:a', '192k', '-ac', '2'] : []),
    ...(spec.timecode ? ['-timecode', spec.timecode] : []),
    '-map_metadata',
    '-1',
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    target,
  ];
}

/**
 * Runs ffmpeg as a child process (no shell: a file name is never interpreted) for proxies,
 * posters, thumbnail sprites and waveform peaks. Every run takes the job's AbortSignal, so a
 * timed-out or shut-down job does not leave ffmpeg running.
 */
export class MediaTranscoder {
  constructor(readonly ffmpegPath: string) {}

  /** Makes the proxy at `target`, reporting ffmpeg's `-progress` lines as they come. */
  proxy(
    spec: ProxySpec,
    source: string,
    target: string,
    opts: { signal?: AbortSignal; onProgress?: (p: TranscodeProgress) => void } = {},
  ): Promise<TranscodeOutcome> {
    return this.run(proxyArguments(spec, source, target), opts.signal, (line, state) => {
      const [key, value] = splitOnce(line);
      if (key === 'out_time_us' || key === 'out_time_ms') {
        // Both are microseconds in ffmpeg (out_time_ms is misnamed); "N/A" before the first frame.
        const us = Number(value);
        if (Number.isFinite(us)) state.outSeconds = us / 1e6;
      } else if (key === 'speed') {
        const speed = Number.parseFloat(value);
        state.speed = Number.isFinite(speed) && speed > 0 ? speed : null;
      } else if (key === 'progress') {
        opts.onProgress?.({ outSeconds: state.outSeconds, speed: state.speed });
      }
    });
  }

  /** One frame at `atSeconds` as a JPEG at most 640 pixels wide. */
  poster(source: string, target: string, atSeconds: number, signal?: AbortSignal): Promise<TranscodeOutcome> {
    return this.run(
      [
        '-nostdin',
        '-v',
        'error',
        '-y',
        '-ss',
        atSeconds.toFixed(3),
        '-i',
        source,
        '-map',
        '0:v:0',
        '-frames:v',
        '1',
        '-vf',
        "scale=w='min(640,iw)':h=-2",
        '-q:v',
        '4',
        '-f',
        'image2',
        target,
      ],
      signal,
    );
  }

  /**
   * A sprite of `count` tiles (`tileWidth` x `tileHeight`, letterboxed), one every
   * `intervalSeconds`, `columns` to a row.
   */
  sprite(
    source: string,
    target: string,
    layout: {
      intervalSeconds: number;
      count: number;
      columns: number;
      tileWidth: number;
      tileHeight: number;
    },
    signal?: AbortSignal,
  ): Promise<TranscodeOutcome> {
    const { intervalSeconds, count, columns, tileWidth: w, tileHeight: h } = layout;
    const rows = Math.ceil(count / columns);
    const filter = [
      `fps=1/${intervalSeconds}`,
      `scale=${w}:${h}:force_original_aspect_ratio=decrease`,
      `pad=${w}:${h}:(ow-iw)/2:(oh-ih)/2`,
      `tile=${columns}x${rows}`,
    ].join(',');
    return this.run(
      [
        '-nostdin',
        '-v',
        'error',
        '-y',
        '-i',
        source,
        '-map',
        '0:v:0',
        '-vf',
        filter,
        '-frames:v',
        '1',
        '-q:v',
        '5',
        '-f',
        'image2',
        target,
      ],
      signal,
    );
  }

  /**
   * Peaks of the first audio stream: the largest absolute sample (0..1) of each bucket of
   * `samplesPerPeak` samples, decoded to mono 16-bit at `sampleRate`. Streams; never holds the
   * decoded audio.
   */
  async peaks(
    source: string,
    opts: { sampleRate: number; samplesPerPeak: number; signal?: AbortSignal },
  ): Promise<{ outcome: TranscodeOutcome; peaks: number[] }> {
    const peaks: number[] = [];
    let current = 0;
    let inBucket = 0;
    let carry: Buffer | null = null;
    const args = [
      '-nostdin',
      '-v',
      'error',
      '-i',
      source,
      '-map',
      '0:a:0',
      '-ac',
      '1',
      '-ar',
      String(opts.sampleRate),
      '-f',
      's16le',
      'pipe:1',
    ];
    const outcome = await this.spawnFfmpeg(args, opts.signal, (chunk) => {
      let data = carry ? Buffer.concat([carry, chunk]) : chunk;
      const whole = data.length - (data.length % 2);
      carry = whole < data.length ? data.subarray(whole) : null;
      data = data.subarray(0, whole);
      for (let i = 0; i < data.length; i += 2) {
        const sample = Math.abs(data.readInt16LE(i));
        if (sample > current) current = sample;
        inBucket += 1;
        if (inBucket === opts.samplesPerPeak) {
          peaks.push(Math.min(1, current / 32767));
          current = 0;
          inBucket = 0;
        }
      }
    });
    if (inBucket > 0) peaks.push(Math.min(1, current / 32767));
    return { outcome, peaks };
  }

  private run(
    args: string[],
    signal: AbortSignal | undefined,
    onLine?: (line: string, state: TranscodeProgress) => void,
  ): Promise<TranscodeOutcome> {
    const state: TranscodeProgress = { outSeconds: 0, speed: null };
    return this.spawnFfmpeg(args, signal, undefined, onLine ? (line) => onLine(line, state) : undefined);
  }

  private spawnFfmpeg(
    args: string[],
    signal: AbortSignal | undefined,
    onData?: (chunk: Buffer) => void,
    onLine?: (line: string) => void,
  ): Promise<TranscodeOutcome> {
    return new Promise((resolve) => {
      if (signal?.aborted) {
        resolve({ ok: false, reason: 'aborted', detail: 'aborted before ffmpeg started' });
        return;
      }
      const child = spawn(this.ffmpegPath, args, { stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
      let stderr = '';
      let settled = false;
      const finish = (outcome: TranscodeOutcome) => {
        if (settled) return;
        settled = true;
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      const onAbort = () => child.kill('SIGKILL');
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stderr.on('data', (chunk: Buffer) => {
        if (stderr.length < MAX_DETAIL_CHARS) stderr += chunk.toString('utf8');
      });
      if (onData) child.stdout.on('data', onData);
      else if (onLine) createInterface({ input: child.stdout }).on('line', onLine);
      else child.stdout.resume();
      child.on('error', (err: NodeJS.ErrnoException) => {
        const unavailable = err.code === 'ENOENT' || err.code === 'EACCES';
        finish({
          ok: false,
          reason: unavailable ? 'unavailable' : 'failed',
          detail: unavailable ? `ffmpeg not available at "${this.ffmpegPath}" (${err.code})` : err.message,
        });
      });
      child.on('close', (code, killedBy) => {
        if (signal?.aborted) finish({ ok: false, reason: 'aborted', detail: `ffmpeg stopped (${killedBy})` });
        else if (code === 0) finish({ ok: true });
        else
          finish({
            ok: false,
            reason: 'failed',
            detail: redactSignedUrls(stderr.trim() || `ffmpeg exited with ${code ?? killedBy}`).slice(
              0,
              MAX_DETAIL_CHARS,
            ),
          });
      });
    });
  }
}

function splitOnce(line: string): [string, string] {
  const at = line.indexOf('=');
  return at < 0 ? [line, ''] : [line.slice(0, at), line.slice(at + 1).trim()];
}
