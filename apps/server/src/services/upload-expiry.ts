import { enqueue } from '../jobs/job-queue.ts';
import type { UploadDataStore } from '../repositories/media-storage.ts';
import type { ServiceDeps } from './service-deps.ts';

/** How often unfinished uploads are swept. */
export const UPLOAD_SWEEP_INTERVAL_MS = 60 * 60_000;

/**
 * Unfinished uploads do not stay forever: one that has received no byte for
 * `PREROLL_UPLOAD_EXPIRY_HOURS` is deleted (file and tus info), after which its URL answers 404
 * and a tus client starts over. Finished uploads are version files and are never touched.
 *
 * The sweep is a self re-enqueueing job on the durable queue, one per hour slot: the idempotency
 * key is the slot, so several processes starting, or a retried sweep, still make one chain.
 */
export class UploadExpiry {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly uploads: UploadDataStore,
  ) {}

  /** Enqueues the sweep of the current slot unless it exists; called when the server starts. */
  async ensureScheduled(): Promise<void> {
    await this.schedule(slotOf(this.deps.clock.now().getTime()));
  }

  /** The `uploads.expire` job: sweep, then enqueue the next slot (even when the sweep failed). */
  async sweep(slot: string): Promise<string[]> {
    try {
      return await this.removeExpired();
    } finally {
      const now = this.deps.clock.now().getTime();
      const next = Date.parse(slot) + UPLOAD_SWEEP_INTERVAL_MS;
      await this.schedule(next > now ? next : slotOf(now) + UPLOAD_SWEEP_INTERVAL_MS);
    }
  }

  /** Removes every unfinished upload idle past the expiry; returns their ids. */
  async removeExpired(): Promise<string[]> {
    const cutoff = this.deps.clock.now().getTime() - this.deps.config.uploads.expiryMs;
    const removed: string[] = [];
    for (const upload of await this.uploads.listUnfinished()) {
      if (upload.lastActivity.getTime() > cutoff) continue;
      // A version's file is never removed here, whatever its tus info says.
      const key = `tus/${upload.id}`;
      if (upload.orgId && (await this.deps.store.versions.findByStorageKey(upload.orgId, key))) continue;
      await this.uploads.remove(upload.id);
      removed.push(upload.id);
    }
    return removed;
  }

  private async schedule(runAtMs: number): Promise<void> {
    const slot = new Date(runAtMs).toISOString();
    await enqueue(
      this.deps.store,
      {
        type: 'uploads.expire',
        payload: { slot },
        runAt: new Date(runAtMs),
        idempotencyKey: `uploads.expire:${slot}`,
      },
      this.deps.clock,
    );
  }
}

function slotOf(ms: number): number {
  return Math.floor(ms / UPLOAD_SWEEP_INTERVAL_MS) * UPLOAD_SWEEP_INTERVAL_MS;
}
