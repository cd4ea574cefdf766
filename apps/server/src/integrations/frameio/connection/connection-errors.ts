import { AppError } from '../../../lib/errors.ts';

/**
 * Errors users (and the job layer) can act on. They are AppErrors so a route renders them as
 * 409 with a stable code, and the job wrapper (frameio-jobs.ts) recognises them and parks the
 * job instead of failing it.
 */
export class FrameioNotConnectedError extends AppError {
  constructor() {
    super(
      409,
      'frameio_not_connected',
      'Frame.io is not connected for this organization. An admin can connect it in Settings → Integrations.',
    );
    this.name = 'FrameioNotConnectedError';
  }
}

export class FrameioNeedsReconnectError extends AppError {
  constructor(lastError?: string | null) {
    super(
      409,
      'frameio_needs_reconnect',
      'The Frame.io connection needs a reconnect: Adobe no longer accepts its refresh token. An admin can reconnect in Settings → Integrations; pending Frame.io work waits until then.',
      lastError ? { last_error: lastError } : {},
    );
    this.name = 'FrameioNeedsReconnectError';
  }
}

export class FrameioWorkspaceNotSelectedError extends AppError {
  constructor() {
    super(
      409,
      'frameio_workspace_not_selected',
      'Pick the Frame.io account and workspace to use first (Settings → Integrations).',
    );
    this.name = 'FrameioWorkspaceNotSelectedError';
  }
}

/** Frame.io work cannot proceed until an admin acts; the job layer parks instead of failing. */
export function isWaitingForConnection(err: unknown): err is AppError {
  return (
    err instanceof FrameioNotConnectedError ||
    err instanceof FrameioNeedsReconnectError ||
    err instanceof FrameioWorkspaceNotSelectedError
  );
}

/** Finds one of our connection errors in a `cause` chain (FrameioAuthError wraps provider failures). */
export function connectionErrorIn(err: unknown): AppError | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && current; depth++) {
    if (isWaitingForConnection(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
