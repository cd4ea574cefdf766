import { spawn } from 'node:child_process';
import { redactSignedUrls } from './redact-signed-urls.ts';

/** What carry-forward compares, decoded by ffmpeg (services/carry-forward). */
export interface DecodedAudio {
  sampleRate: number;
  samples: Float32Array;
}

export interface DecodedPictures {
  width: number;
  height: number;
  /** Frames one after the other, one byte of luma per pixel. */
  gray: Uint8Array;
}

/** ffmpeg could not read the file (the message is its stderr: for the log, it names paths). */
export class MediaDecodeError extends Error {}

const MAX_STDERR_CHARS = 2000;

/**
 * ffmpeg as a child process (no shell, so a file name is never interpreted): a version's sound as
 * mono PCM at a low rate and its pictures as tiny grayscale frames. Null when the file has no such
 * stream.
 */
export class MediaSignals {
  constructor(
    private readonly ffmpegPath: string,
    private readonly timeoutMs = 10 * 60_000,
  ) {}

  async audio(filePath: string, sampleRate: number, signal?: AbortSignal): Promise<DecodedAudio | null> {
    const args = ['-map', '0:a:0?', '-vn', '-ac', '1', '-ar', String(sampleRate), '-f', 'f32le', '-'];
    const bytes = await this.run(filePath, args, signal);
    if (bytes === null) return null;
    const samples = new Float32Array(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / 4));
    return { sampleRate, samples: samples.slice() };
  }

  /** Frames resampled to `rate` (num/den) so two versions are compared frame for frame. */
  async pictures(
    filePath: string,
    rate: { num: number; den: number },
    size: { width: number; height: number },
    signal?: AbortSignal,
  ): Promise<DecodedPictures | null> {
    const filter = `fps=${rate.num}/${rate.den},scale=${size.width}:${size.height}:flags=area,format=gray`;
    const args = ['-map', '0:v:0?', '-an', '-vf', filter, '-f', 'rawvideo', '-'];
    const bytes = await this.run(filePath, args, signal);
    if (bytes === null) return null;
    return { ...size, gray: new Uint8Array(bytes) };
  }

  private run(filePath: string, outputArgs: string[], signal?: AbortSignal): Promise<Buffer | null> {
    const args = ['-v', 'error', '-nostdin', '-i', filePath, ...outputArgs];
    return new Promise((resolve, reject) => {
      const child = spawn(this.ffmpegPath, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
        signal,
      });
      const chunks: Buffer[] = [];
      let stderr = '';
      const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
      timer.unref();
      child.stdout.on('data', (c: Buffer) => chunks.push(c));
      child.stderr.on('data', (c: Buffer) => {
        if (stderr.length < MAX_STDERR_CHARS) stderr += c.toString('utf8');
      });
      child.on('error', (err) => {
        clearTimeout(timer);
        reject(new MediaDecodeError(`ffmpeg could not run: ${err.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        // An optional map that matched nothing: the file has no stream of that kind.
        if (code !== 0 && /does not contain any stream|Output file .* is empty/i.test(stderr)) {
          resolve(null);
          return;
        }
        if (code !== 0) {
          reject(
            new MediaDecodeError(
              redactSignedUrls(stderr.trim()).slice(0, MAX_STDERR_CHARS) || `ffmpeg exited with ${code}`,
            ),
          );
          return;
        }
        const out = Buffer.concat(chunks);
        resolve(out.length === 0 ? null : out);
      });
    });
  }
}
