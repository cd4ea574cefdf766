import { frameRate, supportsDropFrame } from '@preroll/timecode';
import { presentComment } from '../api/comment-presenters.ts';
import { createComment } from '../api/comment-writes.ts';
import { ApiError } from '../http/api-error.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { FileRec, MediaAnalysis, MediaFacts, Rational } from '../state/state-types.ts';
import { ControlError } from './control-error.ts';

export interface UploadFacts {
  file_id: string;
  status: string;
  file_size: number;
  media_type: string;
  sha256: string | null;
  upload_expires_at: string;
  parts: { number: number; size: number; puts: number; done: boolean }[];
  /** What the sandbox's ffprobe learned about the bytes (or why it could not). */
  media: MediaAnalysis;
}

export interface ReplyInput {
  user_id: string;
  text: string;
  timestamp?: number | string;
  duration?: number | null;
  annotation?: string | null;
  completed?: boolean | null;
}

/** Files and comments: what the public API cannot do (replies, upload facts, a chosen rate). */
export interface FileControl {
  /**
   * Overrides the frame rate the probe found (or supplies one the bytes do not carry, e.g. test
   * files of random bytes); drop-frame follows the rate (29.97 and 59.94).
   */
  setFileFps(fileId: string, fps: Rational): void;
  uploadFacts(fileId: string): UploadFacts;
  /** V4 has no public reply-create endpoint (frameio-api-notes.md, "Comment replies"). */
  createReply(commentId: string, input: ReplyInput): Record<string, unknown>;
  setUploadUrlTtl(seconds: number): void;
  expireUploadUrls(fileId: string): void;
}

const NO_FACTS: MediaFacts = {
  kind: 'video',
  frame_rate: null,
  frame_count: null,
  duration_ms: null,
  start_timecode: null,
  start_frame: 0,
  drop_frame: false,
  width: null,
  height: null,
  video_codec: null,
  audio_codec: null,
  sample_rate: null,
  channels: null,
};

export function createFileControl(rt: SandboxRuntime): FileControl {
  const s = () => rt.store.state;
  const fileOf = (id: string): FileRec => {
    const f = s().assets[id];
    if (f?.type !== 'file') throw new ControlError(404, `unknown file ${id}`);
    return f;
  };
  return {
    setFileFps(fileId, fps) {
      const f = fileOf(fileId);
      if (!Number.isInteger(fps?.num) || !Number.isInteger(fps?.den) || fps.num < 1 || fps.den < 1) {
        throw new ControlError(400, 'fps must be a rational {num, den} of positive integers');
      }
      const rate = frameRate(fps.num, fps.den);
      const facts = f.media.facts ?? NO_FACTS;
      f.media = {
        state: 'control',
        note: null,
        facts: {
          ...facts,
          kind: 'video',
          frame_rate: { num: rate.num, den: rate.den },
          drop_frame: supportsDropFrame(rate) && (facts.start_timecode ? facts.drop_frame : true),
        },
      };
      rt.store.changed();
    },
    uploadFacts(fileId) {
      const f = fileOf(fileId);
      return {
        file_id: f.id,
        status: f.status,
        file_size: f.file_size,
        media_type: f.media_type,
        sha256: f.sha256,
        upload_expires_at: rt.store.clock.iso(f.upload_expires_at),
        parts: f.parts.map((p, i) => ({ number: i + 1, size: p.size, puts: p.puts, done: p.done })),
        media: structuredClone(f.media),
      };
    },
    createReply(commentId, input) {
      const parent = s().comments[commentId];
      if (!parent) throw new ControlError(404, `unknown comment ${commentId}`);
      // replies hang off the top-level comment
      const root = parent.parent_id ? (s().comments[parent.parent_id] ?? parent) : parent;
      const file = s().assets[root.file_id];
      if (file?.type !== 'file') throw new ControlError(404, 'file of the comment is gone');
      const u = s().users[input.user_id];
      if (!u) throw new ControlError(404, `unknown user ${input.user_id}`);
      if (!input.text || input.text.length > 40_000)
        throw new ControlError(400, 'text must be 1..40000 characters');
      try {
        const c = createComment(
          rt,
          file,
          u,
          {
            text: input.text,
            timestamp: input.timestamp,
            duration: input.duration,
            annotation: input.annotation,
            completed: input.completed,
          },
          root.id,
        );
        return presentComment(rt, c, false);
      } catch (e) {
        throw new ControlError(400, e instanceof ApiError ? e.message : (e as Error).message);
      }
    },
    setUploadUrlTtl(seconds) {
      if (!Number.isInteger(seconds) || seconds < 1)
        throw new ControlError(400, 'seconds must be a positive integer');
      rt.uploadUrlTtlSeconds = seconds;
    },
    expireUploadUrls(fileId) {
      const f = fileOf(fileId);
      f.upload_expires_at = rt.store.clock.now() - 1;
      rt.store.changed();
    },
  };
}
