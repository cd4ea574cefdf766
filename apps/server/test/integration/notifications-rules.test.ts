import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/http-client.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { joinAs, magicLinkFor, makeUmbrellaClient, type Owner, portalLogin } from './domain-fixtures.ts';
import { clock, deliverAll, inboxOf, insertVersion, mailsTo } from './notifications-fixtures.ts';

/**
 * Who receives what (docs/notifications.md), over real HTTP with the real job handlers: the
 * recipients of each rule, and the people who must NOT receive it.
 */
let app: TestApp;
let owner: Owner;
let member: { client: TestClient; id: string; email: string };
beforeAll(async () => {
  app = await startTestApp({}, { clock });
  owner = await signUp(app, { name: 'Pat Producer' });
  const client = await joinAs(app, owner, 'member');
  await client.patch('/api/v1/me', { name: 'Robin Editor' });
  const me = (await client.get('/api/v1/me')).body.data.user;
  member = { client, id: me.id, email: me.email };
});
afterAll(async () => {
  await app?.close();
});

/** A client with a submitted-ready world: deliverable (created by the owner) with a version, and a contact. */
async function world(title = 'Full episode cut', actions: string[] = []) {
  const w = await makeUmbrellaClient(owner.client, { cut: [title, actions] });
  const versionId = await insertVersion(app, owner.orgId, w.cut);
  const contact = await magicLinkFor(app, owner.client, w.client.id);
  // The setup's own notifications (a submit's review request) are out of the way before the spec.
  await deliverAll(app);
  return { ...w, versionId, contact };
}

describe('a version submitted for review', () => {
  it("mails the client's contacts a sign-in link with show and episode names; not another client's, not the team", async () => {
    const mine = await world('Cut <b>one</b> & "two"');
    const other = await world('Other cut');
    const before = (await mailsTo(app, owner.email)).length;
    expect((await owner.client.post(`/api/v1/deliverables/${mine.cut}/submit`)).status).toBe(200);
    await deliverAll(app);
    const mails = await mailsTo(app, mine.contact.email);
    const mail = mails.find((m) => m.subject.includes('waiting for your review'))!;
    expect(mail.body_text).toContain('Cut <b>one</b> & "two" is waiting for your review');
    expect(mail.body_text).toContain('Umbrella Weekly · Ep 1');
    // Every value escaped in the HTML part.
    expect(mail.body_html).toContain('Cut &lt;b&gt;one&lt;/b&gt; &amp; &quot;two&quot;');
    expect(mail.body_html).not.toContain('<b>one</b>');
    const token = /portal\/login\?token=([A-Za-z0-9_-]+)/.exec(mail.body_text)![1]!;
    const portal = await portalLogin(app, token);
    expect((await portal.get('/api/v1/portal/waiting')).body.data[0].title).toBe('Cut <b>one</b> & "two"');
    expect((await mailsTo(app, other.contact.email)).some((m) => m.subject.includes('waiting'))).toBe(false);
    expect((await mailsTo(app, owner.email)).length).toBe(before);
  });
});

describe('the team hears of the client', () => {
  it('an approval reaches the watchers (the creator, a member watching the show), not a non-watcher nor the client', async () => {
    const w = await world('Trailer', ['submit']);
    const nonWatcher = await joinAs(app, owner, 'member');
    expect(
      (await member.client.request('PUT', `/api/v1/shows/${w.show.id}/watch`, { watching: true })).body.data
        .watching,
    ).toBe(true);
    const portal = await portalLogin(app, w.contact.token);
    expect((await portal.post(`/api/v1/deliverables/${w.cut}/approve`)).status).toBe(200);
    await deliverAll(app);
    for (const c of [owner.client, member.client]) {
      const inbox = await inboxOf(c);
      expect(inbox.data[0]).toMatchObject({
        kind: 'client_decision',
        title: 'Casey Client approved Trailer',
      });
    }
    expect((await inboxOf(nonWatcher)).data).toEqual([]);
    expect(
      (await mailsTo(app, member.email)).some((m) => m.subject.includes('Casey Client approved Trailer')),
    ).toBe(true);
    expect((await mailsTo(app, w.contact.email)).some((m) => m.subject.includes('approved'))).toBe(false);
  });

  it('a change request carries the note; the member who took no part and does not watch hears nothing', async () => {
    const w = await world('Mix', ['submit']);
    const portal = await portalLogin(app, w.contact.token);
    await portal.post(`/api/v1/deliverables/${w.cut}/request-revision`, { note: 'logo too small' });
    await deliverAll(app);
    const inbox = await inboxOf(owner.client);
    expect(inbox.data[0]).toMatchObject({
      title: 'Casey Client requested changes on Mix',
      excerpt: 'logo too small',
    });
    expect((await inboxOf(member.client)).data.some((n) => n.title.includes('Mix'))).toBe(false);
  });
});

