import type { Executor } from './executor.ts';

/**
 * Rows of `upload_locks`: the tus per-upload lock as a lease in the database, so that every web
 * process sees the same lock (docs/deploy.md, "Several processes"). Times are ISO strings, which
 * order the same as the instants they name on SQLite and PostgreSQL alike.
 */
export class UploadLockRepository {
  constructor(private readonly db: Executor) {}

  /** Takes the lock when it is free or its lease lapsed (a crashed holder); false when held. */
  async tryAcquire(uploadId: string, holder: string, nowIso: string, expiresAt: string): Promise<boolean> {
    const inserted = await this.db
      .insertInto('upload_locks')
      .values({ upload_id: uploadId, holder, expires_at: expiresAt, release_requested: 0 })
      .onConflict((oc) => oc.column('upload_id').doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0) return true;
    const taken = await this.db
      .updateTable('upload_locks')
      .set({ holder, expires_at: expiresAt, release_requested: 0 })
      .where('upload_id', '=', uploadId)
      .where('expires_at', '<', nowIso)
      .executeTakeFirst();
    return Number(taken.numUpdatedRows) > 0;
  }

  /** Asks whoever holds the lock to let go (they see it at their next renewal). */
  async requestRelease(uploadId: string): Promise<void> {
    await this.db
      .updateTable('upload_locks')
      .set({ release_requested: 1 })
      .where('upload_id', '=', uploadId)
      .execute();
  }

  /**
   * Extends the holder's lease; `held` is false when the lock was lost (lease lapsed and taken),
   * `releaseRequested` true when another request is waiting for it.
   */
  async renew(
    uploadId: string,
    holder: string,
    expiresAt: string,
  ): Promise<{ held: boolean; releaseRequested: boolean }> {
    const row = await this.db
      .updateTable('upload_locks')
      .set({ expires_at: expiresAt })
      .where('upload_id', '=', uploadId)
      .where('holder', '=', holder)
      .returning('release_requested')
      .executeTakeFirst();
    return { held: row !== undefined, releaseRequested: Number(row?.release_requested ?? 0) === 1 };
  }

  async release(uploadId: string, holder: string): Promise<void> {
    await this.db
      .deleteFrom('upload_locks')
      .where('upload_id', '=', uploadId)
      .where('holder', '=', holder)
      .execute();
  }
}
