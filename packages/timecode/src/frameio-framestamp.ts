// Frame.io V4 comment `timestamp` (integer form) is a framestamp counted from 1, not a time and
// not a 0-based index: "The 'timestamp' field represents the framestamp the comment is left on
// (starting from 1)" (Frame.io V4 Migration Guide, Comments; see docs/frameio-api-notes.md,
// "Comments and framestamps").
// Legacy V2 counted from 0. Convert here, at the integration boundary, and nowhere else.

/** Our 0-based frame index -> Frame.io framestamp (index 0 -> 1). */
export function toFrameioFramestamp(frameIndex: number): number {
  if (!Number.isSafeInteger(frameIndex) || frameIndex < 0) {
    throw new RangeError(`frame index must be a non-negative integer, got ${String(frameIndex)}`);
  }
  return frameIndex + 1;
}

/** Frame.io framestamp -> our 0-based frame index (1 -> 0). */
export function fromFrameioFramestamp(framestamp: number): number {
  if (!Number.isSafeInteger(framestamp) || framestamp < 1) {
    throw new RangeError(
      `Frame.io framestamp must be an integer >= 1 (they count from 1), got ${String(framestamp)}`,
    );
  }
  return framestamp - 1;
}
