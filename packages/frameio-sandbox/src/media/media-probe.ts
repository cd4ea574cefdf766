import { execFile } from 'node:child_process';

/** The parts of ffprobe's JSON (`-show_format -show_streams`) the sandbox reads. */
export interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  r_frame_rate?: string;
  avg_frame_rate?: string;
  duration?: string;
  nb_frames?: string;
  sample_rate?: string;
  channels?: number;
  disposition?: Record<string, number>;
  tags?: Record<string, string>;
}

export interface FfprobeOutput {
  streams?: FfprobeStream[];
  format?: { duration?: string; format_name?: string; tags?: Record<string, string> };
}

export type ProbeOutcome =
  | { kind: 'ok'; output: FfprobeOutput }
  /** ffprobe is not installed where the sandbox looks: nothing is known about the media. */
  | { kind: 'unavailable'; detail: string }
  /** ffprobe ran and could not read the bytes as media (or took too long). */
  | { kind: 'unreadable'; detail: string };

const TIMEOUT_MS = 30_000;
const MAX_OUTPUT_BYTES = 4 * 1024 * 1024;

/**
 * Runs ffprobe as a child process without a shell (a file name is never interpreted), the way
 * Frame.io's transcoder learns a file's rate, duration and start timecode
 * (docs/frameio-api-notes.md, "Media facts").
 */
export class MediaProbe {
  constructor(readonly ffprobePath: string) {}

  probe(filePath: string): Promise<ProbeOutcome> {
    const args = ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '--', filePath];
    return new Promise((resolve) => {
      execFile(
        this.ffprobePath,
        args,
        { timeout: TIMEOUT_MS, maxBuffer: MAX_OUTPUT_BYTES, windowsHide: true },
        (err, stdout, stderr) => {
          if (err) {
            const code = (err as NodeJS.ErrnoException).code;
            if (code === 'ENOENT' || code === 'EACCES') {
              resolve({
                kind: 'unavailable',
                detail: `ffprobe not found at "${this.ffprobePath}" (${code})`,
              });
              return;
            }
            const detail = (err as { killed?: boolean }).killed
              ? `ffprobe took longer than ${TIMEOUT_MS} ms`
              : (stderr.trim() || err.message).slice(0, 500);
            resolve({ kind: 'unreadable', detail });
            return;
          }
          try {
            resolve({ kind: 'ok', output: JSON.parse(stdout) as FfprobeOutput });
          } catch {
            resolve({ kind: 'unreadable', detail: 'ffprobe printed something that is not JSON' });
          }
        },
      );
    });
  }
}
