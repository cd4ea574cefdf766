import { enqueue } from '../jobs/job-queue.ts';
import type { PortalActor } from '../lib/actor.ts';
import { notFound } from '../lib/errors.ts';
import type { WaitingDeliverable } from '../repositories/deliverable.repository.ts';
import type { AuthService } from './auth.service.ts';
import { clientStatusOf } from './deliverable-lifecycle.ts';
import { mailMagicLink } from './portal-links.ts';
import type { ServiceDeps } from './service-deps.ts';
import { posterUrlOf } from './version-presenter.ts';

const HOUR_MS = 60 * 60 * 1000;
const LINK_REQUESTS_PER_ADDRESS_PER_HOUR = 20;
const LINK_REQUESTS_PER_EMAIL_PER_HOUR = 5;
const WAITING_LIMIT = 100;

/**
 * What a client does on their own in the portal (docs/client-portal.md): ask for a sign-in link,
 * see what waits for their review, find their way from a deliverable back to its show.
 */
export class PortalHomeService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly auth: AuthService,
  ) {}

  /**
   * Mails a fresh link to every contact with this email (one per client: the same person may
   * review for several). Answers the same whether or not a contact exists (the route's 202) and
   * does the same work either way: the two throttles and one queued `portal.sign-in-link-mail`
   * job, which looks the contacts up and mails them, so the time does not tell either.
   */
  async requestMagicLink(emailInput: string, clientAddress: string): Promise<void> {
    const email = emailInput.toLowerCase();
    const message = 'Too many sign-in link requests; try again later';
    await this.auth.throttle(
      `portal-link:ip:${clientAddress}`,
      HOUR_MS,
      LINK_REQUESTS_PER_ADDRESS_PER_HOUR,
      message,
    );
    await this.auth.throttle(`portal-link:acct:${email}`, HOUR_MS, LINK_REQUESTS_PER_EMAIL_PER_HOUR, message);
    await enqueue(
      this.deps.store,
      {
        type: 'portal.sign-in-link-mail',
        payload: { email },
        maxAttempts: 3,
      },
      this.deps.clock,
    );
  }

  /** The `portal.sign-in-link-mail` job: a fresh link to every contact with this email. */
  async mailSignInLinks(email: string): Promise<void> {
    const contacts = await this.deps.store.portalUsers.listByEmail(email);
    for (const contact of contacts) await mailMagicLink(this.deps, contact, { invitedBy: null });
  }

  /**
   * The landing page's first list: what the team sent and the client has not decided yet, each
   * with its newest ready version's poster (null until the previews job made it).
   */
  async waiting(actor: PortalActor) {
    const rows = await this.deps.store.deliverables.listWaitingForClient(
      actor.orgId,
      actor.clientId,
      WAITING_LIMIT,
    );
    return rows.map(({ latest_version_poster_key, ...r }: WaitingDeliverable) => ({
      ...r,
      status: clientStatusOf(r.status) ?? 'in_review',
      latest_version_poster_url: r.latest_version_id
        ? posterUrlOf(r.latest_version_id, latest_version_poster_key)
        : null,
    }));
  }

  /** An episode with its show's name, for the portal's breadcrumb. */
  async episode(actor: PortalActor, episodeId: string) {
    const episode = await this.deps.store.episodes.findWithClient(actor.orgId, episodeId);
    if (!episode || episode.client_id !== actor.clientId) throw notFound('Episode');
    const show = await this.deps.store.shows.findById(actor.orgId, episode.show_id);
    if (!show) throw notFound('Episode');
    return {
      id: episode.id,
      title: episode.title,
      number: episode.number,
      show: { id: show.id, title: show.title },
    };
  }
}
