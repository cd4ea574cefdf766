import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../repositories/store.ts';
import { frameioRepos } from './frameio-repos.ts';

export interface PortalReviewLink {
  version_number: number;
  short_url: string;
  expires_at: string | null;
}

/**
 * Review links for the client portal's deliverable list: only this client's (the filter is in
 * the query), only unexpired ones, oldest version first. The caller has already checked that
 * the episode belongs to the client and lists only client-visible deliverables.
 */
export async function reviewLinksForPortal(
  store: Store,
  clock: Clock,
  orgId: string,
  clientId: string,
  deliverableIds: string[],
): Promise<Map<string, PortalReviewLink[]>> {
  const rows = await frameioRepos(store).reviewLinks.listForClientDeliverables(
    orgId,
    clientId,
    deliverableIds,
  );
  const now = clock.now().toISOString();
  const out = new Map<string, PortalReviewLink[]>();
  for (const r of rows) {
    if (r.expires_at && r.expires_at <= now) continue;
    const list = out.get(r.deliverable_id) ?? [];
    list.push({ version_number: r.version_number, short_url: r.short_url, expires_at: r.expires_at });
    out.set(r.deliverable_id, list);
  }
  return out;
}
