import type { MemberActor, PortalActor } from '../lib/actor.ts';
import { systemClock } from '../lib/clock.ts';
import type { Timers } from '../lib/timers.ts';
import type { DemoMediaMaker } from '../repositories/demo-media.ts';
import type { Store } from '../repositories/store.ts';
import type { Services } from '../services/index.ts';
import { DEMO_CLIENTS, tellTheWeek } from './demo-story.ts';
import { DemoVersions } from './demo-versions.ts';
import { DemoWeek } from './demo-week.ts';

export const DEMO_ORG_NAME = 'Demo Studio';
export const DEMO_EMAIL = 'demo@preroll.local';
export const DEMO_PASSWORD = 'preroll-demo-2026';
export const DEMO_EDITOR_EMAIL = 'editor@preroll.local';
export const DEMO_CLIENT_CONTACT = DEMO_CLIENTS.northwind.contact;

export interface DemoLogin {
  email: string;
  password: string;
  role: 'owner' | 'member';
}

export interface DemoStudio {
  /** False when the demo was there already (and may have been edited): nothing was touched. */
  created: boolean;
  orgId: string;
  owner: MemberActor;
  logins: DemoLogin[];
  /** A fresh single-use portal sign-in link for the demo client's contact (made on every start). */
  portalLink: { url: string; expires_at: string } | undefined;
  /** What the media step said: made, from the cache, or why there is none. */
  media: { kind: 'made' | 'cached'; textBurnedIn: boolean } | { kind: 'none'; detail: string } | undefined;
  /** Only on the start that built the demo: the cut waiting for the client. */
  waitingCutVersionId: string | undefined;
}

export interface DemoSeedDeps {
  services: Services;
  store: Store;
  timers: Timers;
  media: DemoMediaMaker;
  /** The app's clock when it runs on a DemoWeek (the story's times); otherwise the story happens now. */
  week?: DemoWeek;
}

const LOGINS: DemoLogin[] = [
  { email: DEMO_EMAIL, password: DEMO_PASSWORD, role: 'owner' },
  { email: DEMO_EDITOR_EMAIL, password: DEMO_PASSWORD, role: 'member' },
];

/**
 * Seeds the demo studio on first start, through the same services the API uses
 * (docs/getting-started.md, "The demo studio"). An existing demo owner means the data is there
 * already, so only a fresh portal link is made.
 */
export async function seedDemo(deps: DemoSeedDeps): Promise<DemoStudio> {
  const existing = await findDemo(deps);
  if (existing) return existing;
  const week = deps.week ?? new DemoWeek(systemClock);
  const media = await deps.media.ensureAll();
  try {
    return await buildDemo(deps, week, media);
  } finally {
    week.backToNow();
  }
}

async function buildDemo(
  deps: DemoSeedDeps,
  week: DemoWeek,
  media: Awaited<ReturnType<DemoMediaMaker['ensureAll']>>,
): Promise<DemoStudio> {
  const { services } = deps;
  week.at(4, '09:05');
  const { userId, orgId } = await services.auth.signup(
    { email: DEMO_EMAIL, password: DEMO_PASSWORD, name: 'Dana Producer', organization_name: DEMO_ORG_NAME },
    // The server itself, not a client address: not throttled.
    null,
  );
  const owner = memberActor(userId, 'Dana Producer', orgId, 'owner');
  week.later(15);
  const token = await services.team.invitationTokenFor(owner, { email: DEMO_EDITOR_EMAIL, role: 'member' });
  const accepted = await services.team.acceptInvitation(
    { token, name: 'Sam Editor', password: DEMO_PASSWORD },
    null,
  );
  const editor = memberActor(accepted.userId, 'Sam Editor', orgId, 'member');
  const story = await tellTheWeek({
    owner,
    editor,
    services,
    week,
    versions: new DemoVersions(services, deps.timers, media),
    signInClient: (clientId, email) => signInClient(services, owner, clientId, email),
  });
  week.backToNow();
  return {
    created: true,
    orgId,
    owner,
    logins: LOGINS,
    portalLink: await freshPortalLink(services, owner, story.northwindClientId),
    media:
      media.kind === 'ok'
        ? { kind: media.made > 0 ? 'made' : 'cached', textBurnedIn: media.textBurnedIn }
        : { kind: 'none', detail: media.detail },
    waitingCutVersionId: story.waitingCutVersionId,
  };
}

async function findDemo(deps: DemoSeedDeps): Promise<DemoStudio | undefined> {
  const user = await deps.store.users.findByEmail(DEMO_EMAIL);
  if (!user) return undefined;
  const memberships = await deps.store.memberships.listForUser(user.id);
  const org = memberships.find((m) => m.org_name === DEMO_ORG_NAME) ?? memberships[0];
  if (!org) return undefined;
  const owner = memberActor(user.id, user.name, org.org_id, org.role);
  const clients = await deps.services.clients.list(owner, { limit: 100 });
  const client = clients.items.find((c) => c.contact_email === DEMO_CLIENT_CONTACT);
  return {
    created: false,
    orgId: org.org_id,
    owner,
    logins: LOGINS,
    portalLink: client ? await freshPortalLink(deps.services, owner, client.id) : undefined,
    media: undefined,
    waitingCutVersionId: undefined,
  };
}

async function freshPortalLink(services: Services, owner: MemberActor, clientId: string) {
  const users = await services.portal.listUsers(owner, clientId, { limit: 100 });
  const contact = users.items.find((u) => u.email === DEMO_CLIENT_CONTACT);
  return contact ? services.portal.magicLinkFor(owner, contact.id) : undefined;
}

/** The client's contact signs in with a magic link, as from their mail; the portal session is theirs. */
async function signInClient(
  services: Services,
  owner: MemberActor,
  clientId: string,
  email: string,
): Promise<PortalActor> {
  const users = await services.portal.listUsers(owner, clientId, { limit: 100 });
  const contact = users.items.find((u) => u.email === email);
  if (!contact) throw new Error(`demo seed: no portal user ${email}`);
  const link = await services.portal.magicLinkFor(owner, contact.id);
  const token = new URL(link.url).searchParams.get('token') ?? '';
  const { user, client } = await services.portal.login(token);
  return { kind: 'portal', portalUserId: user.id, name: user.name, orgId: owner.orgId, clientId: client.id };
}

function memberActor(userId: string, name: string, orgId: string, role: MemberActor['role']): MemberActor {
  return { kind: 'member', userId, name, orgId, role, via: 'session' };
}
