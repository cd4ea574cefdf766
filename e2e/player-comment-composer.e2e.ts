import { describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.ts';
import { makeClip } from './helpers/media.ts';
import { currentFrame, waitForFrame } from './helpers/page-helpers.ts';
import { goToTimecode as goTo, openVersionAsProducer } from './helpers/player-setup.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

interface StoredComment {
  body: string;
  frame: number | null;
  visibility: string;
}

/** The composer: General vs At frame is a choice the person makes, who will read it is said, long notes fold. */
describe('player: comment composer', () => {
  const shared = useWebAppAndBrowser();

  it('posts a general and a frame comment by the choice, says who sees it, and folds a long one', async () => {
    const { page, errors, producer, version } = await openVersionAsProducer(
      shared,
      makeClip('composer.mp4', 4, [], '25/1'),
    );
    const stored = async (): Promise<StoredComment[]> =>
      (await producer.api.get(`/api/v1/versions/${version.id}/comments`)).body.data;
    const box = page.getByRole('textbox', { name: 'Comment', exact: true });
    const general = page.getByRole('radio', { name: 'General' });
    const atFrame = page.getByRole('radio', { name: /^At frame/ });
    const audience = page.getByTestId('composer-audience');

    // Away from the start, clicking into the box pins nothing: General stays chosen.
    await goTo(page, '20');
    await waitForFrame(page, 20);
    await box.click();
    expect(await general.isChecked()).toBe(true);
    expect(await page.getByTestId('composer-frame').count()).toBe(0);
    // "At frame" shows the frame it would take before it is chosen.
    expect(await page.getByTestId('composer-here').textContent()).toBe('00:00:00:20');
    // New comments are client-visible, as the API decides, and the badge says so.
    expect(await audience.textContent()).toBe('Client sees this');
    await box.fill('Overall the grade is too warm');
    await box.press('Control+Enter');
    await page.getByRole('article', { name: 'Comment by Pat Producer' }).waitFor();
    expect(await box.inputValue()).toBe('');
    let saved = await stored();
    expect(saved.map((c) => [c.body, c.frame, c.visibility])).toEqual([
      ['Overall the grade is too warm', null, 'client'],
    ]);

    // Clicking "At frame" pins the player's frame; the choice is then on the keyboard: arrows
    // move between the two options and do not step the player.
    await box.press('Escape');
    await goTo(page, '30');
    await waitForFrame(page, 30);
    await atFrame.click();
    expect(await page.getByTestId('composer-frame').getAttribute('data-frame')).toBe('30');
    await page.keyboard.press('ArrowLeft');
    expect(await general.isChecked()).toBe(true);
    expect(await page.getByTestId('composer-frame').count()).toBe(0);
    await page.keyboard.press('ArrowRight');
    expect(await atFrame.isChecked()).toBe(true);
    expect(await currentFrame(page)).toBe(30);
    expect(await page.getByTestId('composer-frame').getAttribute('data-frame')).toBe('30');
    await page.getByLabel('Visibility').selectOption('internal');
    expect(await audience.textContent()).toBe('Team only');
    await screenshot(page, '36-player-composer-choice');
    await box.fill('Boom dips into frame');
    await box.press('Control+Enter');
    await page.locator('.timeline__marker[data-frame="30"]').waitFor();
    // After posting, the next comment starts general again.
    expect(await general.isChecked()).toBe(true);
    saved = await stored();
    const byBody = new Map(saved.map((c) => [c.body, c]));
    expect(byBody.get('Boom dips into frame')).toMatchObject({ frame: 30, visibility: 'internal' });
    expect(byBody.get('Overall the grade is too warm')).toMatchObject({ frame: null });

    // A long comment folds to six lines with "Show more", and unfolds to all of it.
    const lines = Array.from(
      { length: 10 },
      (_, i) => `Note ${i + 1}: the lower third clips at the safe area`,
    );
    const long = lines.join('\n');
    await box.fill(long);
    await box.press('Control+Enter');
    const article = page
      .getByRole('article', { name: 'Comment by Pat Producer' })
      .filter({ hasText: 'Note 1:' });
    await article.waitFor();
    const body = article.locator('.comment__body');
    const folded = (await body.textContent()) ?? '';
    expect(folded.split('\n')).toHaveLength(6);
    expect(folded.endsWith('…')).toBe(true);
    expect(folded).not.toContain('Note 7');
    const more = article.getByRole('button', { name: 'Show more' });
    expect(await more.getAttribute('aria-expanded')).toBe('false');
    await more.click();
    expect(await body.textContent()).toBe(long);
    const less = article.getByRole('button', { name: 'Show less' });
    expect(await less.getAttribute('aria-expanded')).toBe('true');
    await screenshot(page, '37-player-comment-unfolded');
    await less.click();
    expect(await body.textContent()).toBe(folded);
    // Short comments have no toggle.
    expect(await page.getByRole('button', { name: 'Show more' }).count()).toBe(1);
    expect(errors).toEqual([]);
  }, 120_000);
});
