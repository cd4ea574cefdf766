import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Sandbox, SEED_IDS, startSandbox } from '../src/index.ts';
import { ApiClient } from './helpers/api-client.ts';
import { createProject, P, uploadFile } from './helpers/fixtures.ts';

// The reviewer UI in a real browser (Debian's chromium), driven by role and label like the e2e
// suite will: play a real H.264 clip, comment at the current frame, resolve, reply, set Status.
const CHROMIUM = '/usr/bin/chromium';
const canRun = existsSync(CHROMIUM) && existsSync('/usr/bin/ffmpeg');

let sb: Sandbox;
let dir: string;

beforeAll(async () => {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 10 });
  dir = mkdtempSync(join(tmpdir(), 'sbx-ui-'));
});
afterAll(async () => {
  await sb.close();
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!canRun)('reviewer UI in chromium', () => {
  it('plays the file and comments at the current frame as the chosen user', { timeout: 60_000 }, async () => {
    const clip = join(dir, 'clip.mp4');
    execFileSync('ffmpeg', [
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'testsrc=duration=3:size=160x120:rate=24',
      '-c:v',
      'libx264',
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
      clip,
    ]);
    const api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
    const p = await createProject(api, sb, 'Browser review');
    const file = await uploadFile(api, sb, p.root_folder_id, 'clip.mp4', readFileSync(clip));

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.goto(`${sb.url}/ui/`);
      await page.getByRole('link', { name: 'Browser review' }).click();
      await page.getByRole('link', { name: 'clip.mp4' }).click();
      await page.getByLabel('Acting user').selectOption({ label: 'Alex Producer' });
      await page.getByRole('button', { name: 'Switch user' }).click();
      await page.waitForFunction(
        () => (document.getElementById('player') as HTMLVideoElement).readyState >= 1,
      );
      await page.evaluate(() => {
        (document.getElementById('player') as HTMLVideoElement).currentTime = 1.5;
      });
      const readout = async () =>
        `${await page.locator('#current-frame').textContent()} ${await page.locator('#current-tc').textContent()}`;
      await page.waitForFunction(() => document.getElementById('current-frame')?.textContent === '37');
      expect(await readout()).toBe('37 00:00:01:12');
      // Frame stepping at the file's own rate (24 fps, probed).
      await page.getByRole('button', { name: 'Next frame' }).click();
      await page.waitForFunction(() => document.getElementById('current-frame')?.textContent === '38');
      expect(await readout()).toBe('38 00:00:01:13');
      await page.getByRole('button', { name: 'Previous frame' }).click();
      await page.waitForFunction(() => document.getElementById('current-frame')?.textContent === '37');
      await page.getByLabel('Framestamp (from 1)').fill('72');
      await page.getByRole('button', { name: 'Go to framestamp' }).click();
      await page.waitForFunction(() => document.getElementById('current-frame')?.textContent === '72');
      expect(await readout()).toBe('72 00:00:02:23');
      await page.getByRole('button', { name: 'Previous frame' }).click();
      await page.waitForFunction(() => document.getElementById('current-frame')?.textContent === '71');
      await page.evaluate(() => {
        (document.getElementById('player') as HTMLVideoElement).currentTime = 1.5;
      });
      await page.waitForFunction(() => document.getElementById('current-frame')?.textContent === '37');
      await page.getByRole('button', { name: 'Use current frame' }).click();
      expect(await page.getByLabel('Framestamp (from 1)').inputValue()).toBe('37');
      await page.getByLabel('Duration (frames)').fill('12');
      await page.getByLabel('Comment', { exact: true }).fill('Cut here');
      await page.getByRole('button', { name: 'Add comment' }).click();
      const article = page.getByRole('article', { name: /Cut here/ });
      await article.getByRole('button', { name: 'Resolve' }).click();
      await page
        .getByRole('article', { name: /Cut here/ })
        .getByLabel('Reply')
        .fill('Done');
      await page
        .getByRole('article', { name: /Cut here/ })
        .getByRole('button', { name: 'Send reply' })
        .click();
      await page.getByLabel('Status').selectOption({ label: 'Approved' });
      await page.getByRole('button', { name: 'Save status' }).click();
      await page
        .getByRole('article', { name: /Cut here/ })
        .getByRole('button', { name: 'Reopen' })
        .waitFor();

      const list = await api.call('GET', P.comments, {
        params: { account_id: sb.seed.accountId, file_id: file.id },
        query: { include: 'owner,replies', timestamp_as_timecode: 'true' },
      });
      const c = list.body.data[0];
      expect(c).toMatchObject({ text: 'Cut here', timestamp: '00:00:01:12', duration: 12 });
      expect(c.owner.id).toBe(SEED_IDS.alexId);
      expect(c.completer_id).toBe(SEED_IDS.alexId);
      expect(c.replies[0].text).toBe('Done');
      const meta = await api.call('GET', P.fileMetadata, {
        params: { account_id: sb.seed.accountId, file_id: file.id },
      });
      expect(meta.body.data.metadata[0].value[0].display_name).toBe('Approved');
      await page.getByRole('link', { name: 'Webhook deliveries' }).click();
      await page.getByRole('table', { name: 'Webhook deliveries' }).waitFor();
    } finally {
      await browser.close();
    }
  });
});
