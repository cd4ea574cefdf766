import { execFile } from 'node:child_process';
import { redactSignedUrls } from './redact-signed-urls.ts';

/** Raw ffprobe JSON (`-show_format -show_streams`); interpreted by services/media-facts.ts. */
export interface FfprobeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
  profile?: string;
  /** H.264: the level times ten (41 is 4.1). */
  level?: number;
  pix_fmt?: string;
  bit_rate?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  duration?: string;
  nb_frames?: string;
  disposition?: Record<string, number>;
  tags?: Record<string, string>;
}

export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { duration?: string; format_name?: string; bit_rate?: string; tags?: Record<string, string> };
}

/**
 * What ffprobe said. `detail` is its raw text (stderr, which names server paths): for the log
 * only; what users see is chosen in services/media-facts.ts.
 */
export type ProbeOutcome =
  | { kind: 'ok'; output: FfprobeOutput }
  /** ffprobe is not installed (or not executable): not the file's fault. */
  | { kind: 'unavailable'; detail: string }
  | { kind: 'failed'; reason: 'unreadable' | 'timeout' | 'bad_output'; detail: string };

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
const MAX_DETAIL_CHARS = 2000;

/** Runs ffprobe as a child process (no shell, so a file name is never interpreted). */
export class MediaProbe {
  constructor(
    private readonly ffprobePath: string,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {}

  probe(filePath: string): Promise<ProbeOutcome> {
    const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', filePath];
    return new Promise((resolve) => {
      execFile(
        this.ffprobePath,
        args,
        { timeout: this.timeoutMs, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true },
        (err, stdout, stderr) => {
          if (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'ENOENT' || code === 'EACCES') {
              resolve({
                kind: 'unavailable',
                detail: `ffprobe not available at "${this.ffprobePath}" (${code})`,
              });
              return;
            }
            if ((err as { killed?: boolean }).killed) {
              const detail = `ffprobe timed out after ${this.timeoutMs} ms`;
              resolve({ kind: 'failed', reason: 'timeout', detail });
              return;
            }
            const detail = redactSignedUrls(stderr.trim() || err.message).slice(0, MAX_DETAIL_CHARS);
            resolve({ kind: 'failed', reason: 'unreadable', detail });
            return;
          }
          try {
            resolve({ kind: 'ok', output: JSON.parse(stdout) as FfprobeOutput });
          } catch {
            const detail = `ffprobe printed output that is not JSON: ${stdout.slice(0, 200)}`;
            resolve({ kind: 'failed', reason: 'bad_output', detail });
          }
        },
      );
    });
  }
}
