import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningPreroll } from '../apps/server/src/start.ts';
import { bannerValue, type DemoEnv, demoEnv } from '../apps/server/test/integration/demo-studio-fixtures.ts';
import { launchBrowser } from './helpers/browser.ts';
import { newPage, waitForFrame, waitForMedia } from './helpers/page-helpers.ts';
import { buildWebApp } from './helpers/web-app.ts';

/** README's first section shows this picture; this spec keeps it current. */
const README_SCREENSHOT = path.resolve('docs/images/demo-player.png');

/**
 * First run as a new user lives it: the app started the way `npm start` starts it, the printed
 * owner login typed into the login form, and a click path to the cut with the client's notes.
 */
describe('the demo studio in a browser', () => {
  let env: DemoEnv;
  let running: RunningPreroll;
  let browser: Browser;

  beforeAll(async () => {
    buildWebApp();
    env = await demoEnv();
    running = await env.start();
    browser = await launchBrowser();
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    await env?.cleanup();
  });

  it('the printed login opens the studio, and the cut with changes requested plays with its notes', async () => {
    const [email, password] = bannerValue(running.banner, 'demo login (owner):').split(' / ');
    const { page, errors } = await newPage(browser);
    await page.goto(`${env.url}/login`);
    await page.getByLabel('Email').fill(email!);
    await page.getByLabel('Password').fill(password!);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByRole('heading', { name: 'Clients' }).waitFor();

    await page.getByRole('link', { name: 'Northwind Media' }).click();
    await page.getByRole('link', { name: 'The Long Take' }).click();
    await page.getByRole('link', { name: /Cutting Silence/ }).click();
    const card = page.getByRole('article', { name: 'Deliverable Picture lock' });
    await card.waitFor();
    await card.getByRole('link', { name: 'Review v1 of Picture lock' }).click();
    await waitForMedia(page);
    expect(await page.getByTestId('current-position').textContent()).toBe('01:00:00;00');

    const threads = page.getByRole('list', { name: 'Comment threads' });
    await threads.getByText('The lower third comes in before Maya is on screen', { exact: false }).waitFor();
    await threads.getByText('This shot feels cold next to the interview', { exact: false }).waitFor();
    await threads.getByText('Perfect, thank you!').waitFor();
    await page.locator('.timeline__marker[data-frame="90"]').waitFor();

    // Seeking to Nora's note lands on its frame; the burned-in timecode of the clip says the same.
    await threads.getByRole('button', { name: 'Seek to 01:00:08;00' }).first().click();
    await waitForFrame(page, 240);
    expect(await page.getByTestId('current-position').textContent()).toBe('01:00:08;00');
    await page.screenshot({ path: README_SCREENSHOT });
    expect(errors).toEqual([]);
  });
});
