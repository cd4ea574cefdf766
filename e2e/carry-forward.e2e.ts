import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { editOf, sourceClip } from '../apps/server/test/helpers/carry-media.ts';
import type { TestApp } from '../apps/server/test/helpers/test-app.ts';
import { launchBrowser, screenshot } from './helpers/browser.ts';
import { logInAs } from './helpers/login.ts';
import { newPage, waitForMedia } from './helpers/page-helpers.ts';
import { expectOk, seedProducer, seedTree, seedVersion } from './helpers/seed.ts';
import { startWebApp } from './helpers/web-app.ts';

/**
 * Carrying v1's notes to v2 in the browser: the producer opens "Carry notes from v1" in v2's
 * player, sees the proposals once the alignment is done (v2 has 2 s inserted at 4 s, so a note at
 * 6 s moves by 50 frames, a note at 2 s stays), applies them all, and the carried notes appear
 * with their "carried from v1" link.
 */
describe('carry-forward', () => {
  let app: TestApp;
  let browser: Browser;
  let dir: string;
  let stopWorker: () => Promise<void>;

  beforeAll(async () => {
    app = await startWebApp();
    // The alignment is a job: this server runs its worker, as `npm start` does.
    stopWorker = app.preroll.startWorker();
    browser = await launchBrowser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-e2e-carry-'));
  });

  afterAll(async () => {
    await stopWorker?.();
    await browser?.close();
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('apply all from the panel carries each note once, to its new frame, with a link back', async () => {
    const [master, insert] = await Promise.all([
      sourceClip(dir, 'v1.mp4', { seed: 1, seconds: 10 }),
      sourceClip(dir, 'insert.mp4', { seed: 2, seconds: 2 }),
    ]);
    const cut = await editOf(dir, 'v2.mp4', [
      { file: master, fromSeconds: 0, toSeconds: 4 },
      { file: insert, fromSeconds: 0, toSeconds: 2 },
      { file: master, fromSeconds: 4, toSeconds: 10 },
    ]);
    const producer = await seedProducer(app);
    const tree = await seedTree(producer.api, { deliverable: 'Main cut' });
    const v1 = await seedVersion(producer.api, tree.deliverable.id, master);
    const v2 = await seedVersion(producer.api, tree.deliverable.id, cut);
    expect(v2.number).toBe(2);
    const post = (body: Record<string, unknown>) =>
      expectOk(producer.api.post(`/api/v1/versions/${v1.id}/comments`, body));
    await post({ body: 'Hold the wide a beat', frame: 50 });
    await post({ body: 'Swap this take', frame: 150 });

    const { page, errors } = await newPage(browser);
    await logInAs(page, app.url, producer.email);
    await page.goto(`${app.url}/versions/${v2.id}`);
    await waitForMedia(page);
    await page.getByRole('button', { name: /Carry notes from v1/ }).click();
    const proposals = page.getByTestId('carry-proposal');
    await expect.poll(() => proposals.count(), { timeout: 30_000 }).toBe(2);
    const moved = proposals.filter({ hasText: 'Swap this take' });
    expect(await moved.getAttribute('data-label')).toBe('moved');
    expect(await moved.textContent()).toContain('+50 fr');
    expect(await proposals.filter({ hasText: 'Hold the wide' }).getAttribute('data-label')).toBe('same');
    await screenshot(page, '50-carry-forward-proposals');

    await page.getByRole('button', { name: 'Apply all (2)' }).click();
    await page.getByTestId('carried-from').first().waitFor();
    await expect.poll(() => page.getByTestId('carried-from').count()).toBe(2);
    expect(await page.getByRole('button', { name: 'Apply all (0)' }).isDisabled()).toBe(true);
    const comments = await expectOk<Array<{ frame: number; carried_from: string }>>(
      producer.api.get(`/api/v1/versions/${v2.id}/comments`),
    );
    expect(comments.map((c) => c.frame).sort((a, b) => a - b)).toEqual([50, 200]);
    expect(comments.every((c) => c.carried_from)).toBe(true);
    expect(errors).toEqual([]);
  });
});
