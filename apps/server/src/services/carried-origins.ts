import type { Actor } from '../lib/actor.ts';
import type { Store } from '../repositories/store.ts';
import type { VersionRow } from '../repositories/version.repository.ts';
import { type PresentedComment, presentComment } from './comment-presenter.ts';
import { timingOf } from './version-timing.ts';

/**
 * Where each carried note came from (carry-forward): one query for the originals of the whole
 * list, one per version they are on. A client is shown the link only when it may see that note
 * too; otherwise not even its id.
 */
export async function linkCarriedOrigins(
  store: Store,
  actor: Actor,
  threads: PresentedComment[],
): Promise<void> {
  const carried = threads.filter((t) => t.carried_from !== null);
  if (carried.length === 0) return;
  const originals = await store.comments.findByIds(
    actor.orgId,
    carried.map((t) => t.carried_from!),
  );
  const versions = new Map<string, VersionRow | undefined>();
  for (const o of originals) {
    if (!versions.has(o.version_id))
      versions.set(o.version_id, await store.versions.findById(actor.orgId, o.version_id));
  }
  const byId = new Map(originals.map((o) => [o.id, o]));
  for (const thread of carried) {
    const original = byId.get(thread.carried_from!);
    const version = original ? versions.get(original.version_id) : undefined;
    if (!original || !version || original.deleted_at !== null) continue;
    if (actor.kind === 'portal' && original.visibility !== 'client') {
      thread.carried_from = null;
      continue;
    }
    const origin = presentComment(original, timingOf(version), { kind: 'member', showTeamNames: true });
    thread.carried_origin = {
      comment_id: original.id,
      version_id: version.id,
      version_number: version.number,
      frame: origin.frame,
      timecode: origin.timecode,
    };
  }
}
