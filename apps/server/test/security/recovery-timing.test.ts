import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestClient } from '../helpers/http-client.ts';
import { runQueuedJobs } from '../helpers/run-jobs.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import { makeClient } from '../integration/domain-fixtures.ts';

/**
 * Asking for a password reset or a portal sign-in link must not tell, by its answer or its time,
 * whether the email is known (docs/teams.md, "Account"; docs/client-portal.md): both requests do
 * the same work either way (two throttles, one queued job), and the job does the lookup and the
 * mail. Measured as in login-timing-and-signup.test.ts: medians of interleaved tries within 1.5×.
 * Each try comes from its own client address (TRUST_PROXY=on, RFC 5737 documentation addresses in
 * a header); known and unknown emails rotate through pools of the same size, so each side's
 * per-email throttle does the same writes (a fresh stranger per try would insert where a repeated
 * known email updates) and no throttle is reached. The answers are a few milliseconds on a quiet
 * machine, so medians within 1 ms of each other also pass: well under what a network shows.
 */
const TRIES = 20;
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ TRUST_PROXY: 'on' });
});
afterAll(async () => {
  await app?.close();
});

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const ALLOWED_MS = 1;

/** Times `TRIES` interleaved requests for known and unknown emails; both always answer 202 alike. */
async function compare(path: string, known: string[]) {
  let address = 0;
  const attempt = async (email: string) => {
    address += 1;
    const started = performance.now();
    const res = await app.client().post(
      path,
      { email },
      {
        headers: { 'x-forwarded-for': `198.51.${Math.floor(address / 250)}.${address % 250}` },
      },
    );
    const ms = performance.now() - started;
    expect(res.status).toBe(202);
    return { ms, body: res.text };
  };
  const run = Date.now();
  const strangers = known.map((_, i) => `nobody-${i}-${run}@example.test`);
  // Warm-up, then interleaved so load on the machine hits both alike.
  await attempt(strangers[strangers.length - 1]!);
  await attempt(known[known.length - 1]!);
  const unknown: number[] = [];
  const found: number[] = [];
  const bodies = new Set<string>();
  for (let i = 0; i < TRIES; i++) {
    const u = await attempt(strangers[i % strangers.length]!);
    const k = await attempt(known[i % known.length]!);
    unknown.push(u.ms);
    found.push(k.ms);
    bodies.add(u.body).add(k.body);
  }
  return { ratio: median(unknown) / median(found), unknown: median(unknown), known: median(found), bodies };
}

/** Same time for both: medians within 1.5× of each other, or within ALLOWED_MS. */
function expectAlike(r: Awaited<ReturnType<typeof compare>>) {
  const detail = `median unknown ${r.unknown.toFixed(2)} ms, known ${r.known.toFixed(2)} ms`;
  expect(r.bodies.size, 'one answer for both').toBe(1);
  if (Math.abs(r.unknown - r.known) < ALLOWED_MS) return;
  expect(r.ratio, detail).toBeGreaterThan(1 / 1.5);
  expect(r.ratio, detail).toBeLessThan(1.5);
}

describe('no user enumeration by timing', () => {
  it(`password reset: a known and an unknown email answer alike in the same time (medians of ${TRIES} within 1.5×)`, async () => {
    // Three requests per email an hour are allowed: eight accounts cover the tries.
    const known: string[] = [];
    for (let i = 0; i < 8; i++) known.push((await signUp(app)).email);
    expectAlike(await compare('/api/v1/auth/password-reset', known));
    // The work the requests left is the same too: one queued job each, and mail only once it runs.
    const queued = await app.preroll.db
      .selectFrom('jobs')
      .select('payload_json')
      .where('type', '=', 'account.password-reset-mail')
      .execute();
    expect(queued).toHaveLength(2 * TRIES + 2);
    expect(await app.preroll.store.mail.listTo(known[0]!, 10)).toEqual([]);
    await runQueuedJobs(app, ['account.password-reset-mail']);
    expect((await app.preroll.store.mail.listTo(known[0]!, 10))[0]?.subject).toBe(
      'preroll: reset your password',
    );
  });

  it(`portal sign-in link: a contact's email and a stranger's answer alike in the same time (medians of ${TRIES} within 1.5×)`, async () => {
    const owner = await signUp(app);
    const client = await makeClient(owner.client as TestClient, { name: 'Timing Client' });
    // Five requests per email an hour are allowed: five contacts cover the tries.
    const known: string[] = [];
    for (let i = 0; i < 5; i++) {
      const email = `contact-${i}-${Date.now()}@client.test`;
      const res = await owner.client.post(`/api/v1/clients/${client.id}/portal-users`, {
        email,
        name: `Casey ${i}`,
      });
      expect(res.status).toBe(201);
      known.push(email);
    }
    expectAlike(await compare('/api/v1/portal/magic-link', known));
    await runQueuedJobs(app, ['portal.sign-in-link-mail']);
    const mails = await app.preroll.store.mail.listTo(known[0]!, 10);
    expect(mails.some((m) => /portal\/login\?token=/.test(m.body_text))).toBe(true);
  });
});
