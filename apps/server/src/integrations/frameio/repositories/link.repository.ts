import type {
  FrameioExecutor,
  FrameioLinksTable,
  FrameioLocalType,
  FrameioRemoteType,
} from './frameio-tables.ts';

export type FrameioLinkRow = FrameioLinksTable;

/** The local ⇄ Frame.io id map. One row per (org, local object, remote kind). */
export class FrameioLinkRepository {
  constructor(private readonly db: FrameioExecutor) {}

  find(
    orgId: string,
    localType: FrameioLocalType,
    localId: string,
    remoteType: FrameioRemoteType,
  ): Promise<FrameioLinkRow | undefined> {
    return this.db
      .selectFrom('frameio_links')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('local_type', '=', localType)
      .where('local_id', '=', localId)
      .where('remote_type', '=', remoteType)
      .executeTakeFirst();
  }

  findByRemote(orgId: string, remoteId: string): Promise<FrameioLinkRow | undefined> {
    return this.db
      .selectFrom('frameio_links')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('remote_id', '=', remoteId)
      .executeTakeFirst();
  }

  /** Inserts or repoints the link (a recreated remote object gets a new id). */
  async upsert(row: FrameioLinkRow): Promise<void> {
    await this.db
      .insertInto('frameio_links')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['org_id', 'local_type', 'local_id', 'remote_type']).doUpdateSet({
          remote_id: row.remote_id,
          remote_parent_id: row.remote_parent_id,
          remote_name: row.remote_name,
          remote_updated_at: row.remote_updated_at,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async setName(orgId: string, id: string, name: string, nowIso: string): Promise<void> {
    await this.db
      .updateTable('frameio_links')
      .set({ remote_name: name, updated_at: nowIso })
      .where('org_id', '=', orgId)
      .where('id', '=', id)
      .execute();
  }

  async delete(orgId: string, id: string): Promise<void> {
    await this.db.deleteFrom('frameio_links').where('org_id', '=', orgId).where('id', '=', id).execute();
  }

  /** Version → file links of a deliverable's versions, oldest version first. */
  filesOfDeliverable(
    orgId: string,
    deliverableId: string,
  ): Promise<Array<FrameioLinkRow & { number: number }>> {
    return this.db
      .selectFrom('frameio_links')
      .innerJoin('deliverable_versions', 'deliverable_versions.id', 'frameio_links.local_id')
      .selectAll('frameio_links')
      .select('deliverable_versions.number')
      .where('frameio_links.org_id', '=', orgId)
      .where('frameio_links.local_type', '=', 'version')
      .where('frameio_links.remote_type', '=', 'file')
      .where('deliverable_versions.deliverable_id', '=', deliverableId)
      .orderBy('deliverable_versions.number')
      .execute();
  }

  /** Version → file links of the whole organization (what reconciliation walks). */
  versionFiles(orgId: string): Promise<Array<{ local_id: string; remote_id: string }>> {
    return this.db
      .selectFrom('frameio_links')
      .select(['local_id', 'remote_id'])
      .where('org_id', '=', orgId)
      .where('local_type', '=', 'version')
      .where('remote_type', '=', 'file')
      .execute();
  }

  /** Comment links of one version's comments, with each comment's tombstone. */
  async commentsOfVersion(
    orgId: string,
    versionId: string,
  ): Promise<Array<{ link: FrameioLinkRow; comment: { id: string; deleted_at: string | null } }>> {
    const rows = await this.db
      .selectFrom('frameio_links')
      .innerJoin('comments', 'comments.id', 'frameio_links.local_id')
      .selectAll('frameio_links')
      .select(['comments.deleted_at as c_deleted_at'])
      .where('frameio_links.org_id', '=', orgId)
      .where('frameio_links.local_type', '=', 'comment')
      .where('comments.version_id', '=', versionId)
      .execute();
    return rows.map(({ c_deleted_at, ...link }) => ({
      link,
      comment: { id: link.local_id, deleted_at: c_deleted_at },
    }));
  }
}
