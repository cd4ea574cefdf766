import type { MemberActor } from '../lib/actor.ts';
import type { Store } from '../repositories/store.ts';
import type { Services } from '../services/index.ts';

export const DEMO_EMAIL = 'demo@preroll.local';
export const DEMO_PASSWORD = 'preroll-demo-2026';
export const DEMO_CLIENT_CONTACT = 'client@northwind.example';

export interface DemoLogin {
  email: string;
  password: string;
  created: boolean;
}

/**
 * Seeds a demo organization on first start, through the same services the API uses: an owner,
 * a client with a portal contact, a show, two episodes and a deliverable. An existing demo user
 * means the data is there already (and may have been edited), so nothing is touched then.
 */
export async function seedDemo(services: Services, store: Store): Promise<DemoLogin> {
  if (await store.users.findByEmail(DEMO_EMAIL))
    return { email: DEMO_EMAIL, password: DEMO_PASSWORD, created: false };
  const { userId, orgId } = await services.auth.signup(
    {
      email: DEMO_EMAIL,
      password: DEMO_PASSWORD,
      name: 'Dana Producer',
      organization_name: 'Demo Studio',
    },
    // The server itself, not a client address: not throttled.
    null,
  );
  const owner: MemberActor = {
    kind: 'member',
    userId,
    name: 'Dana Producer',
    orgId,
    role: 'owner',
    via: 'session',
  };
  const client = await services.clients.create(owner, {
    name: 'Northwind Media',
    contact_email: DEMO_CLIENT_CONTACT,
    notes: 'Demo client: weekly documentary podcast with a video edition.',
  });
  await services.portal.createUser(owner, client.id, { email: DEMO_CLIENT_CONTACT, name: 'Nora Northwind' });
  const show = await services.shows.create(owner, client.id, {
    title: 'The Long Take',
    description: 'Conversations with documentary editors.',
  });
  const pilot = await services.episodes.create(owner, show.id, {
    title: 'Cutting Silence',
    number: 1,
    status: 'in_review',
  });
  await services.episodes.create(owner, show.id, {
    title: 'The Assembly Edit',
    number: 2,
    status: 'in_production',
  });
  await services.deliverables.create(owner, pilot.id, { title: 'Picture lock v1', kind: 'cut' });
  return { email: DEMO_EMAIL, password: DEMO_PASSWORD, created: true };
}
