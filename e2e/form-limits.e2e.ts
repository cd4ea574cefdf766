import { describe, expect, it } from 'vitest';
import { logInAs } from './helpers/login.ts';
import { newPage } from './helpers/page-helpers.ts';
import { seedProducer } from './helpers/seed.ts';
import { useWebAppAndBrowser } from './helpers/web-app-harness.ts';

/**
 * Inputs carry the API's limits (packages/contracts `limits.ts`), and a refused value reads as a
 * sentence under its own input: sign-up, a new client, an API key, the account's forms.
 */
describe('forms: limits and sentences next to the field', () => {
  const shared = useWebAppAndBrowser();

  it('maxLength and required match the contracts; an empty name is a sentence by the Name input', async () => {
    const { app, browser } = shared;
    const { page, errors } = await newPage(browser);
    const limits = (label: string) =>
      page
        .getByLabel(label, { exact: true })
        .evaluate((el: HTMLInputElement | HTMLTextAreaElement) => [el.maxLength, el.required]);

    await page.goto(`${app.url}/signup`);
    expect(await limits('Your name')).toEqual([120, true]);
    expect(await limits('Email')).toEqual([254, true]);
    expect(await limits('Password')).toEqual([200, true]);
    expect(await limits('Organization name')).toEqual([120, true]);

    const producer = await seedProducer(app);
    await logInAs(page, app.url, producer.email);
    await page.getByRole('button', { name: 'New client' }).click();
    expect(await limits('Client name')).toEqual([200, true]);
    expect(await limits('Contact email')).toEqual([254, false]);
    expect(await limits('Notes')).toEqual([10_000, false]);

    await page.goto(`${app.url}/settings/api-keys`);
    expect(await limits('Key name')).toEqual([80, true]);

    await page.goto(`${app.url}/settings/profile`);
    const nameForm = page.getByRole('form', { name: 'Name' });
    const name = nameForm.getByLabel('Name', { exact: true });
    expect(await name.evaluate((el: HTMLInputElement) => [el.maxLength, el.required])).toEqual([120, true]);
    await name.fill('   ');
    await nameForm.getByRole('button', { name: 'Save name' }).click();
    const sentence = nameForm.getByRole('alert');
    await sentence.waitFor();
    expect(await sentence.textContent()).toMatch(/^Name can't be empty\.?$/);
    // The sentence is the input's description, right under it.
    const describedBy = await name.getAttribute('aria-describedby');
    expect(describedBy).toBe(await sentence.getAttribute('id'));
    expect(await page.getByRole('form', { name: 'Password' }).getByRole('alert').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
