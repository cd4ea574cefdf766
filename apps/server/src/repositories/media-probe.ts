import { execFile } from 'node:child_process';

/** Raw ffprobe JSON (`-show_format -show_streams`); interpreted by services/media-facts.ts. */
export interface FfprobeStream {
  index?: number;
  codec_type?: string;
  codec_name?: string;
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
  format?: { duration?: string; format_name?: string; tags?: Record<string, string> };
}

export type ProbeOutcome =
  | { kind: 'ok'; output: FfprobeOutput }
  /** ffprobe is not installed (or not executable): not the file's fault. */
  | { kind: 'unavailable'; reason: string }
  | { kind: 'failed'; error: string };

const DEFAULT_TIMEOUT_MS = 60_000;
const MAX_OUTPUT_BYTES = 16 * 1024 * 1024;

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
              resolve({ kind: 'unavailable', reason: `ffprobe not available at "${this.ffprobePath}"` });
              return;
            }
            if ((err as { killed?: boolean }).killed) {
              resolve({ kind: 'failed', error: `ffprobe timed out after ${this.timeoutMs} ms` });
              return;
            }
            resolve({ kind: 'failed', error: summarize(stderr) || err.message });
            return;
          }
          try {
            resolve({ kind: 'ok', output: JSON.parse(stdout) as FfprobeOutput });
          } catch {
            resolve({ kind: 'failed', error: 'ffprobe printed output that is not JSON' });
          }
        },
      );
    });
  }
}

/** Keeps the probe error short and free of our absolute paths. */
function summarize(stderr: string): string {
  return stderr
    .split('\n')
    .map((line) => line.replace(/^.*?: /, '').trim())
    .filter(Boolean)
    .slice(0, 3)
    .join('; ')
    .slice(0, 500);
}
