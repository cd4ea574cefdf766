import { randomBytes } from 'node:crypto';
import { ERRORS, type Lock, type Locker, type RequestRelease } from '@tus/server';
import { isoAfter, isoNow } from '../lib/clock.ts';
import type { ServiceDeps } from './service-deps.ts';

/** Lock timing (docs/deploy.md, "Several processes"). */
export interface UploadLockTiming {
  /** How long a lease lasts without renewal: a crashed holder's lock lapses after this. */
  leaseMs: number;
  /** How often the holder renews its lease and looks for a release request. */
  renewMs: number;
  /** How often a waiting request tries again. */
  pollMs: number;
  /** How long a request waits for the lock before tus answers it with a lock timeout. */
  acquireTimeoutMs: number;
}

export const UPLOAD_LOCK_TIMING: UploadLockTiming = {
  leaseMs: 15_000,
  renewMs: 1_000,
  pollMs: 50,
  acquireTimeoutMs: 30_000,
};

/**
 * @tus/server's Locker on the database instead of process memory: a PATCH reaching any web
 * process waits for (and asks the release of) a lock held by a request in another process, just
 * as tus's in-memory locker does within one process. So no sticky routing is needed in front of
 * several web processes.
 */
export class DatabaseUploadLocker implements Locker {
  constructor(
    private readonly deps: Pick<ServiceDeps, 'store' | 'clock' | 'timers'>,
    private readonly timing: UploadLockTiming = UPLOAD_LOCK_TIMING,
  ) {}

  newLock(id: string): Lock {
    return new DatabaseUploadLock(id, this.deps, this.timing);
  }
}

class DatabaseUploadLock implements Lock {
  private readonly holder = randomBytes(16).toString('hex');
  private stopRenewing: (() => void) | null = null;

  constructor(
    private readonly uploadId: string,
    private readonly deps: Pick<ServiceDeps, 'store' | 'clock' | 'timers'>,
    private readonly timing: UploadLockTiming,
  ) {}

  async lock(signal: AbortSignal, requestRelease: RequestRelease): Promise<void> {
    const { store, clock, timers } = this.deps;
    const giveUpAt = clock.now().getTime() + this.timing.acquireTimeoutMs;
    let asked = false;
    for (;;) {
      if (signal.aborted) throw ERRORS.ERR_LOCK_TIMEOUT;
      const nowIso = isoNow(clock);
      const expires = isoAfter(clock, this.timing.leaseMs);
      if (await store.uploadLocks.tryAcquire(this.uploadId, this.holder, nowIso, expires)) break;
      if (!asked) {
        await store.uploadLocks.requestRelease(this.uploadId);
        asked = true;
      }
      if (clock.now().getTime() >= giveUpAt) throw ERRORS.ERR_LOCK_TIMEOUT;
      try {
        await timers.sleep(this.timing.pollMs, signal);
      } catch {
        throw ERRORS.ERR_LOCK_TIMEOUT;
      }
    }
    let released = false;
    let renewing = false;
    this.stopRenewing = timers.every(this.timing.renewMs, () => {
      if (renewing) return;
      renewing = true;
      store.uploadLocks
        .renew(this.uploadId, this.holder, isoAfter(clock, this.timing.leaseMs))
        .then(async ({ held, releaseRequested }) => {
          // Asked to let go (or the lease was lost): tus ends this request's write, and the
          // bytes it stored stay, so the waiting request continues from the offset HEAD reports.
          if ((releaseRequested || !held) && !released) {
            released = true;
            await requestRelease();
          }
        })
        .catch(() => {
          // A missed renewal is retried at the next tick; the lease outlives several of them.
        })
        .finally(() => {
          renewing = false;
        });
    });
  }

  async unlock(): Promise<void> {
    this.stopRenewing?.();
    this.stopRenewing = null;
    await this.deps.store.uploadLocks.release(this.uploadId, this.holder);
  }
}
