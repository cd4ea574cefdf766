import type { FrameioExecutor, FrameioUploadsTable } from './frameio-tables.ts';

export type FrameioUploadRow = FrameioUploadsTable;
export type FrameioUploadPatch = Partial<
  Omit<FrameioUploadRow, 'id' | 'org_id' | 'version_id' | 'created_at'>
>;

/** Frame.io upload state per deliverable version: the part plan and which parts are done. */
export class FrameioUploadRepository {
  constructor(private readonly db: FrameioExecutor) {}

  findByVersion(orgId: string, versionId: string): Promise<FrameioUploadRow | undefined> {
    return this.db
      .selectFrom('frameio_uploads')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
  }

  /** A second Send for the same version keeps the first row. */
  async insertIfMissing(row: FrameioUploadRow): Promise<void> {
    await this.db
      .insertInto('frameio_uploads')
      .values(row)
      .onConflict((oc) => oc.column('version_id').doNothing())
      .execute();
  }

  async update(orgId: string, versionId: string, patch: FrameioUploadPatch): Promise<void> {
    await this.db
      .updateTable('frameio_uploads')
      .set(patch)
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId)
      .execute();
  }

  /**
   * Takes (or renews) the upload's lease for `owner` until `untilIso`: succeeds when nobody holds
   * it, the holder's lease ran out, or `owner` already holds it. One conditional UPDATE, so two
   * processes cannot both win.
   */
  async acquireLease(orgId: string, versionId: string, owner: string, nowIso: string, untilIso: string) {
    const result = await this.db
      .updateTable('frameio_uploads')
      .set({ lease_owner: owner, lease_until: untilIso })
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId)
      .where((eb) =>
        eb.or([eb('lease_owner', 'is', null), eb('lease_owner', '=', owner), eb('lease_until', '<', nowIso)]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows ?? 0) > 0;
  }

  async releaseLease(orgId: string, versionId: string, owner: string): Promise<void> {
    await this.db
      .updateTable('frameio_uploads')
      .set({ lease_owner: null, lease_until: null })
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId)
      .where('lease_owner', '=', owner)
      .execute();
  }

  /**
   * Records one finished part. Read-modify-write of the JSON array inside the caller's
   * transaction; parts of one upload finish in one process, and the transaction serialises them.
   */
  async markPartDone(
    orgId: string,
    versionId: string,
    part: number,
    partSize: number,
    nowIso: string,
  ): Promise<{ partsDone: number[]; bytesDone: number } | undefined> {
    const row = await this.findByVersion(orgId, versionId);
    if (!row) return undefined;
    const done = new Set<number>(JSON.parse(row.parts_done_json) as number[]);
    if (done.has(part)) return { partsDone: [...done].sort((a, b) => a - b), bytesDone: row.bytes_done };
    done.add(part);
    const bytesDone = Number(row.bytes_done) + partSize;
    const partsDone = [...done].sort((a, b) => a - b);
    await this.update(orgId, versionId, {
      parts_done_json: JSON.stringify(partsDone),
      bytes_done: bytesDone,
      updated_at: nowIso,
    });
    return { partsDone, bytesDone };
  }
}
