import type { CreateShowBody, UpdateShowBody } from '@preroll/contracts/shows';
import { type Actor, requireMember, requireRole } from '../lib/actor.ts';
import { notFound } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { decodeCursor, type Page, toPage } from '../lib/pagination.ts';
import type { ShowRow } from '../repositories/show.repository.ts';
import { ActivityService, changesOf, definedOnly } from './activity.service.ts';
import { CascadeMedia } from './cascade-media.ts';
import type { PageInput } from './client.service.ts';
import type { ServiceDeps } from './service-deps.ts';

/** Shows belong to a client. */
export class ShowService {
  private readonly activity: ActivityService;
  private readonly media: CascadeMedia;

  constructor(private readonly deps: ServiceDeps) {
    this.activity = new ActivityService(deps);
    this.media = new CascadeMedia(deps);
  }

  /** With `clientId`, the client must be in the caller's org (404 otherwise, like any foreign id). */
  async list(
    actor: Actor,
    filter: { clientId?: string | undefined },
    page: PageInput,
  ): Promise<Page<ShowRow>> {
    const member = requireMember(actor);
    if (filter.clientId && !(await this.deps.store.clients.findById(member.orgId, filter.clientId)))
      throw notFound('Client');
    const rows = await this.deps.store.shows.listPage(member.orgId, filter, {
      limit: page.limit,
      after: decodeCursor(page.cursor),
    });
    return toPage(rows, page.limit);
  }

  async get(actor: Actor, id: string): Promise<ShowRow> {
    const member = requireMember(actor);
    const row = await this.deps.store.shows.findById(member.orgId, id);
    if (!row) throw notFound('Show');
    return row;
  }

  async create(actor: Actor, clientId: string, input: CreateShowBody): Promise<ShowRow> {
    const member = requireMember(actor);
    const now = this.deps.clock.now().toISOString();
    const row: ShowRow = {
      id: newId(),
      org_id: member.orgId,
      client_id: clientId,
      title: input.title,
      description: input.description ?? null,
      created_at: now,
      updated_at: now,
    };
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.clients.findById(member.orgId, clientId))) throw notFound('Client');
      await tx.shows.insert(row);
      // The creator watches what they made (docs/notifications.md, "Watching").
      await tx.watches.add(member.orgId, member.userId, 'show', row.id, now);
      await this.activity.record(tx, member, {
        episodeId: null,
        subjectType: 'show',
        subjectId: row.id,
        action: 'created',
        data: { title: row.title },
      });
    });
    await this.deps.events.publish(member.orgId, {
      type: 'show.created',
      // client_id lets the team's views refresh the right client; internal keeps it off the portal.
      data: { id: row.id, client_id: clientId, visibility: 'internal' },
    });
    return row;
  }

  async update(actor: Actor, id: string, input: UpdateShowBody): Promise<ShowRow> {
    const member = requireMember(actor);
    const patch = definedOnly(input);
    const updated = await this.deps.store.transaction(async (tx) => {
      const before = await tx.shows.findById(member.orgId, id);
      if (!before) throw notFound('Show');
      const changes = changesOf(before, patch);
      // Nothing actually changes: no write, no log entry, updated_at stays.
      if (Object.keys(changes).length === 0) return before;
      const now = this.deps.clock.now().toISOString();
      await tx.shows.update(member.orgId, id, { ...patch, updated_at: now });
      // A title is also a name elsewhere (a mirrored show's Frame.io project): integrations follow.
      if (changes.title !== undefined)
        await this.deps.hooks.titleChanged(tx, { orgId: member.orgId, type: 'show', id });
      await this.activity.record(tx, member, {
        episodeId: null,
        subjectType: 'show',
        subjectId: id,
        action: 'updated',
        data: { changes },
      });
      return { ...before, ...patch, updated_at: now };
    });
    await this.deps.events.publish(member.orgId, { type: 'show.updated', data: { id } });
    return updated;
  }

  /** Admins only: a show's deletion cascades to all its episodes, deliverables and versions. */
  async delete(actor: Actor, id: string): Promise<void> {
    const admin = requireRole(actor, 'admin');
    const files = await this.deps.store.transaction(async (tx) => {
      const before = await tx.shows.findById(admin.orgId, id);
      const files = before ? await this.media.collect(tx, admin, { showId: id }, 'show') : [];
      if (!before || !(await tx.shows.delete(admin.orgId, id))) throw notFound('Show');
      await this.activity.record(tx, admin, {
        episodeId: null,
        subjectType: 'show',
        subjectId: id,
        action: 'deleted',
        data: { title: before.title },
      });
      return files;
    });
    await this.media.removeFiles(files);
    await this.deps.events.publish(admin.orgId, { type: 'show.deleted', data: { id } });
  }
}
