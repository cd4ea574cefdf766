import type { CreateDeliverableBody, UpdateDeliverableBody } from '@preroll/contracts/deliverables';
import type { DeliverableStatus } from '../db/schema.ts';
import { type Actor, requireMember } from '../lib/actor.ts';
import { conflict, forbidden, notFound } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { decodeCursor, type Page, toPage } from '../lib/pagination.ts';
import type { DeliverableRow } from '../repositories/deliverable.repository.ts';
import { ActivityService, changesOf, definedOnly } from './activity.service.ts';
import { CascadeMedia } from './cascade-media.ts';
import type { PageInput } from './client.service.ts';
import {
  type ClientStatus,
  clientStatusOf,
  type LifecycleAction,
  nextStatus,
  PORTAL_ACTIONS,
} from './deliverable-lifecycle.ts';
import type { ServiceDeps } from './service-deps.ts';

/** What a client sees of a deliverable in the portal: no drafts, a simpler status. */
export interface PortalDeliverableView {
  id: string;
  episode_id: string;
  title: string;
  kind: string;
  due_date: string | null;
  status: ClientStatus;
  /** The team lets the client download the original files (docs/client-portal.md, "Downloads"). */
  may_download: boolean;
  updated_at: string;
}

export function portalDeliverableView(row: DeliverableRow): PortalDeliverableView {
  return {
    id: row.id,
    episode_id: row.episode_id,
    title: row.title,
    kind: row.kind,
    due_date: row.due_date,
    // Callers only pass rows the portal may see; 'draft' never reaches here.
    status: clientStatusOf(row.status) ?? 'in_review',
    may_download: row.client_may_download === 1,
    updated_at: row.updated_at,
  };
}

/** What the team sees of a deliverable: the row, with the download switch as a boolean. */
export type TeamDeliverableView = Omit<DeliverableRow, 'client_may_download'> & {
  client_may_download: boolean;
};

export function teamDeliverableView(row: DeliverableRow): TeamDeliverableView {
  return { ...row, client_may_download: row.client_may_download === 1 };
}

/** Deliverables (cuts, mixes, trailers) of an episode, and their approval lifecycle. */
export class DeliverableService {
  private readonly activity: ActivityService;
  private readonly media: CascadeMedia;

  constructor(private readonly deps: ServiceDeps) {
    this.activity = new ActivityService(deps);
    this.media = new CascadeMedia(deps);
  }

  async list(
    actor: Actor,
    filter: { episodeId?: string | undefined; status?: DeliverableStatus | undefined },
    page: PageInput,
  ): Promise<Page<TeamDeliverableView>> {
    const member = requireMember(actor);
    if (filter.episodeId && !(await this.deps.store.episodes.findById(member.orgId, filter.episodeId)))
      throw notFound('Episode');
    const rows = await this.deps.store.deliverables.listPage(member.orgId, filter, {
      limit: page.limit,
      after: decodeCursor(page.cursor),
    });
    const result = toPage(rows, page.limit);
    return { ...result, items: result.items.map(teamDeliverableView) };
  }

  async get(actor: Actor, id: string): Promise<TeamDeliverableView> {
    const member = requireMember(actor);
    const row = await this.deps.store.deliverables.findById(member.orgId, id);
    if (!row) throw notFound('Deliverable');
    return teamDeliverableView(row);
  }

