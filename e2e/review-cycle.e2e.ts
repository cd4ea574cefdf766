import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { BATCH_WINDOW_MS } from '../apps/server/src/services/notifications/notification-kinds.ts';
import { screenshot } from './helpers/browser.ts';
import { freePort } from './helpers/frameio-app.ts';
import { logInAs } from './helpers/login.ts';
import { makeClip } from './helpers/media.ts';
import { MovableClock, outboxTextFor, readOutboxMail } from './helpers/outbox.ts';
import { newPage, pressTimes, waitForFrame, waitForMedia } from './helpers/page-helpers.ts';
import { seedMagicLink, seedProducer, seedTree } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

const INTERNAL_NOTE = 'Internal: the temp music is unlicensed, swap it before v2';

/** Crosses the batching window: the mail job of every event so far is due at once. */
function letMailGoOut(clock: MovableClock): void {
  clock.advance(BATCH_WINDOW_MS + 5_000);
}

/** Uploads through the deliverable card (tus) and returns the link to the new version once ready. */
async function uploadVersion(page: Page, deliverable: string, clip: string, n: number) {
  const card = page.getByRole('article', { name: `Deliverable ${deliverable}` });
  await card.getByLabel(`Upload a version of ${deliverable}`).setInputFiles(clip);
  const link = card.getByRole('link', { name: `Review v${n} of ${deliverable}` });
  await link.waitFor({ timeout: 30_000 });
  return { card, link };
}

/** The bell says how many are unread (live over the event stream); opening it lists them. */
async function openBell(page: Page, unread: number) {
  const bell = page.getByRole('button', { name: `Notifications, ${unread} unread` });
  await bell.waitFor();
  await bell.click();
  return page.getByRole('dialog', { name: 'Notifications' }).getByRole('list', { name: 'Inbox' });
}

/**
 * A whole review cycle with two browsers, the producer in the studio and the client in the
 * portal, each learning of the other's move from the in-app inbox and from the email in the dev
 * outbox, then following the email's link: upload → submit → client comments on a frame and
 * requests changes → v2 → resubmit → approval. An internal comment on the way never reaches the
 * client (portal, landing, email).
 */