describe('comments, replies and mentions', () => {
  it('a client comment reaches the watchers; never the client who wrote it', async () => {
    const w = await world('Teaser', ['submit']);
    const portal = await portalLogin(app, w.contact.token);
    const before = (await mailsTo(app, w.contact.email)).length;
    expect(
      (await portal.post(`/api/v1/versions/${w.versionId}/comments`, { body: 'Love it', frame: 10 })).status,
    ).toBe(201);
    await deliverAll(app);
    expect((await inboxOf(owner.client)).data[0]).toMatchObject({
      kind: 'client_comment',
      title: 'Casey Client commented on Teaser',
    });
    expect((await mailsTo(app, w.contact.email)).length).toBe(before);
  });

  it('a reply in an internal thread never reaches a client; in a client thread it does', async () => {
    const w = await world('Promo', ['submit']);
    const portal = await portalLogin(app, w.contact.token);
    const root = (
      await portal.post(`/api/v1/versions/${w.versionId}/comments`, { body: 'Question', frame: 1 })
    ).body.data;
    await deliverAll(app);
    const before = (await mailsTo(app, w.contact.email)).length;
    const internal = await owner.client.post(`/api/v1/versions/${w.versionId}/comments`, {
      body: 'internal: budget talk',
      parent_id: root.id,
      visibility: 'internal',
    });
    // Replies take their thread's visibility or are refused; either way the client must not hear of it.
    if (internal.status === 201) {
      await deliverAll(app);
      expect((await mailsTo(app, w.contact.email)).length).toBe(before);
    }
    expect(
      (
        await owner.client.post(`/api/v1/versions/${w.versionId}/comments`, {
          body: 'Answer for you',
          parent_id: root.id,
        })
      ).status,
    ).toBe(201);
    await deliverAll(app);
    const mails = await mailsTo(app, w.contact.email);
    expect(mails.length).toBe(before + 1);
    expect(mails[0]!.body_text).toContain('Pat Producer replied on Promo');
    expect(mails[0]!.body_text).not.toContain('budget');
  });

  it('an internal comment is never a client notification, even on a client-visible deliverable', async () => {
    const w = await world('Sizzle', ['submit']);
    const before = (await mailsTo(app, w.contact.email)).length;
    await owner.client.post(`/api/v1/versions/${w.versionId}/comments`, {
      body: 'internal note',
      visibility: 'internal',
    });
    await deliverAll(app);
    expect((await mailsTo(app, w.contact.email)).length).toBe(before);
    const rows = await app.preroll.db
      .selectFrom('notifications')
      .selectAll()
      .where('recipient_type', '=', 'portal_user')
      .where('excerpt', '=', 'internal note')
      .execute();
    expect(rows).toEqual([]);
  });

  it('@Name mentions the member; the author is not told of their own comment', async () => {
    const w = await world('Opening titles');
    await owner.client.post(`/api/v1/versions/${w.versionId}/comments`, {
      body: '@Robin Editor can you check the kerning?',
      visibility: 'internal',
    });
    await deliverAll(app);
    const inbox = await inboxOf(member.client);
    expect(inbox.data[0]).toMatchObject({
      kind: 'mention',
      title: 'Pat Producer commented on Opening titles',
    });
    expect(
      (await inboxOf(owner.client)).data.some((n) => n.title === 'Pat Producer commented on Opening titles'),
    ).toBe(false);
  });
});

describe('mentions stay within the team', () => {
  it("a client cannot list the team (403) and a client's @Name mentions nobody", async () => {
    const w = await world('Closing credits', ['submit']);
    const portal = await portalLogin(app, w.contact.token);
    const listed = await portal.get('/api/v1/members');
    expect(listed.status).toBe(403);
    expect(JSON.stringify(listed.body)).not.toContain('Robin Editor');
    await portal.post(`/api/v1/versions/${w.versionId}/comments`, { body: '@Robin Editor hello', frame: 1 });
    await deliverAll(app);
    const mentions = await app.preroll.db
      .selectFrom('notifications')
      .select('kind')
      .where('excerpt', '=', '@Robin Editor hello')
      .where('kind', '=', 'mention')
      .execute();
    expect(mentions).toEqual([]);
  });
});

describe('the inbox', () => {
  it('counts unread, marks one and all read; another member’s notification is a 404', async () => {
    const w = await world('Recap', ['submit']);
    const portal = await portalLogin(app, w.contact.token);
    await portal.post(`/api/v1/versions/${w.versionId}/comments`, { body: 'one', frame: 1 });
    await portal.post(`/api/v1/versions/${w.versionId}/comments`, { body: 'two', frame: 2 });
    await deliverAll(app);
    const inbox = await inboxOf(owner.client);
    expect(inbox.unread).toBeGreaterThanOrEqual(2);
    const first = inbox.data[0]!;
    const read = await owner.client.post(`/api/v1/notifications/${first.id}/read`);
    expect(read.body.data.unread).toBe(inbox.unread - 1);
    expect((await member.client.post(`/api/v1/notifications/${first.id}/read`)).status).toBe(404);
    expect((await owner.client.post('/api/v1/notifications/read-all')).body.data.unread).toBe(0);
    expect((await owner.client.get('/api/v1/notifications/unread-count')).body.data.unread).toBe(0);
  });
});