  /** New deliverables start as drafts: clients see them only once submitted. */
  async create(actor: Actor, episodeId: string, input: CreateDeliverableBody): Promise<TeamDeliverableView> {
    const member = requireMember(actor);
    const now = this.deps.clock.now().toISOString();
    const row: DeliverableRow = {
      id: newId(),
      org_id: member.orgId,
      episode_id: episodeId,
      title: input.title,
      kind: input.kind,
      status: 'draft',
      due_date: input.due_date ?? null,
      client_may_download: 0,
      created_at: now,
      updated_at: now,
    };
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.episodes.findById(member.orgId, episodeId))) throw notFound('Episode');
      await tx.deliverables.insert(row);
      // The creator watches what they made (docs/notifications.md, "Watching").
      await tx.watches.add(member.orgId, member.userId, 'deliverable', row.id, now);
      // Integrations may prepare for it now (Frame.io mirrors the episode's folder when set to).
      await this.deps.hooks.deliverableCreated(tx, { orgId: member.orgId, id: row.id, episodeId });
      await this.activity.record(tx, member, {
        episodeId,
        subjectType: 'deliverable',
        subjectId: row.id,
        action: 'created',
        data: { title: row.title, kind: row.kind },
      });
    });
    await this.deps.events.publish(member.orgId, {
      type: 'deliverable.created',
      data: { id: row.id, episode_id: episodeId },
    });
    return teamDeliverableView(row);
  }

  async update(actor: Actor, id: string, input: UpdateDeliverableBody): Promise<TeamDeliverableView> {
    const member = requireMember(actor);
    const { status: _readOnly, client_may_download: mayDownload, ...editable } = input;
    const patch = definedOnly({
      ...editable,
      client_may_download: mayDownload === undefined ? undefined : mayDownload ? 1 : 0,
    });
    const updated = await this.deps.store.transaction(async (tx) => {
      const before = await tx.deliverables.findById(member.orgId, id);
      if (!before) throw notFound('Deliverable');
      const changes = changesOf(before, patch);
      // Nothing actually changes: no write, no log entry, updated_at stays.
      if (Object.keys(changes).length === 0) return before;
      const now = this.deps.clock.now().toISOString();
      await tx.deliverables.update(member.orgId, id, { ...patch, updated_at: now });
      await this.activity.record(tx, member, {
        episodeId: before.episode_id,
        subjectType: 'deliverable',
        subjectId: id,
        action: 'updated',
        data: { changes },
      });
      return { ...before, ...patch, updated_at: now };
    });
    await this.deps.events.publish(member.orgId, {
      type: 'deliverable.updated',
      data: { id, episode_id: updated.episode_id },
    });
    return teamDeliverableView(updated);
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const member = requireMember(actor);
    const { episodeId, files } = await this.deps.store.transaction(async (tx) => {
      const before = await tx.deliverables.findById(member.orgId, id);
      const files = before ? await this.media.collect(tx, member, { deliverableId: id }, 'deliverable') : [];
      if (!before || !(await tx.deliverables.delete(member.orgId, id))) throw notFound('Deliverable');
      await this.activity.record(tx, member, {
        episodeId: before.episode_id,
        subjectType: 'deliverable',
        subjectId: id,
        action: 'deleted',
        data: { title: before.title },
      });
      return { episodeId: before.episode_id, files };
    });
    await this.media.removeFiles(files);
    await this.deps.events.publish(member.orgId, {
      type: 'deliverable.deleted',
      data: { id, episode_id: episodeId },
    });
  }

  /**
   * One lifecycle step. Team members may take any step; a portal client may approve or request a
   * revision, only on their own client's deliverables and never on drafts (which they cannot see:
   * 404, like any id outside their reach). The status change and its activity row commit together;
   * the realtime event goes out only after the commit.
   */
  async transition(
    actor: Actor,
    id: string,
    action: LifecycleAction,
    note?: string,
  ): Promise<TeamDeliverableView | PortalDeliverableView> {
    if (actor.kind === 'portal' && !PORTAL_ACTIONS.has(action))
      throw forbidden('Only the team can submit deliverables');
    const now = this.deps.clock.now().toISOString();
    const result = await this.deps.store.transaction(async (tx) => {
      const current = await tx.deliverables.findWithClient(actor.orgId, id);
      const hidden =
        actor.kind === 'portal' && (current?.client_id !== actor.clientId || current?.status === 'draft');
      if (!current || hidden) throw notFound('Deliverable');
      const from = current.status;
      const to = nextStatus(action, from);
      if (!to) throw invalidTransition(action, from);
      if (!(await tx.deliverables.transition(actor.orgId, id, from, to, now))) {
        // Someone else moved it between our read and our write; report what it is now.
        const latest = await tx.deliverables.findById(actor.orgId, id);
        if (!latest) throw notFound('Deliverable');
        throw invalidTransition(action, latest.status);
      }
      await this.activity.record(tx, actor, {
        episodeId: current.episode_id,
        subjectType: 'deliverable',
        subjectId: id,
        action: 'status_changed',
        // The title as it was then, so the entry names what it is about (activity-summary.ts).
        data: { from, to, note: note || null, title: current.title },
      });
      // Integrations follow, committed with the change (Frame.io sets its Status field).
      await this.deps.hooks.deliverableStatusChanged(tx, {
        orgId: actor.orgId,
        deliverableId: id,
        from,
        to,
        actor:
          actor.kind === 'member'
            ? { type: 'user', id: actor.userId, name: actor.name }
            : { type: 'portal_user', id: actor.portalUserId, name: actor.name },
        note: note || null,
      });
      const { client_id: clientId, ...row } = current;
      return { row: { ...row, status: to, updated_at: now }, from, to, clientId };
    });
    await this.deps.events.publish(actor.orgId, {
      type: 'deliverable.status_changed',
      data: {
        id,
        episode_id: result.row.episode_id,
        // Names the client so the client's portal sessions receive it (realtime/event-visibility.ts);
        // the CRUD events above carry no client_id and so stay with the team (drafts are internal).
        client_id: result.clientId,
        from: result.from,
        to: result.to,
        client_status: clientStatusOf(result.to),
        actor: { type: actor.kind === 'member' ? 'user' : 'portal_user', name: actor.name },
        note: note || null,
      },
    });
    return actor.kind === 'portal' ? portalDeliverableView(result.row) : teamDeliverableView(result.row);
  }

  /**
   * For integrations: a lifecycle step taken outside preroll (a Frame.io reviewer set the Status).
   * Applied only when the lifecycle allows it from the current status (an echo of our own change
   * finds it already there); recorded as activity by `by.name` and announced like any transition,
   * but not to `deliverableStatusChanged`: the integration that calls this is where it came from
   * (listeners that write nothing back hear `externalStatusChanged`).
   * Returns whether the status changed.
   */
  async applyExternalAction(
    orgId: string,
    id: string,
    action: LifecycleAction,
    by: { name: string; data: Record<string, unknown> },
  ): Promise<boolean> {
    const now = this.deps.clock.now().toISOString();
    const changed = await this.deps.store.transaction(async (tx) => {
      const current = await tx.deliverables.findWithClient(orgId, id);
      const to = current ? nextStatus(action, current.status) : null;
      if (!current || !to) return undefined;
      if (!(await tx.deliverables.transition(orgId, id, current.status, to, now))) return undefined;
      await this.activity.recordExternal(tx, orgId, by.name, {
        episodeId: current.episode_id,
        subjectType: 'deliverable',
        subjectId: id,
        action: 'status_changed',
        data: { from: current.status, to, note: null, title: current.title, ...by.data },
      });
      await this.deps.hooks.externalStatusChanged(tx, {
        orgId,
        deliverableId: id,
        from: current.status,
        to,
        actor: { type: 'external', id: null, name: by.name },
      });
      return { current, from: current.status, to };
    });
    if (!changed) return false;
    await this.deps.events.publish(orgId, {
      type: 'deliverable.status_changed',
      data: {
        id,
        episode_id: changed.current.episode_id,
        client_id: changed.current.client_id,
        from: changed.from,
        to: changed.to,
        client_status: clientStatusOf(changed.to),
        actor: { type: 'external', name: by.name },
        note: null,
      },
    });
    return true;
  }
}

function invalidTransition(action: LifecycleAction, status: DeliverableStatus) {
  return conflict(
    'invalid_transition',
    `Cannot ${action.replace('_', ' ')} a deliverable whose status is ${status}`,
    {
      status,
      action,
    },
  );
}
