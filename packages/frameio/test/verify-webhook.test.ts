import { signWebhook as sandboxSign } from '@preroll/frameio-sandbox';
import { describe, expect, it } from 'vitest';
import {
  constructWebhookEvent,
  FrameioWebhookError,
  isSignedWith,
  readWebhookRequest,
  signWebhook,
} from '../src/index.ts';

const SECRET = 'frameio-test-secret';
const body = Buffer.from(
  JSON.stringify({
    type: 'comment.created',
    account: { id: 'a' },
    workspace: { id: 'w' },
    resource: { id: 'c', type: 'comment' },
  }),
);
const NOW_MS = 1_700_000_000_000;
const ts = String(NOW_MS / 1000);

function rejection(fn: () => unknown): { code: string; status: number } {
  try {
    fn();
  } catch (err) {
    if (err instanceof FrameioWebhookError) return { code: err.code, status: err.status };
    throw err;
  }
  throw new Error('expected a FrameioWebhookError');
}

describe('webhook signatures', () => {
  it('sign matches the documented algorithm on the fixed test vector', () => {
    expect(signWebhook(SECRET, '1604004499', Buffer.from('{"type":"file.ready"}'))).toBe(
      'v0=f204837f321441103dc9b2ea2bc12d253a6418e7fa421a2285c2c672e46c20e9',
    );
  });

  it('verifies what the sandbox (an independent signer) signs', () => {
    const signature = sandboxSign(SECRET, Number(ts), body.toString('utf8'));
    const event = constructWebhookEvent({ rawBody: body, signature, timestamp: ts }, SECRET, {
      nowMs: NOW_MS,
    });
    expect(event).toMatchObject({ type: 'comment.created', account: { id: 'a' }, resource: { id: 'c' } });
  });

  it('refuses missing headers (400), a stale or future timestamp (401), and non-numeric timestamps', () => {
    const signature = signWebhook(SECRET, ts, body);
    expect(
      rejection(() => readWebhookRequest({ rawBody: body, signature: undefined, timestamp: ts })),
    ).toEqual({
      code: 'missing_signature_headers',
      status: 400,
    });
    for (const t of [String(NOW_MS / 1000 - 301), String(NOW_MS / 1000 + 301), '1e9', '-5', ''])
      expect(
        rejection(() =>
          readWebhookRequest({ rawBody: body, signature, timestamp: t || undefined }, { nowMs: NOW_MS }),
        ).code,
      ).toMatch(/stale_timestamp|missing_signature_headers/);
    expect(
      readWebhookRequest(
        { rawBody: body, signature, timestamp: String(NOW_MS / 1000 - 300) },
        { nowMs: NOW_MS },
      ).payload.type,
    ).toBe('comment.created');
  });

  it('refuses a body that is not JSON or lacks type/account/workspace (400)', () => {
    for (const raw of ['not json', '{"type":"x","account":{"id":"a"}}', '[]', 'null']) {
      const rawBody = Buffer.from(raw);
      const signature = signWebhook(SECRET, ts, rawBody);
      expect(
        rejection(() => readWebhookRequest({ rawBody, signature, timestamp: ts }, { nowMs: NOW_MS })).status,
      ).toBe(400);
    }
  });

  it('refuses a changed body, another secret, or a truncated signature (401)', () => {
    const signature = signWebhook(SECRET, ts, body);
    const tampered = Buffer.from(body.toString('utf8').replace('"c"', '"d"'));
    const cases: Array<[Buffer, string, string]> = [
      [tampered, signature, SECRET],
      [body, signature, 'another-secret'],
      [body, signature.slice(0, -1), SECRET],
      [body, signature.replace('v0=', 'v1='), SECRET],
    ];
    for (const [rawBody, sig, secret] of cases) {
      expect(
        rejection(() =>
          constructWebhookEvent({ rawBody, signature: sig, timestamp: ts }, secret, { nowMs: NOW_MS }),
        ),
      ).toEqual({ code: 'invalid_signature', status: 401 });
    }
  });

  it('isSignedWith picks the one secret that signed the delivery among several', () => {
    const webhook = readWebhookRequest(
      { rawBody: body, signature: signWebhook('second', ts, body), timestamp: ts },
      { nowMs: NOW_MS },
    );
    expect(['first', 'second', 'third'].filter((s) => isSignedWith(webhook, s))).toEqual(['second']);
  });
});
