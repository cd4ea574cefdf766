import type { CreatePortalUserBody } from '@preroll/contracts/portal';
import { type Actor, type MemberActor, type PortalActor, requireMember } from '../lib/actor.ts';
import { conflict, notFound, unauthorized } from '../lib/errors.ts';
import { sha256Hex } from '../lib/hash.ts';
import { newId } from '../lib/ids.ts';
import { decodeCursor, type Page, toPage } from '../lib/pagination.ts';
import { accessChangedEvent } from '../realtime/access-events.ts';
import type { EpisodeRow } from '../repositories/episode.repository.ts';
import type { PortalUserRow } from '../repositories/portal-user.repository.ts';
import type { ShowRow } from '../repositories/show.repository.ts';
import { ActivityService } from './activity.service.ts';
import { AuthService, type SessionGrant } from './auth.service.ts';
import type { PageInput } from './client.service.ts';
import { type PortalDeliverableView, portalDeliverableView } from './deliverable.service.ts';
import { CLIENT_VISIBLE_STATUSES } from './deliverable-lifecycle.ts';
import { createMagicLink, mailMagicLink } from './portal-links.ts';
import type { ServiceDeps } from './service-deps.ts';

export interface PortalUserView {
  id: string;
  client_id: string;
  email: string;
  name: string;
  created_at: string;
}

const portalUserView = (row: PortalUserRow): PortalUserView => ({
  id: row.id,
  client_id: row.client_id,
  email: row.email,
  name: row.name,
  created_at: row.created_at,
});

/**
 * The client portal: team members invite client contacts and send them magic links; a contact who
 * follows one gets a portal session that sees only their own client's shows and the deliverables
 * the team has submitted.
 */
export class PortalService {
  private readonly activity: ActivityService;

  constructor(private readonly deps: ServiceDeps) {
    this.activity = new ActivityService(deps);
  }

  // ---- team side ----

