import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.ts';
import { logInAs } from './helpers/login.ts';
import { newPage, waitForMedia } from './helpers/page-helpers.ts';
import { seedProducer, seedTree, seedVersion } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

/** A ProRes 422 master at 29.97 drop-frame from 01:00:00;00: no browser plays it as it is. */
function makeProResMaster(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preroll-e2e-media-'));
  const file = path.join(dir, 'master.mov');
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'testsrc=size=320x180:rate=30000/1001',
    '-f',
    'lavfi',
    '-i',
    'sine=frequency=440:sample_rate=48000',
    '-t',
    '3',
    '-c:v',
    'prores_ks',
    '-profile:v',
    '2',
    '-c:a',
    'pcm_s24le',
    '-timecode',
    '01:00:00;00',
    '-y',
    file,
  ]);
  return file;
}

describe('a ProRes master plays in the browser through its proxy', () => {
  const shared = useWebAppAndBrowser();

  it('Chromium plays the H.264 proxy (readyState ≥ 2, currentTime advances) and shows the source timecode', async () => {
    const producer = await seedProducer(shared.app);
    const tree = await seedTree(producer.api);
    const seeded = await seedVersion(producer.api, tree.deliverable.id, makeProResMaster());
    const until = Date.now() + 60_000;
    let version: Record<string, unknown> = {};
    while (version.proxy_status !== 'ready') {
      if (Date.now() > until) throw new Error(`no proxy: ${JSON.stringify(version)}`);
      await new Promise((r) => setTimeout(r, 250));
      version = (await producer.api.get(`/api/v1/versions/${seeded.id}`)).body.data;
    }
    expect(version.playback_url).toBe(`/api/v1/versions/${seeded.id}/playback`);

    const { page, errors } = await newPage(shared.browser);
    await logInAs(page, shared.app.url, producer.email);
    await page.goto(`${shared.app.url}/versions/${seeded.id}`);
    await waitForMedia(page);
    const src = await page.evaluate(() => document.querySelector('video')!.currentSrc);
    expect(new URL(src).pathname).toBe(`/api/v1/versions/${seeded.id}/playback`);
    expect(await page.getByTestId('current-position').textContent()).toBe('01:00:00;00');

    await page.evaluate(() => {
      const v = document.querySelector('video')!;
      v.muted = true;
      return v.play();
    });
    await page.waitForFunction(() => document.querySelector('video')!.currentTime > 0.5, undefined, {
      timeout: 15_000,
    });
    await page.evaluate(() => document.querySelector('video')!.pause());
    // The readout has moved on from the first frame, still on the source's timecode.
    await page.waitForFunction(
      () => document.querySelector('[data-testid="current-position"]')?.textContent !== '01:00:00;00',
    );
    expect(await page.getByTestId('current-position').textContent()).toMatch(/^01:00:0\d;\d\d$/);
    await screenshot(page, 'media-proxy-playing');
    expect(errors).toEqual([]);
  });
});
