import type { Page } from 'playwright-core';
import type { Clock } from '../../apps/server/src/lib/clock.ts';

/**
 * The server's clock, running with real time but movable forward: notification emails go out at
 * the end of their batching window (docs/notifications.md), which a test crosses by moving this
 * clock rather than waiting minutes. The job worker polls it too, so moved jobs run at once.
 */
export class MovableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

export interface ReadMail {
  subject: string;
  body: string;
  /** Every http(s) URL in the plain-text body, in order. */
  links: string[];
}

/**
 * Reads the newest mail to `to` whose subject matches, the way a producer does without SMTP:
 * Settings → Mail outbox (newest first; it refetches every few seconds while the mail job runs).
 * `nth` waits until that many such mails are there, for a second mail like an earlier one.
 */
export async function readOutboxMail(
  page: Page,
  baseUrl: string,
  to: string,
  subject: RegExp,
  nth = 1,
): Promise<ReadMail> {
  await page.goto(`${baseUrl}/settings/outbox`);
  const mails = page
    .locator('li.mail')
    .filter({ hasText: `to ${to} ·` })
    .filter({ has: page.locator('.mail__head strong', { hasText: subject }) });
  await mails.nth(nth - 1).waitFor({ timeout: 20_000 });
  const mail = mails.first();
  const body = (await mail.locator('.mail__body').textContent()) ?? '';
  return {
    subject: (await mail.locator('.mail__head strong').textContent()) ?? '',
    body,
    links: body.match(/https?:\/\/\S+/g) ?? [],
  };
}

/** Every subject and body in the outbox addressed to `to` (to check what someone never got). */
export async function outboxTextFor(page: Page, baseUrl: string, to: string): Promise<string> {
  await page.goto(`${baseUrl}/settings/outbox`);
  await page.locator('li.mail').first().waitFor();
  const mails = page.locator('li.mail').filter({ hasText: `to ${to} ·` });
  return (await mails.allTextContents()).join('\n');
}
