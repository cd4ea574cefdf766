import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { screenshot } from './helpers/browser.ts';
import { logInAs } from './helpers/login.ts';
import { makeClip } from './helpers/media.ts';
import { newPage, waitForMedia } from './helpers/page-helpers.ts';
import { expectOk, seedMagicLink, seedProducer, seedTree, seedVersion } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

/** Clicks the menu's Download and returns the file's name and text. */
async function download(page: Page, format: string): Promise<{ name: string; text: string }> {
  await page.getByText('Export markers').click();
  await page.getByLabel('Marker format').selectOption(format);
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download' }).click(),
  ]);
  const saved = await file.path();
  return { name: file.suggestedFilename(), text: fs.readFileSync(saved!, 'utf8') };
}

/**
 * Markers to and from the edit suite in the browser: the producer downloads an FCPXML whose
 * markers sit on the notes' frames (29.97 drop-frame from 01:00:00;00), previews and imports an
 * Avid marker list (the marker outside the media listed, not added), and the client downloads a
 * CSV from the portal with only what the client sees.
 */
describe('marker export and import', () => {
  const shared = useWebAppAndBrowser();

  it('export downloads the right file; import previews then adds the notes once', async () => {
    const clip = makeClip('df-markers.mp4', 3, ['-timecode', '01:00:00;00'], '30000/1001');
    const producer = await seedProducer(shared.app);
    const tree = await seedTree(producer.api, { deliverable: 'Main cut' });
    const version = await seedVersion(producer.api, tree.deliverable.id, clip);
    await expectOk(producer.api.post(`/api/v1/deliverables/${tree.deliverable.id}/submit`));
    const post = (body: Record<string, unknown>) =>
      expectOk(producer.api.post(`/api/v1/versions/${version.id}/comments`, body));
    await post({ body: 'Internal: swap the temp track', frame: 10, visibility: 'internal' });
    await post({ body: 'Logo sits too low', frame: 40, duration_frames: 12 });

    const { page, errors } = await newPage(shared.browser);
    await logInAs(page, shared.app.url, producer.email);
    await page.goto(`${shared.app.url}/versions/${version.id}`);
    await waitForMedia(page);

    const fcpxml = await download(page, 'fcpxml');
    expect(fcpxml.name).toBe('main-cut-v1-notes.fcpxml');
    // Frame 40 of a clip starting at 01:00:00;00 (107,892 frames): (107892 + 40) × 1001/30000 s.
    expect(fcpxml.text).toContain(
      `<marker start="${(107892 + 40) * 1001}/30000s" duration="${12 * 1001}/30000s" value="Logo sits too low" completed="0"`,
    );
    expect(fcpxml.text).toContain('value="Internal: swap the temp track"');
    expect(fcpxml.text).toContain('tcStart="107999892/30000s" tcFormat="DF"');

    await page.getByRole('button', { name: 'Import markers' }).click();
    const avid = [
      'Edie Editor\t01:00:00;20\tV1\tred\tDip to black is late\t1',
      'Edie Editor\t01:00:01;15\tV1\tgreen\tGrade matches now\t6',
      'Edie Editor\t01:00:30;00\tV1\tred\tPast the end of the clip\t1',
    ].join('\n');
    await page
      .getByLabel('Marker file')
      .setInputFiles({ name: 'editor markers.txt', mimeType: 'text/plain', buffer: Buffer.from(avid) });
    await expect.poll(() => page.getByLabel('Import format').inputValue()).toBe('avid');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByTestId('marker-preview');
    await preview.waitFor();
    const rows = preview.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const row = async (n: number) => (await rows.nth(n).textContent()) ?? '';
    expect(await row(0)).toBe('01:00:00;2020Dip to black is late — Edie Editorwill be added');
    expect(await row(1)).toBe('01:00:01;1545Grade matches now — Edie Editorwill be added');
    expect(await row(2)).toMatch(
      /^01:00:30;00900Past the end of the clip — Edie Editoroutside the mediaafter the version ends/,
    );
    await screenshot(page, '40-marker-import-preview');
    await page.getByRole('button', { name: 'Import 2 notes' }).click();
    await page.getByRole('status').filter({ hasText: 'Added 2 notes.' }).waitFor();
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await page.getByText('Dip to black is late').first().waitFor();

    // The same file again adds nothing.
    await page.getByRole('button', { name: 'Import markers' }).click();
    await page
      .getByLabel('Marker file')
      .setInputFiles({ name: 'editor markers.txt', mimeType: 'text/plain', buffer: Buffer.from(avid) });
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByTestId('marker-preview').getByText('imported before').first().waitFor();
    expect(await page.getByRole('button', { name: /^Import 0 notes$/ }).isDisabled()).toBe(true);
    const comments = await expectOk<unknown[]>(producer.api.get(`/api/v1/versions/${version.id}/comments`));
    expect(comments).toHaveLength(4);

    // The client downloads from the portal: only what the client sees, and no import.
    const link = await seedMagicLink(
      producer.api,
      tree.client.id,
      `casey-${Date.now()}@acme.test`,
      'Casey Client',
    );
    const portal = await newPage(shared.browser);
    await portal.page.goto(`${shared.app.url}/portal/login?token=${link.token}`);
    await portal.page.getByRole('heading', { name: 'Your shows' }).waitFor();
    await portal.page.goto(`${shared.app.url}/portal/versions/${version.id}`);
    await waitForMedia(portal.page);
    expect(await portal.page.getByRole('button', { name: 'Import markers' }).count()).toBe(0);
    const csv = await download(portal.page, 'csv');
    expect(csv.name).toBe('main-cut-v1-notes.csv');
    expect(csv.text).toContain(
      '01:00:01;10,01:00:01;22,40,12,1.334667,Production team,client,open,Logo sits too low',
    );
    expect(csv.text).not.toContain('swap the temp track');
    expect(errors).toEqual([]);
    expect(portal.errors).toEqual([]);
  });
});
