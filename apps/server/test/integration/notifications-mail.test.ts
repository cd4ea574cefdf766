import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { magicLinkFor, makeUmbrellaClient, type Owner, portalLogin } from './domain-fixtures.ts';
import { clock, deliverAll, inboxOf, insertVersion, mailsTo, runDueJobs } from './notifications-fixtures.ts';

/**
 * How notifications are mailed (docs/notifications.md, "Emails"): batching per deliverable,
 * digests on the job queue's clock, idempotence under retried jobs, the signed unsubscribe.
 */
let app: TestApp;
let owner: Owner;
beforeAll(async () => {
  app = await startTestApp({}, { clock });
  owner = await signUp(app, { name: 'Pat Producer' });
});
afterAll(async () => {
  await app?.close();
});

async function clientWorld(title: string) {
  const w = await makeUmbrellaClient(owner.client, { cut: [title, ['submit']] });
  const versionId = await insertVersion(app, owner.orgId, w.cut);
  const contact = await magicLinkFor(app, owner.client, w.client.id);
  await deliverAll(app);
  const portal = await portalLogin(app, contact.token);
  return { ...w, versionId, contact, portal };
}

const mailsAbout = async (text: string) =>
  (await mailsTo(app, owner.email)).filter((m) => m.body_text.includes(text));

describe('batching', () => {
  it('three client comments on one deliverable within the window are one email listing all three', async () => {
    const w = await clientWorld('Batch cut');
    for (const body of ['first note', 'second note', 'third note'])
      await w.portal.post(`/api/v1/versions/${w.versionId}/comments`, { body, frame: 1 });
    await runDueJobs(app);
    expect(await mailsAbout('Batch cut')).toEqual([]);
    clock.advance(4 * 60_000);
    await runDueJobs(app);
    const mails = await mailsAbout('Batch cut');
    expect(mails).toHaveLength(1);
    for (const body of ['first note', 'second note', 'third note'])
      expect(mails[0]!.body_text).toContain(body);
    expect(mails[0]!.subject).toContain('3 updates');
  });

  it("a client's comment and change request are one email whose link opens the version they reviewed", async () => {
    const w = await clientWorld('Linked cut');
    await w.portal.post(`/api/v1/versions/${w.versionId}/comments`, { body: 'soft logo', frame: 1 });
    const asked = await w.portal.post(`/api/v1/deliverables/${w.cut}/request-revision`, { note: 'sharper' });
    expect(asked.status).toBe(200);
    await deliverAll(app);
    const mails = await mailsAbout('Linked cut');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('2 updates');
    const links = mails[0]!.body_text.match(/https?:\/\/\S+/g) ?? [];
    const open = links.filter((l) => !l.includes('/unsubscribe') && !l.includes('/settings/'));
    expect(open).toEqual([`${app.config.publicUrl}/versions/${w.versionId}`]);
    const inbox = await inboxOf(owner.client);
    expect(inbox.data.find((n) => n.title.includes('requested changes on Linked cut'))).toMatchObject({
      link_path: `/versions/${w.versionId}`,
    });
  });
});

describe('digests', () => {
  it('hourly: nothing at the batching window, one summary when the hour slot ends', async () => {
    const put = await owner.client.request('PUT', '/api/v1/notifications/preferences', {
      client_comment: 'hourly',
    });
    expect(put.body.data.client_comment).toBe('hourly');
    const w = await clientWorld('Digest cut');
    await w.portal.post(`/api/v1/versions/${w.versionId}/comments`, { body: 'digest me', frame: 1 });
    await deliverAll(app);
    expect(await mailsAbout('digest me')).toEqual([]);
    // The inbox has it at once, whatever the mail preference.
    expect((await inboxOf(owner.client)).data[0]!.excerpt).toBe('digest me');
    clock.advance(61 * 60_000);
    await runDueJobs(app);
    const mails = await mailsAbout('digest me');
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toContain('your hourly summary');
    await owner.client.request('PUT', '/api/v1/notifications/preferences', { client_comment: 'immediately' });
  });

  it('off: no email at all, the inbox still lists it', async () => {
    await owner.client.request('PUT', '/api/v1/notifications/preferences', { client_comment: 'off' });
    const w = await clientWorld('Silent cut');
    await w.portal.post(`/api/v1/versions/${w.versionId}/comments`, { body: 'quiet please', frame: 1 });
    await deliverAll(app);
    clock.advance(25 * 3_600_000);
    await runDueJobs(app);
    expect(await mailsAbout('quiet please')).toEqual([]);
    expect((await inboxOf(owner.client)).data[0]!.excerpt).toBe('quiet please');
    await owner.client.request('PUT', '/api/v1/notifications/preferences', { client_comment: 'immediately' });
  });
});

describe('retried jobs', () => {
  it('a fan-out and a mail job each run twice: one notification per recipient, one email', async () => {
    const w = await clientWorld('Retry cut');
    await w.portal.post(`/api/v1/versions/${w.versionId}/comments`, { body: 'only once', frame: 1 });
    await deliverAll(app, { times: 2 });
    const rows = await app.preroll.db
      .selectFrom('notifications')
      .selectAll()
      .where('excerpt', '=', 'only once')
      .execute();
    expect(rows).toHaveLength(1);
    expect(await mailsAbout('only once')).toHaveLength(1);
  });
});

describe('unsubscribe', () => {
  it("the email's signed link turns that kind off without a login; a tampered token is a 400", async () => {
    const w = await clientWorld('Unsub cut');
    await w.portal.post(`/api/v1/versions/${w.versionId}/comments`, {
      body: 'before unsubscribing',
      frame: 1,
    });
    await deliverAll(app);
    const mail = (await mailsAbout('before unsubscribing'))[0]!;
    const token = /\/unsubscribe\?token=([A-Za-z0-9_.-]+)/.exec(mail.body_text)![1]!;
    // Handlebars escapes `=` too (&#x3D;), which an HTML attribute reads back as `=`.
    expect(mail.body_html!.replaceAll('&#x3D;', '=')).toContain(`/unsubscribe?token=${token}`);
    const tampered = await app
      .client()
      .post('/api/v1/notifications/unsubscribe', { token: `${token.slice(0, -2)}xx` });
    expect(tampered.status).toBe(400);
    expect(tampered.body.error.code).toBe('invalid_unsubscribe_token');
    const res = await app.client().post('/api/v1/notifications/unsubscribe', { token });
    expect(res.status).toBe(200);
    expect(res.body.data.kind).toBe('client_comment');
    expect((await owner.client.get('/api/v1/notifications/preferences')).body.data.client_comment).toBe(
      'off',
    );
    await w.portal.post(`/api/v1/versions/${w.versionId}/comments`, {
      body: 'after unsubscribing',
      frame: 2,
    });
    await deliverAll(app);
    expect(await mailsAbout('after unsubscribing')).toEqual([]);
  });

  it('a bad preference is refused with a sentence and nothing changes', async () => {
    const res = await owner.client.request('PUT', '/api/v1/notifications/preferences', {
      client_comment: 'weekly',
    });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_client_comment');
    expect((await owner.client.get('/api/v1/notifications/preferences')).body.data.client_comment).toBe(
      'off',
    );
  });
});
