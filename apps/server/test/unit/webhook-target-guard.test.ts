import { describe, expect, it } from 'vitest';
import { WebhookTargetGuard } from '../../src/integrations/webhooks/repositories/target-guard.ts';
import {
  nextAttemptAt,
  RETRY_WINDOW_MS,
  retryDelayMs,
} from '../../src/integrations/webhooks/retry-schedule.ts';
import { escapeMrkdwn } from '../../src/integrations/webhooks/slack-message.ts';

/** The SSRF guard's address rules, the retry schedule and Slack escaping, as pure functions. */
describe('WebhookTargetGuard', () => {
  const none = new WebhookTargetGuard();
  it.each([
    ['127.0.0.1', 'a loopback address'],
    ['127.255.255.254', 'a loopback address'],
    ['::1', 'a loopback address'],
    ['::ffff:127.0.0.1', 'a loopback address'],
    ['::ffff:7f00:1', 'a loopback address'],
    ['2002:7f00:1::', 'a loopback address'],
    ['10.0.0.1', 'a private address'],
    ['172.16.5.4', 'a private address'],
    ['172.31.255.255', 'a private address'],
    ['192.168.1.1', 'a private address'],
    ['169.254.169.254', 'a link-local address'],
    ['fe80::1', 'a link-local address'],
    ['fd00:ec2::254', 'a unique local (private) address'],
    ['100.100.100.200', 'a shared (carrier-grade NAT) address'],
    ['0.0.0.0', 'a "this network" address'],
    ['::', 'an unspecified or IPv4-compatible address'],
    ['224.0.0.1', 'a multicast address'],
    ['255.255.255.255', 'a reserved address'],
    ['64:ff9b::a9fe:a9fe', 'a NAT64 address'],
  ])('refuses %s (%s)', (address, reason) => {
    expect(none.refusal(address)).toBe(reason);
    expect(() => none.check(address)).toThrow(/PREROLL_WEBHOOKS_ALLOW_PRIVATE/);
  });

  it.each(['8.8.8.8', '172.32.0.1', '93.184.216.34', '2606:4700:4700::1111', '::ffff:8.8.8.8'])(
    'lets %s through',
    (address) => expect(none.refusal(address)).toBeNull(),
  );

  it('allows exactly what the operator listed, mapped forms included, and nothing next to it', () => {
    const guard = new WebhookTargetGuard(['127.0.0.1', '10.20.0.0/16', 'fd00:1::/32']);
    expect(guard.refusal('127.0.0.1')).toBeNull();
    expect(guard.refusal('::ffff:127.0.0.1')).toBeNull();
    expect(guard.refusal('127.0.0.2')).toBe('a loopback address');
    expect(guard.refusal('10.20.3.4')).toBeNull();
    expect(guard.refusal('10.21.0.1')).toBe('a private address');
    expect(guard.refusal('fd00:1::5')).toBeNull();
    expect(guard.refusal('fd00:2::5')).toBe('a unique local (private) address');
    expect(guard.refusal('::1')).toBe('a loopback address');
  });

  it('checks every address a name resolves to (localhost is loopback)', async () => {
    await expect(none.checkHost('localhost')).rejects.toThrow(/loopback/);
    await expect(none.checkHost('[::1]')).rejects.toThrow(/loopback/);
    await expect(none.checkHost('93.184.216.34')).resolves.toBeUndefined();
  });
});

describe('retry schedule', () => {
  it('doubles from 30 s to a cap of 8 h with ±10 % jitter', () => {
    const low = (n: number) => retryDelayMs(n, () => 0);
    const high = (n: number) => retryDelayMs(n, () => 0.999_999);
    expect([1, 2, 3, 4].map(low)).toEqual([27_000, 54_000, 108_000, 216_000]);
    expect(high(1)).toBe(33_000);
    expect(low(11)).toBe(0.9 * 8 * 3_600_000);
    expect(low(500)).toBe(0.9 * 8 * 3_600_000);
  });

  it('gives up when the next attempt would fall more than a day after the first, after about 12 attempts', () => {
    const first = new Date('2026-01-01T00:00:00Z');
    let now = first;
    let attempts = 1;
    for (;;) {
      const next = nextAttemptAt(first, now, attempts, () => 0.5);
      if (!next) break;
      now = next;
      attempts += 1;
    }
    expect(attempts).toBe(12);
    expect(now.getTime() - first.getTime()).toBeLessThanOrEqual(RETRY_WINDOW_MS);
    expect(now.getTime() - first.getTime()).toBeGreaterThan(RETRY_WINDOW_MS - 8 * 3_600_000);
  });
});

describe('Slack mrkdwn', () => {
  it('escapes the three control characters and nothing else', () => {
    expect(escapeMrkdwn('<@U123> & <!channel> *bold* _it_')).toBe(
      '&lt;@U123&gt; &amp; &lt;!channel&gt; *bold* _it_',
    );
  });
});