  async createUser(actor: Actor, clientId: string, input: CreatePortalUserBody): Promise<PortalUserView> {
    const member = requireMember(actor);
    const email = input.email.toLowerCase();
    const row: PortalUserRow = {
      id: newId(),
      org_id: member.orgId,
      client_id: clientId,
      email,
      name: input.name,
      created_at: this.deps.clock.now().toISOString(),
    };
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.clients.findById(member.orgId, clientId))) throw notFound('Client');
      if (!(await tx.portalUsers.insertIfAbsent(row))) {
        throw conflict('portal_user_exists', `${email} already has portal access for this client`, {
          field: 'email',
        });
      }
      await this.activity.record(tx, member, {
        episodeId: null,
        subjectType: 'portal_user',
        subjectId: row.id,
        action: 'created',
        data: { email, client_id: clientId },
      });
    });
    return portalUserView(row);
  }

  async listUsers(actor: Actor, clientId: string, page: PageInput): Promise<Page<PortalUserView>> {
    const member = requireMember(actor);
    if (!(await this.deps.store.clients.findById(member.orgId, clientId))) throw notFound('Client');
    const rows = await this.deps.store.portalUsers.listForClient(member.orgId, clientId, {
      limit: page.limit,
      after: decodeCursor(page.cursor),
    });
    const p = toPage(rows, page.limit);
    return { items: p.items.map(portalUserView), nextCursor: p.nextCursor };
  }

  /** Removing a contact also ends their access: their sessions stop resolving and links cascade. */
  async deleteUser(actor: Actor, portalUserId: string): Promise<void> {
    const member = requireMember(actor);
    await this.deps.store.transaction(async (tx) => {
      const row = await tx.portalUsers.findInOrg(member.orgId, portalUserId);
      if (!row || !(await tx.portalUsers.delete(member.orgId, portalUserId))) throw notFound('Portal user');
      await this.activity.record(tx, member, {
        episodeId: null,
        subjectType: 'portal_user',
        subjectId: row.id,
        action: 'deleted',
        data: { email: row.email },
      });
    });
    await this.deps.events.publish(member.orgId, accessChangedEvent({ portal_user_id: portalUserId }));
  }

  /** A single-use login link valid 15 minutes; only its SHA-256 is stored. */
  async sendMagicLink(
    actor: Actor,
    portalUserId: string,
  ): Promise<{ portal_user_id: string; email: string; expires_at: string }> {
    const member = requireMember(actor);
    const user = await this.portalUserOf(member, portalUserId);
    const expiresAt = await mailMagicLink(this.deps, user, { invitedBy: member.name });
    return { portal_user_id: user.id, email: user.email, expires_at: expiresAt };
  }

  /**
   * A fresh single-use sign-in link for a portal user, handed to the caller instead of mailed:
   * the server's own start banner prints one for the demo client (docs/getting-started.md).
   */
  async magicLinkFor(actor: Actor, portalUserId: string): Promise<{ url: string; expires_at: string }> {
    const user = await this.portalUserOf(requireMember(actor), portalUserId);
    const { url, expiresAt } = await createMagicLink(this.deps, this.deps.store, user);
    return { url, expires_at: expiresAt };
  }

  private async portalUserOf(member: MemberActor, portalUserId: string) {
    const user = await this.deps.store.portalUsers.findInOrg(member.orgId, portalUserId);
    if (!user) throw notFound('Portal user');
    return user;
  }

  // ---- portal side ----

  /**
   * Exchanges a magic link for a portal session. Unknown, used and expired links all answer the
   * same 401, so a guesser learns nothing; consuming is a compare-and-set, so a link works once
   * even when clicked twice at the same moment.
   */
  async login(
    token: string,
  ): Promise<{ session: SessionGrant; user: PortalUserView; client: { id: string; name: string } }> {
    const now = this.deps.clock.now().toISOString();
    const invalid = () =>
      unauthorized('This login link is invalid, expired or already used', 'invalid_magic_link');
    const link = await this.deps.store.portalUsers.findMagicLinkByHash(sha256Hex(token));
    if (!link || link.used_at !== null || link.expires_at <= now) throw invalid();
    const auth = new AuthService(this.deps.store, this.deps.hasher, this.deps.clock, this.deps.events);
    return this.deps.store.transaction(async (tx) => {
      if (!(await tx.portalUsers.consumeMagicLink(link.id, now))) throw invalid();
      const user = await tx.portalUsers.findById(link.portal_user_id);
      const client = user ? await tx.clients.findById(user.org_id, user.client_id) : undefined;
      if (!user || !client) throw invalid();
      const session = await auth.createSession(
        tx,
        { portalUserId: user.id, orgId: user.org_id },
        this.deps.config.portalSessionTtlMs,
      );
      return { session, user: portalUserView(user), client: { id: client.id, name: client.name } };
    });
  }

  async me(actor: PortalActor) {
    const user = await this.deps.store.portalUsers.findInOrg(actor.orgId, actor.portalUserId);
    const client = await this.deps.store.clients.findById(actor.orgId, actor.clientId);
    if (!user || !client) throw notFound('Portal user');
    return { user: portalUserView(user), client: { id: client.id, name: client.name } };
  }

  async listShows(
    actor: PortalActor,
    page: PageInput,
  ): Promise<Page<Pick<ShowRow, 'id' | 'title' | 'description'>>> {
    const rows = await this.deps.store.shows.listPage(
      actor.orgId,
      { clientId: actor.clientId },
      {
        limit: page.limit,
        after: decodeCursor(page.cursor),
      },
    );
    const p = toPage(rows, page.limit);
    return {
      items: p.items.map(({ id, title, description }) => ({ id, title, description })),
      nextCursor: p.nextCursor,
    };
  }

  async listEpisodes(
    actor: PortalActor,
    showId: string,
    page: PageInput,
  ): Promise<Page<Pick<EpisodeRow, 'id' | 'show_id' | 'title' | 'number' | 'air_date'>>> {
    const show = await this.deps.store.shows.findById(actor.orgId, showId);
    if (!show || show.client_id !== actor.clientId) throw notFound('Show');
    const rows = await this.deps.store.episodes.listPage(
      actor.orgId,
      { showId },
      { limit: page.limit, after: decodeCursor(page.cursor) },
    );
    const p = toPage(rows, page.limit);
    return {
      items: p.items.map(({ id, show_id, title, number, air_date }) => ({
        id,
        show_id,
        title,
        number,
        air_date,
      })),
      nextCursor: p.nextCursor,
    };
  }

  async listDeliverables(
    actor: PortalActor,
    episodeId: string,
    page: PageInput,
  ): Promise<Page<PortalDeliverableView>> {
    const episode = await this.deps.store.episodes.findWithClient(actor.orgId, episodeId);
    if (!episode || episode.client_id !== actor.clientId) throw notFound('Episode');
    const rows = await this.deps.store.deliverables.listPage(
      actor.orgId,
      { episodeId, statusIn: CLIENT_VISIBLE_STATUSES },
      { limit: page.limit, after: decodeCursor(page.cursor) },
    );
    const p = toPage(rows, page.limit);
    // Review links shared by integrations (Frame.io), this client's only.
    const links = await this.deps.hooks.portalReviewLinks(this.deps.store, {
      orgId: actor.orgId,
      clientId: actor.clientId,
      deliverableIds: p.items.map((d) => d.id),
    });
    return {
      items: p.items.map((d) => ({ ...portalDeliverableView(d), review_links: links.get(d.id) ?? [] })),
      nextCursor: p.nextCursor,
    };
  }
}
