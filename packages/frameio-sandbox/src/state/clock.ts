/** The sandbox clock: an injectable source plus an offset the control API can advance. */
export class SandboxClock {
  offsetMs = 0;
  constructor(private readonly source: () => number = Date.now) {}

  now(): number {
    return this.source() + this.offsetMs;
  }

  /** ISO-8601 UTC with microseconds, like Frame.io (frameio-api-notes.md, "Requests and responses"). */
  iso(ms: number = this.now()): string {
    return isoMicros(ms);
  }
}

export function isoMicros(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}
