import { expect } from 'vitest';
import type { TestClient, TestResponse } from '../helpers/http-client.ts';
import type { signUp, TestApp } from '../helpers/test-app.ts';

/**
 * Builders shared by the domain specs (clients, shows, episodes, deliverables, portal). Everything
 * goes through the public HTTP API, so a fixture is also a check that creation works.
 */
export type Owner = Awaited<ReturnType<typeof signUp>>;

/** Invites a teammate with `role` into owner's organization and returns their logged-in client. */
export async function joinAs(app: TestApp, owner: Owner, role: 'member' | 'admin'): Promise<TestClient> {
  const email = `${role}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.test`;
  const invite = await owner.client.post('/api/v1/invitations', { email, role });
  expect(invite.status).toBe(201);
  const mail = await app.preroll.store.mail.listTo(email, 1);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;
  const client = app.client();
  const accepted = await client.post('/api/v1/invitations/accept', {
    token,
    name: `A ${role}`,
    password: 'member password 1',
  });
  expect(accepted.status).toBe(200);
  return client;
}

/** A created row as the API returns it (tests read the fields they check). */
export type Row = { id: string } & Record<string, unknown>;

async function created(res: Promise<TestResponse>): Promise<Row & Record<string, string>> {
  const r = await res;
  if (r.status !== 201) throw new Error(`expected 201, got ${r.status} ${r.text}`);
  return r.body.data;
}

export const makeClient = (c: TestClient, body: Record<string, unknown> = {}) =>
  created(c.post('/api/v1/clients', { name: 'Acme Media', ...body }));
export const makeShow = (c: TestClient, clientId: string, body: Record<string, unknown> = {}) =>
  created(c.post(`/api/v1/clients/${clientId}/shows`, { title: 'The Show', ...body }));
export const makeEpisode = (c: TestClient, showId: string, body: Record<string, unknown> = {}) =>
  created(c.post(`/api/v1/shows/${showId}/episodes`, { title: 'Pilot', ...body }));
export const makeDeliverable = (c: TestClient, episodeId: string, body: Record<string, unknown> = {}) =>
  created(c.post(`/api/v1/episodes/${episodeId}/deliverables`, { title: 'Rough cut', kind: 'cut', ...body }));

/** A whole chain client → show → episode → deliverable. */
export async function makeTree(c: TestClient) {
  const client = await makeClient(c);
  const show = await makeShow(c, client.id);
  const episode = await makeEpisode(c, show.id);
  const deliverable = await makeDeliverable(c, episode.id);
  return { client, show, episode, deliverable };
}

/** Walks every page of a list with `limit` and returns all rows in order. */
/**
 * The portal specs' world: client "Umbrella" with show "Umbrella Weekly" (its description holds
 * internal notes) and episode 1, and one deliverable per entry of `paths`, each taken through its
 * lifecycle actions by the team (`[]` stays a draft). Returns the rows and the deliverable ids by key.
 */
export async function makeUmbrellaClient<K extends string>(
  c: TestClient,
  paths: Record<K, [title: string, actions: string[]]>,
): Promise<{ client: Row; show: Row; episode: Row } & Record<K, string>> {
  const client = await makeClient(c, { name: 'Umbrella' });
  const show = await makeShow(c, client.id, { title: 'Umbrella Weekly', description: 'internal notes here' });
  const episode = await makeEpisode(c, show.id, { title: 'Ep 1', number: 1 });
  const ids = {} as Record<K, string>;
  for (const key of Object.keys(paths) as K[]) {
    const [title, actions] = paths[key];
    const row = await makeDeliverable(c, episode.id, { title });
    for (const action of actions)
      expect((await c.post(`/api/v1/deliverables/${row.id}/${action}`)).status).toBe(200);
    ids[key] = row.id as string;
  }
  return { client, show, episode, ...ids };
}

export async function collectPages(c: TestClient, path: string, limit: number) {
  const all: Row[] = [];
  const sep = path.includes('?') ? '&' : '?';
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: TestResponse = await c.get(`${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeLessThanOrEqual(limit);
    all.push(...res.body.data);
    cursor = res.body.next_cursor;
    pages += 1;
  } while (cursor);
  return { all, pages };
}

/** Creates a portal contact for `clientId`, mails a magic link and returns the token in it. */
export async function magicLinkFor(app: TestApp, owner: TestClient, clientId: string, email?: string) {
  const address = email ?? `contact-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@client.test`;
  const user = await created(
    owner.post(`/api/v1/clients/${clientId}/portal-users`, { email: address, name: 'Casey Client' }),
  );
  const token = await sendLink(app, owner, user.id, address);
  return { user, token, email: address };
}

export async function sendLink(
  app: TestApp,
  owner: TestClient,
  portalUserId: string,
  address: string,
): Promise<string> {
  const sent = await owner.post(`/api/v1/portal-users/${portalUserId}/magic-link`);
  expect(sent.status).toBe(201);
  const mail = await app.preroll.store.mail.listTo(address, 1);
  const link = /(\S+\/portal\/login\?token=([A-Za-z0-9_-]+))/.exec(mail[0]!.body_text)!;
  expect(link[1]!.startsWith(`${app.config.publicUrl}/portal/login?token=`)).toBe(true);
  return link[2]!;
}

/** Logs a fresh browser into the portal with a magic link token. */
export async function portalLogin(app: TestApp, token: string): Promise<TestClient> {
  const portal = app.client();
  const res = await portal.post('/api/v1/portal/login', { token });
  expect(res.status).toBe(200);
  return portal;
}

export async function activityRows(app: TestApp, subjectId: string) {
  return app.preroll.db
    .selectFrom('activity')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
}

/** Tables the domain specs count rows of, to assert that nothing (or everything) was written. */
export type CountedTable =
  | 'clients'
  | 'shows'
  | 'episodes'
  | 'deliverables'
  | 'portal_users'
  | 'activity'
  | 'deliverable_versions'
  | 'magic_links'
  | 'invitations';

/** How many rows of `table` belong to the organization. */
export async function countInOrg(app: TestApp, table: CountedTable, orgId: string): Promise<number> {
  return Number(
    (
      await app.preroll.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .where('org_id', '=', orgId)
        .executeTakeFirstOrThrow()
    ).n,
  );
}
