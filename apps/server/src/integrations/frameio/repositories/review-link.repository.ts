import type { FrameioExecutor, FrameioReviewLinksTable } from './frameio-tables.ts';

export type FrameioReviewLinkRow = FrameioReviewLinksTable;

/** Frame.io shares created for versions, readable by the portal of the owning client only. */
export class FrameioReviewLinkRepository {
  constructor(private readonly db: FrameioExecutor) {}

  findByVersion(orgId: string, versionId: string): Promise<FrameioReviewLinkRow | undefined> {
    return this.db
      .selectFrom('frameio_review_links')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('version_id', '=', versionId)
      .executeTakeFirst();
  }

  /** Replaces the version's link (a new share after settings changed). */
  async upsert(row: FrameioReviewLinkRow): Promise<void> {
    await this.db
      .insertInto('frameio_review_links')
      .values(row)
      .onConflict((oc) =>
        oc.column('version_id').doUpdateSet({
          share_id: row.share_id,
          short_url: row.short_url,
          passphrase_set: row.passphrase_set,
          expires_at: row.expires_at,
          downloads_enabled: row.downloads_enabled,
          created_at: row.created_at,
        }),
      )
      .execute();
  }

  /** Review links of the organization that have not expired (they work whether or not Frame.io is connected). */
  async countLive(orgId: string, nowIso: string): Promise<number> {
    const row = await this.db
      .selectFrom('frameio_review_links')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', nowIso)]))
      .executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  /** The client filter is in the query: a link is never read for another client's portal. */
  listForClientDeliverables(
    orgId: string,
    clientId: string,
    deliverableIds: string[],
  ): Promise<Array<FrameioReviewLinkRow & { version_number: number }>> {
    if (deliverableIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('frameio_review_links')
      .innerJoin('deliverable_versions', 'deliverable_versions.id', 'frameio_review_links.version_id')
      .selectAll('frameio_review_links')
      .select('deliverable_versions.number as version_number')
      .where('frameio_review_links.org_id', '=', orgId)
      .where('frameio_review_links.client_id', '=', clientId)
      .where('frameio_review_links.deliverable_id', 'in', deliverableIds)
      .orderBy('deliverable_versions.number')
      .execute();
  }
}
