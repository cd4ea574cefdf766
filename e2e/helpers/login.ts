import type { Page } from 'playwright-core';
import { PASSWORD } from './seed.ts';

/** Logs a producer in through the login form and waits for the studio. */
export async function logInAs(page: Page, baseUrl: string, email: string): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('heading', { name: 'Clients' }).waitFor();
}
