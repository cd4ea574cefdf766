import { describe, expect, it } from 'vitest';
import type { TestApp } from '../apps/server/test/helpers/test-app.ts';
import { logInAs } from './helpers/login.ts';
import { makeClip } from './helpers/media.ts';
import { newPage } from './helpers/page-helpers.ts';
import { openPlayer, seedVersionAsProducer } from './helpers/player-setup.ts';
import { expectOk, PASSWORD } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

/**
 * @-mentions in the comment box (docs/notifications.md): typing @ lists the team, the keyboard
 * picks, the comment names the member as the server reads mentions, and the member finds the
 * mention in their inbox.
 */
describe('comment box: @-mentions', () => {
  const shared = useWebAppAndBrowser();

  /** A member of the producer's organization, through the invitation mail. */
  async function join(api: ReturnType<TestApp['client']>, name: string) {
    const email = `${name.split(' ')[0]!.toLowerCase()}-${Date.now()}@example.test`;
    await expectOk(api.post('/api/v1/invitations', { email, role: 'member' }));
    const { app } = shared;
    const mail = await app.preroll.store.mail.listTo(email, 1);
    const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(mail[0]!.body_text)![1]!;
    await expectOk(app.client().post('/api/v1/invitations/accept', { token, name, password: PASSWORD }));
    return email;
  }

  it('typing @ lists the team; arrows and Enter pick; Escape closes; the member is notified', async () => {
    const { app, browser } = shared;
    const { producer, version } = await seedVersionAsProducer(app, makeClip('mention.mp4', 2, [], '25/1'), {
      deliverable: 'Opening titles',
    });
    const robin = await join(producer.api, 'Robin Editor');
    await join(producer.api, 'Rowan Sound');

    // The members join before the player opens: the comment box reads the team once, on mount.
    const { page, errors } = await openPlayer(shared, producer.email, version.id);
    const box = page.getByRole('textbox', { name: 'Comment', exact: true });
    const list = page.getByRole('listbox', { name: 'Mention a team member' });
    const options = list.getByRole('option');

    // Escape closes the list and keeps the text and the focus.
    await box.click();
    await box.pressSequentially('Titles look soft @');
    await list.waitFor();
    expect(await options.allTextContents()).toEqual([
      expect.stringContaining('Pat Producer'),
      expect.stringContaining('Robin Editor'),
      expect.stringContaining('Rowan Sound'),
    ]);
    await box.press('Escape');
    await list.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('Titles look soft @');
    expect(await box.evaluate((el) => el === document.activeElement)).toBe(true);

    // Typing narrows; ↓ and ↑ move the choice; Enter inserts the whole name.
    await box.press('Backspace');
    await box.pressSequentially('@r');
    await list.waitFor();
    expect(await options.count()).toBe(2);
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');
    await box.press('ArrowDown');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await box.press('ArrowDown');
    await box.press('ArrowUp');
    expect(await options.nth(1).getAttribute('aria-selected')).toBe('true');
    await box.press('ArrowUp');
    expect(await options.nth(0).getAttribute('aria-selected')).toBe('true');
    await box.press('Enter');
    await list.waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe('Titles look soft @Robin Editor ');
    await box.pressSequentially('can you sharpen them?');
    await box.press('Control+Enter');
    await page.getByRole('article', { name: 'Comment by Pat Producer' }).waitFor();
    const stored = (await producer.api.get(`/api/v1/versions/${version.id}/comments`)).body.data;
    expect(stored.map((c: { body: string }) => c.body)).toEqual([
      'Titles look soft @Robin Editor can you sharpen them?',
    ]);

    // Robin finds the mention in the inbox (the bell's count, then the entry).
    const robinPage = (await newPage(browser)).page;
    await logInAs(robinPage, app.url, robin);
    const bell = robinPage.getByRole('button', { name: 'Notifications, 1 unread' });
    await bell.waitFor();
    await bell.click();
    const inbox = robinPage.getByRole('list', { name: 'Inbox' });
    await inbox.getByRole('link', { name: 'Pat Producer commented on Opening titles' }).waitFor();
    expect(await inbox.textContent()).toContain('@Robin Editor can you sharpen them?');
    const row = await app.preroll.db
      .selectFrom('notifications')
      .select(['kind'])
      .where('title', '=', 'Pat Producer commented on Opening titles')
      .execute();
    expect(row).toEqual([{ kind: 'mention' }]);
    expect(errors).toEqual([]);
  });
});
