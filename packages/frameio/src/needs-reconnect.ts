import { FrameioAuthError } from './errors.ts';
import { ImsError } from './ims/ims-errors.ts';

/**
 * True when an error means the stored refresh token is dead (IMS `invalid_grant`,
 * frameio-api-notes.md, "IMS tokens and refresh"), directly or as the cause of the FrameioAuthError
 * a failed refresh-on-401 produces. The server moves the connection to "needs reconnect" on this,
 * and only on this (a network blip must not).
 */
export function needsReconnect(err: unknown): boolean {
  if (err instanceof ImsError) return err.needsReconnect;
  if (err instanceof FrameioAuthError) return needsReconnect((err as { cause?: unknown }).cause);
  return false;
}
