import { type Actor, requireMember } from '../lib/actor.ts';
import { newId } from '../lib/ids.ts';
import { decodeCursor, type Page, toPage } from '../lib/pagination.ts';
import type { ActivityRow } from '../repositories/activity.repository.ts';
import type { Store } from '../repositories/store.ts';
import { activitySummary } from './activity-summary.ts';
import type { ServiceDeps } from './service-deps.ts';

export interface ActivityEntry {
  episodeId: string | null;
  subjectType: 'client' | 'show' | 'episode' | 'deliverable' | 'portal_user';
  subjectId: string;
  action: string;
  data?: Record<string, unknown>;
}

export interface ActivityView {
  id: string;
  episode_id: string | null;
  subject_type: string;
  subject_id: string;
  action: string;
  actor: { type: string; id: string | null; name: string };
  data: Record<string, unknown>;
  /** One sentence naming who did what to which thing (activity-summary.ts). */
  summary: string;
  created_at: string;
}

/** The activity log: who did what, when. Written inside the caller's transaction. */
export class ActivityService {
  constructor(private readonly deps: ServiceDeps) {}

  /** Records one entry on `tx`, so the entry commits or rolls back with the change it describes. */
  async record(tx: Store, actor: Actor, entry: ActivityEntry): Promise<void> {
    await tx.activity.insert({
      id: newId(),
      org_id: actor.orgId,
      episode_id: entry.episodeId,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      action: entry.action,
      actor_type: actor.kind === 'member' ? 'user' : 'portal_user',
      actor_id: actor.kind === 'member' ? actor.userId : actor.portalUserId,
      actor_name: actor.name,
      data_json: JSON.stringify(entry.data ?? {}),
      created_at: this.deps.clock.now().toISOString(),
    });
  }

  /** Records one entry for a change made outside preroll (`actor` is its author's name there). */
  async recordExternal(tx: Store, orgId: string, actorName: string, entry: ActivityEntry): Promise<void> {
    await tx.activity.insert({
      id: newId(),
      org_id: orgId,
      episode_id: entry.episodeId,
      subject_type: entry.subjectType,
      subject_id: entry.subjectId,
      action: entry.action,
      actor_type: 'external',
      actor_id: null,
      actor_name: actorName,
      data_json: JSON.stringify(entry.data ?? {}),
      created_at: this.deps.clock.now().toISOString(),
    });
  }

  /**
   * Newest first, scoped to the caller's organization: another org's episode id yields an empty
   * feed, never its rows. Team only (the log includes internal steps such as drafts).
   */
  async list(
    actor: Actor,
    filter: { episode_id?: string | undefined; deliverable_id?: string | undefined },
    page: { limit: number; cursor?: string | undefined },
  ): Promise<Page<ActivityView>> {
    const member = requireMember(actor);
    const rows = await this.deps.store.activity.listPageNewestFirst(
      member.orgId,
      { episodeId: filter.episode_id, subjectId: filter.deliverable_id },
      { limit: page.limit, after: decodeCursor(page.cursor) },
    );
    const p = toPage(rows, page.limit);
    return { items: p.items.map(activityView), nextCursor: p.nextCursor };
  }
}

function activityView(row: ActivityRow): ActivityView {
  return {
    id: row.id,
    episode_id: row.episode_id,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    action: row.action,
    actor: { type: row.actor_type, id: row.actor_id, name: row.actor_name },
    data: JSON.parse(row.data_json) as Record<string, unknown>,
    summary: activitySummary(row),
    created_at: row.created_at,
  };
}

/** The fields a PATCH actually changed, as `{field: {from, to}}`, for the log. */
export function changesOf<T extends object>(
  before: T,
  patch: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(patch)) {
    if (key === 'updated_at' || to === undefined) continue;
    const from = (before as Record<string, unknown>)[key];
    if (from !== to) changes[key] = { from, to };
  }
  return changes;
}

/** Drops keys whose value is undefined (absent from the request), keeping explicit nulls. */
export function definedOnly<T extends object>(input: T): Partial<T> {
  return Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as Partial<T>;
}