describe('review cycle (producer and client)', () => {
  const clock = new MovableClock();
  // PUBLIC_URL must be this server, for the links in the mail to lead back to it.
  const shared = useWebAppAndBrowser(
    async () => {
      const port = await freePort();
      return { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
    },
    { clock },
  );

  it('producer and client each learn of the other from the inbox and the email, and follow its link', async () => {
    const { app, browser } = shared;
    const clips = [makeClip('cut-v1.mp4', 3), makeClip('cut-v2.mp4', 3)] as const;
    const producer = await seedProducer(app, 'Pat Producer');
    const tree = await seedTree(producer.api, {
      client: 'Acme Podcasts',
      show: 'The Long Take',
      episode: 'Pilot',
      deliverable: 'Full episode cut',
    });
    const deliverable = tree.deliverable.title;
    // The client had a sign-in link earlier and keeps the portal open.
    const contact = await seedMagicLink(producer.api, tree.client.id, `casey-${Date.now()}@acme.test`);

    const studio = await newPage(browser);
    const sp = studio.page;
    await logInAs(sp, app.url, producer.email);
    const mailTab = await studio.context.newPage();
    const portal = await newPage(browser);
    const cp = portal.page;
    await cp.goto(`${app.url}/portal/login?token=${contact.token}`);
    const waiting = cp.getByRole('list', { name: 'Waiting for your review' });
    await cp.getByText('Nothing waits for you right now.').waitFor();

    // 1. The producer uploads v1, leaves an internal note on it, and submits (confirming).
    await sp.goto(`${app.url}/episodes/${tree.episode.id}`);
    await (await uploadVersion(sp, deliverable, clips[0], 1)).link.click();
    await waitForMedia(sp);
    const v1Path = new URL(sp.url()).pathname;
    const box = sp.getByRole('textbox', { name: 'Comment', exact: true });
    await box.fill(INTERNAL_NOTE);
    await sp.getByLabel('Visibility').selectOption('internal');
    await box.press('Control+Enter');
    await sp.getByText(INTERNAL_NOTE).waitFor();
    await sp.getByRole('button', { name: 'Submit for review' }).click();
    await sp.getByRole('button', { name: 'Yes, send to the client' }).click();
    await sp.locator('.page__header [data-status="submitted"]').waitFor();

    // 2. The client's landing lists it first, without a reload…
    await waiting.getByText(deliverable).waitFor();
    await waiting.getByText('The Long Take · Pilot').waitFor();
    // …and the email names deliverable, show and episode, with a link that signs them in.
    letMailGoOut(clock);
    const invite = await readOutboxMail(mailTab, app.url, contact.email, /is waiting for your review/);
    expect(invite.subject).toContain(`${deliverable} is waiting for your review`);
    expect(invite.body).toContain('The Long Take · Pilot');
    expect(invite.body).not.toContain(INTERNAL_NOTE);
    const signIn = invite.links.find((l) => l.includes('/portal/login?token='));
    expect(signIn?.startsWith(`${app.url}/portal/login?token=`)).toBe(true);

    // 3. The client follows the email's link (a fresh sign-in), opens v1 from the landing,
    // comments at a frame and requests changes.
    await cp.goto(signIn!);
    await waiting.getByRole('link', { name: `Review ${deliverable}` }).click();
    await waitForMedia(cp);
    expect(await cp.getByText(INTERNAL_NOTE).count()).toBe(0);
    await pressTimes(cp, '.', 12);
    await waitForFrame(cp, 12);
    await cp.keyboard.press('c');
    await cp.keyboard.type('Logo is soft on this frame');
    await cp.keyboard.press('Control+Enter');
    await cp.locator('.timeline__marker[data-frame="12"]').waitFor();
    await cp.getByRole('button', { name: 'Request changes' }).click();
    await cp.getByLabel(/What should change/).fill('Sharper logo export, please');
    await cp.getByRole('button', { name: 'Send request' }).click();
    await cp.locator('.page__header [data-status="changes_requested"]').waitFor();
    await screenshot(cp, '60-cycle-client-requested-changes');

    // 4. The producer's bell counts both live; the inbox names who did what, with the note.
    const inbox = await openBell(sp, 2);
    await inbox.getByText(`Casey Client requested changes on ${deliverable}`).waitFor();
    await inbox.getByText('Sharper logo export, please').waitFor();
    await inbox.getByText(`Casey Client commented on ${deliverable}`).waitFor();
    await inbox.getByText('Logo is soft on this frame').waitFor();
    await screenshot(sp, '61-cycle-producer-inbox');
    await sp.keyboard.press('Escape');

    // 5. One email for both (same deliverable, same window); its link opens the version.
    letMailGoOut(clock);
    const news = await readOutboxMail(mailTab, app.url, producer.email, /updates|requested changes/);
    expect(news.body).toContain('Sharper logo export, please');
    expect(news.body).toContain('Logo is soft on this frame');
    const open = news.links.find((l) => !l.includes('/unsubscribe') && !l.includes('/settings/'));
    expect(open).toBeDefined();
    await sp.goto(open!);
    expect(new URL(sp.url()).pathname).toBe(v1Path);
    await waitForMedia(sp);
    await sp.locator('.timeline__marker[data-frame="12"]').waitFor();
    await sp.getByText('Logo is soft on this frame').waitFor();

    // 6. v2, resubmitted; the client hears of it again and approves (confirming).
    await sp.goto(`${app.url}/episodes/${tree.episode.id}`);
    const { card } = await uploadVersion(sp, deliverable, clips[1], 2);
    await card.getByRole('button', { name: 'Resubmit' }).click();
    await card.getByRole('button', { name: 'Yes, resubmit to the client' }).click();
    await card.getByText('Resubmitted').waitFor();
    await cp.goto(`${app.url}/portal`);
    await waiting.getByRole('link', { name: `Review ${deliverable}` }).waitFor();
    expect(await waiting.textContent()).toContain('Review v2');
    letMailGoOut(clock);
    const again = await readOutboxMail(mailTab, app.url, contact.email, /is waiting for your review/, 2);
    expect(again.body).not.toContain(INTERNAL_NOTE);
    const signInAgain = again.links.find((l) => l.includes('/portal/login?token='));
    await cp.goto(signInAgain!);
    await waiting.getByRole('link', { name: `Review ${deliverable}` }).click();
    await waitForMedia(cp);
    await cp.getByRole('heading', { name: /v2/ }).waitFor();
    await cp.getByRole('button', { name: 'Approve' }).click();
    await cp.getByRole('button', { name: 'Yes, approve' }).click();
    await cp.locator('.page__header [data-status="approved"]').waitFor();
    await cp.goto(`${app.url}/portal`);
    await cp.getByText('Nothing waits for you right now.').waitFor();

    // 7. The producer sees the approval in the bell (the two before are still unread) and by email.
    const after = await openBell(sp, 3);
    await after.getByText(`Casey Client approved ${deliverable}`).waitFor();
    await screenshot(sp, '62-cycle-producer-approved');
    letMailGoOut(clock);
    const approved = await readOutboxMail(mailTab, app.url, producer.email, /approved/);
    expect(approved.body).toContain(`Casey Client approved ${deliverable}`);

    // Never to the client: the internal note, in any mail or page they got.
    const clientMail = await outboxTextFor(mailTab, app.url, contact.email);
    expect(clientMail).toContain('waiting for your review');
    expect(clientMail).not.toContain('temp music');
    const toClient = await app.preroll.db
      .selectFrom('notifications')
      .select(['kind', 'title', 'excerpt'])
      .where('recipient_type', '=', 'portal_user')
      .execute();
    expect(toClient.map((n) => n.kind)).toEqual(['review_requested', 'review_requested']);
    expect(JSON.stringify(toClient)).not.toContain('temp music');
    expect(await cp.locator('main').textContent()).not.toContain('temp music');
    await cp.goto(`${app.url}/portal/versions/${v1Path.split('/').pop()}`);
    await waitForMedia(cp);
    await cp.getByText('Logo is soft on this frame').waitFor();
    expect(await cp.getByText(INTERNAL_NOTE).count()).toBe(0);

    for (const p of [studio, portal]) {
      expect(p.dialogs).toEqual([]);
      expect(p.errors).toEqual([]);
    }
  }, 180_000);
});
