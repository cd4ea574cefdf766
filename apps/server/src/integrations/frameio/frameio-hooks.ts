import type { PortalReviewLink } from '@preroll/contracts/portal';
import { enqueue } from '../../jobs/job-queue.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../repositories/store.ts';
import type { DomainHooks } from '../../services/domain-hooks.ts';
import { readFrameioSettings } from './frameio-settings.ts';
import { frameioRepos } from './repositories/frameio-repos.ts';
import { enqueueCommentPush } from './sync/comment-outbound.ts';
import { enqueueStatusPush } from './sync/status-sync.ts';

/**
 * How Frame.io follows the core: each hook runs inside the transaction of the change and only
 * enqueues a job (or reads), so nothing here calls Frame.io and a rolled-back change leaves no job.
 */
export function frameioDomainHooks(clock: Clock): DomainHooks {
  return {
    // Pushed to the linked Frame.io file (two-way comment sync).
    commentChanged: (tx, comment) => enqueueCommentPush(tx, comment, clock),
    // With auto-mirror on, the episode's project and folder are mirrored now, not on the first Send.
    deliverableCreated: (tx, d) => enqueueAutoMirror(tx, d.orgId, d.episodeId, clock),
    // The Status field of the deliverable's newest Frame.io file follows.
    deliverableStatusChanged: (tx, change) =>
      enqueueStatusPush(tx, change.orgId, change.deliverableId, clock),
    // A mirrored show's title is its project's name; an episode's, its folder's.
    titleChanged: (tx, subject) => enqueueRename(tx, subject.orgId, subject.type, subject.id, clock),
    portalReviewLinks: (store, query) => reviewLinksForPortal(store, clock, query),
  };
}

/**
 * A renamed show or episode that is mirrored gets a rename job. Not mirrored (no link): nothing
 * to do, the project/folder is created with the new title when it is first needed.
 */
async function enqueueRename(
  tx: Store,
  orgId: string,
  localType: 'show' | 'episode',
  localId: string,
  clock: Clock,
): Promise<void> {
  const remoteType = localType === 'show' ? 'project' : 'folder';
  if (!(await frameioRepos(tx).links.find(orgId, localType, localId, remoteType))) return;
  await enqueue(
    tx,
    {
      type: 'frameio.rename',
      payload: { localType, localId },
      orgId,
      // One job per rename: keyed by the moment, so a later rename gets its own run.
      idempotencyKey: `frameio.rename:${localType}:${localId}:${clock.now().toISOString()}`,
    },
    clock,
  );
}

async function enqueueAutoMirror(tx: Store, orgId: string, episodeId: string, clock: Clock): Promise<void> {
  if (!(await readFrameioSettings(tx, orgId)).autoMirror) return;
  if (!(await frameioRepos(tx).connections.findByOrg(orgId))) return;
  await enqueue(
    tx,
    {
      type: 'frameio.mirror-tree',
      payload: { episodeId },
      orgId,
      // One mirror job per episode: once linked, later deliverables need nothing.
      idempotencyKey: `frameio.mirror-tree:${episodeId}`,
    },
    clock,
  );
}

/**
 * Review links for the client portal's deliverable list: only this client's (the filter is in
 * the query), only unexpired ones, oldest version first. The portal has already checked that the
 * episode belongs to the client and lists only client-visible deliverables.
 */
async function reviewLinksForPortal(
  store: Store,
  clock: Clock,
  query: { orgId: string; clientId: string; deliverableIds: string[] },
): Promise<Map<string, PortalReviewLink[]>> {
  const rows = await frameioRepos(store).reviewLinks.listForClientDeliverables(
    query.orgId,
    query.clientId,
    query.deliverableIds,
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
