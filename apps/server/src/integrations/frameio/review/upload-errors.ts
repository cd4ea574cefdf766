import {
  FrameioError,
  FrameioNotFoundError,
  FrameioPermissionError,
  FrameioRateLimitError,
  FrameioValidationError,
} from '@preroll/frameio';
import type { FrameioConnectionRow } from '../repositories/connection.repository.ts';

/** Frame.io's documented maximum for one file: 5 TB (docs/frameio-api-notes.md, "Local upload flow": `file_size` ≤ 5e12). */
export const MAX_FRAMEIO_FILE_SIZE = 5_000_000_000_000;

/** A part PUT the upload endpoint refused for good (not a presigned-URL expiry). */
export class PartUploadError extends Error {
  constructor(
    readonly part: number,
    readonly status: number,
    readonly body: string,
  ) {
    super(`Frame.io refused part ${part} (HTTP ${status}): ${extractS3Message(body)}`);
    this.name = 'PartUploadError';
  }
}

/** The presigned URLs expired, or the placeholder file is gone: a new file must be created. */
export class UploadUrlsExpiredError extends Error {
  constructor(readonly reason: 'expired' | 'missing') {
    super(
      reason === 'expired' ? 'The Frame.io upload URLs expired.' : 'The Frame.io placeholder file is gone.',
    );
    this.name = 'UploadUrlsExpiredError';
  }
}

export class FileTooLargeError extends Error {
  constructor(readonly size: number) {
    super(`The file is ${size} bytes; Frame.io accepts at most 5 TB per file.`);
    this.name = 'FileTooLargeError';
  }
}

export function extractS3Message(body: string): string {
  const code = /<Code>([^<]*)<\/Code>/.exec(body)?.[1];
  const message = /<Message>([^<]*)<\/Message>/.exec(body)?.[1];
  return [code, message].filter(Boolean).join(': ') || body.slice(0, 200) || 'no details';
}

/** How the job reacts to an error, and what the user is told. */
export type UploadFailure =
  | { kind: 'fatal'; code: string; message: string }
  | { kind: 'reschedule'; code: string; message: string; retryAt: Date }
  | { kind: 'transient'; code: string; message: string };

/**
 * Errors users can act on (Send to Frame.io). `conn` names the Frame.io user, workspace and account in
 * the message, since the fix happens in Frame.io. Unknown errors are transient: the queue retries
 * them with backoff and the last attempt marks the upload failed.
 */
export function classifyUploadError(
  err: unknown,
  conn: FrameioConnectionRow | undefined,
  now: Date,
): UploadFailure {
  if (err instanceof FileTooLargeError) {
    return { kind: 'fatal', code: 'frameio_file_too_large', message: err.message };
  }
  if (err instanceof FrameioPermissionError) {
    const who = conn
      ? `${conn.frameio_user_name} (${conn.frameio_user_email})`
      : 'The connected Frame.io user';
    const where = conn
      ? `workspace "${conn.workspace_name ?? conn.workspace_id}" of account "${conn.account_name ?? conn.account_id}"`
      : 'the selected workspace';
    return {
      kind: 'fatal',
      code: 'frameio_no_write_access',
      message: `${who} has no write access to ${where} (Frame.io answered 403 to ${err.operation}).`,
    };
  }
  if (err instanceof FrameioRateLimitError) {
    const retryAt = new Date(now.getTime() + Math.max(1_000, err.retryAfterMs ?? 60_000));
    return {
      kind: 'reschedule',
      code: 'frameio_rate_limited',
      message: `Frame.io rate limit; retrying at ${retryAt.toISOString()}.`,
      retryAt,
    };
  }
  if (err instanceof FrameioValidationError && err.operation === 'files.create_local_upload') {
    const text = err.errors.map((e) => `${e.detail} ${e.source?.pointer ?? ''}`).join(' ');
    if (/file_size|too large|quota|storage/i.test(text) || err.status === 413) {
      return {
        kind: 'fatal',
        code: 'frameio_file_too_large',
        message: `Frame.io refused the file size (${err.errors[0]?.detail ?? err.message}): the file is too large or the account's storage is full.`,
      };
    }
    return {
      kind: 'fatal',
      code: 'frameio_rejected',
      message: `Frame.io refused the upload: ${err.message}`,
    };
  }
  if (err instanceof PartUploadError && err.status === 403) {
    return { kind: 'fatal', code: 'frameio_upload_refused', message: err.message };
  }
  if (err instanceof FrameioNotFoundError) {
    return { kind: 'transient', code: 'frameio_not_found', message: `Frame.io: ${err.message}` };
  }
  if (err instanceof FrameioError) {
    return { kind: 'transient', code: 'frameio_unavailable', message: `Frame.io: ${err.message}` };
  }
  return {
    kind: 'transient',
    code: 'frameio_upload_error',
    message: err instanceof Error ? err.message : String(err),
  };
}

/** What the user can do about an error code (shown next to Retry). */
export function actionFor(code: string): string {
  switch (code) {
    case 'frameio_no_write_access':
      return 'In Frame.io, give the connected user edit access to the workspace (or pick another workspace / reconnect as a user who has it), then Retry.';
    case 'frameio_file_too_large':
      return 'Frame.io accepts files up to 5 TB and within the account storage limit: free space in Frame.io or export a smaller file, then Retry.';
    case 'frameio_rate_limited':
      return 'Nothing: preroll retries automatically at the time shown.';
    case 'frameio_needs_reconnect':
    case 'waiting_for_reconnect':
      return 'An admin reconnects Frame.io in Settings → Integrations; the upload continues by itself.';
    case 'frameio_upload_refused':
      return 'Retry; if it happens again, check the connection (Settings → Integrations → Check connection).';
    default:
      return 'Retry; the upload continues where it stopped.';
  }
}
