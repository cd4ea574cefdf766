import type { EventBus } from '../../../realtime/event-bus.ts';
import type { FrameioUploadRow } from '../repositories/upload.repository.ts';

/**
 * `frameio.upload.progress` events, at most one per `everyMs` (≤ 2/s) plus a last one. Bytes are
 * the persisted bytes plus what in-flight parts have handed to the socket. Members only (no
 * client_id), so the portal never sees them.
 */
export class UploadProgress {
  private persistedBytes: number;
  private readonly inFlightBytes = new Map<number, number>();
  private readonly startBytes: number;
  private readonly startedAt = Date.now();
  private lastSent = 0;
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly events: EventBus,
    private readonly orgId: string,
    private readonly row: FrameioUploadRow,
    private readonly everyMs: number,
  ) {
    this.persistedBytes = Number(row.bytes_done);
    this.startBytes = this.persistedBytes;
  }

  private chain: Promise<unknown> = Promise.resolve();

  /** Runs writes of this upload one after another. */
  serially<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  inFlight(part: number, sent: number): void {
    if (sent === 0) this.inFlightBytes.delete(part);
    else this.inFlightBytes.set(part, sent);
    this.maybeSend();
  }

  persisted(bytesDone: number): void {
    this.persistedBytes = Math.max(this.persistedBytes, bytesDone);
    this.maybeSend();
  }

  async flush(): Promise<void> {
    this.send();
    await this.pending;
  }

  private maybeSend(): void {
    if (Date.now() - this.lastSent >= this.everyMs) this.send();
  }

  private send(): void {
    this.lastSent = Date.now();
    let bytes = this.persistedBytes;
    for (const v of this.inFlightBytes.values()) bytes += v;
    bytes = Math.min(bytes, this.row.file_size);
    const seconds = Math.max(0.001, (Date.now() - this.startedAt) / 1000);
    const speed = Math.round((bytes - this.startBytes) / seconds);
    const remaining = this.row.file_size - bytes;
    const data = {
      version_id: this.row.version_id,
      deliverable_id: this.row.deliverable_id,
      bytes_done: bytes,
      file_size: this.row.file_size,
      percent: this.row.file_size === 0 ? 100 : Math.floor((bytes / this.row.file_size) * 1000) / 10,
      speed_bps: speed,
      eta_seconds: speed > 0 ? Math.ceil(remaining / speed) : null,
    };
    this.pending = this.pending
      .then(() => this.events.publish(this.orgId, { type: 'frameio.upload.progress', data }))
      .catch(() => undefined);
  }
}
