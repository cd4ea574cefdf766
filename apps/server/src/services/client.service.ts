import type { CreateClientBody, UpdateClientBody } from '@preroll/contracts/clients';
import { type Actor, requireMember, requireRole } from '../lib/actor.ts';
import { notFound } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { decodeCursor, type Page, toPage } from '../lib/pagination.ts';
import { accessChangedEvent } from '../realtime/access-events.ts';
import type { ClientRow } from '../repositories/client.repository.ts';
import { ActivityService, changesOf, definedOnly } from './activity.service.ts';
import { CascadeMedia } from './cascade-media.ts';
import type { ServiceDeps } from './service-deps.ts';

export interface PageInput {
  limit: number;
  cursor?: string | undefined;
}

/** Clients: the companies an organization produces shows for. */
export class ClientService {
  private readonly activity: ActivityService;
  private readonly media: CascadeMedia;

  constructor(private readonly deps: ServiceDeps) {
    this.activity = new ActivityService(deps);
    this.media = new CascadeMedia(deps);
  }

  async list(actor: Actor, page: PageInput): Promise<Page<ClientRow>> {
    const member = requireMember(actor);
    const rows = await this.deps.store.clients.listPage(member.orgId, {
      limit: page.limit,
      after: decodeCursor(page.cursor),
    });
    return toPage(rows, page.limit);
  }

  async get(actor: Actor, id: string): Promise<ClientRow> {
    const member = requireMember(actor);
    const row = await this.deps.store.clients.findById(member.orgId, id);
    if (!row) throw notFound('Client');
    return row;
  }

  async create(actor: Actor, input: CreateClientBody): Promise<ClientRow> {
    const member = requireMember(actor);
    const now = this.deps.clock.now().toISOString();
    const row: ClientRow = {
      id: newId(),
      org_id: member.orgId,
      name: input.name,
      contact_email: input.contact_email?.toLowerCase() ?? null,
      notes: input.notes ?? null,
      created_at: now,
      updated_at: now,
    };
    await this.deps.store.transaction(async (tx) => {
      await tx.clients.insert(row);
      // The creator watches what they made (docs/notifications.md, "Watching").
      await tx.watches.add(member.orgId, member.userId, 'client', row.id, now);
      await this.activity.record(tx, member, {
        episodeId: null,
        subjectType: 'client',
        subjectId: row.id,
        action: 'created',
        data: { name: row.name },
      });
    });
    await this.deps.events.publish(member.orgId, { type: 'client.created', data: { id: row.id } });
    return row;
  }

  async update(actor: Actor, id: string, input: UpdateClientBody): Promise<ClientRow> {
    const member = requireMember(actor);
    const patch = definedOnly({
      ...input,
      contact_email: input.contact_email?.toLowerCase() ?? input.contact_email,
    });
    const updated = await this.deps.store.transaction(async (tx) => {
      const before = await tx.clients.findById(member.orgId, id);
      if (!before) throw notFound('Client');
      const changes = changesOf(before, patch);
      // Nothing actually changes: no write, no log entry, updated_at stays.
      if (Object.keys(changes).length === 0) return before;
      const now = this.deps.clock.now().toISOString();
      await tx.clients.update(member.orgId, id, { ...patch, updated_at: now });
      await this.activity.record(tx, member, {
        episodeId: null,
        subjectType: 'client',
        subjectId: id,
        action: 'updated',
        data: { changes },
      });
      return { ...before, ...patch, updated_at: now };
    });
    await this.deps.events.publish(member.orgId, { type: 'client.updated', data: { id } });
    return updated;
  }

  /**
   * Admins only: deleting a client takes all its shows, episodes, deliverables, versions and
   * portal users with it (ON DELETE CASCADE), which is too much for any member to do by accident.
   */
  async delete(actor: Actor, id: string): Promise<void> {
    const admin = requireRole(actor, 'admin');
    const files = await this.deps.store.transaction(async (tx) => {
      const before = await tx.clients.findById(admin.orgId, id);
      const files = before ? await this.media.collect(tx, admin, { clientId: id }, 'client') : [];
      if (!before || !(await tx.clients.delete(admin.orgId, id))) throw notFound('Client');
      await this.activity.record(tx, admin, {
        episodeId: null,
        subjectType: 'client',
        subjectId: id,
        action: 'deleted',
        data: { name: before.name },
      });
      return files;
    });
    await this.media.removeFiles(files);
    await this.deps.events.publish(admin.orgId, { type: 'client.deleted', data: { id } });
    // Its portal contacts went with it (ON DELETE CASCADE): their open streams end.
    await this.deps.events.publish(admin.orgId, accessChangedEvent({ client_id: id }));
  }
}
