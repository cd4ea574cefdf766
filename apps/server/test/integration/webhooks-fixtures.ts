import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { expect } from 'vitest';
import type { Preroll } from '../../src/server.ts';
import { signUp, startTestApp, type TestApp } from '../helpers/test-app.ts';
import type { Owner } from './domain-fixtures.ts';
import { ManualClock } from './jobs-fixtures.ts';

export { ManualClock };

// biome-ignore lint/suspicious/noExplicitAny: payloads and API rows are read field by field in tests
export type Json = any;

/** One request the local receiver got: raw bytes as sent, headers lower-cased. */
export interface Received {
  headers: Record<string, string>;
  body: string;
  json: Json;
  /** The status the receiver answered. */
  answered: number;
}

/**
 * A webhook endpoint on 127.0.0.1: records every request and answers what `answer` says (200 by
 * default), so tests can make it fail, recover, or be slow.
 */
export class WebhookReceiver {
  readonly received: Received[] = [];
  answer: (r: Omit<Received, 'answered'>) => number = () => 200;
  private constructor(
    private readonly server: http.Server,
    readonly url: string,
  ) {}

  static async start(path = '/hooks/preroll'): Promise<WebhookReceiver> {
    let receiver: WebhookReceiver | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(
          Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
        );
        let json: unknown;
        try {
          json = JSON.parse(body);
        } catch {
          json = undefined;
        }
        const request = { headers, body, json };
        const answered = receiver!.answer(request);
        receiver!.received.push({ ...request, answered });
        res
          .writeHead(answered, { 'content-type': 'text/plain' })
          .end(answered < 300 ? 'ok' : 'receiver says no');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    receiver = new WebhookReceiver(server, `http://127.0.0.1:${port}${path}`);
    return receiver;
  }

  /** Waits until `count` requests have arrived. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<Received[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline)
        throw new Error(`receiver got ${this.received.length} of ${count} requests in time`);
      await new Promise((r) => setTimeout(r, 20));
    }
    return this.received;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * Verifies a received request with the standardwebhooks library itself; returns the parsed
 * payload. `nowMs` is the receiver's time: the library refuses timestamps more than 5 minutes
 * from its `Date.now()`, and a test that moved the server's clock a day ahead puts its receiver
 * a day ahead too (verify is synchronous, so the override touches nothing else).
 */
export function verifyWith(secret: string, r: Received, nowMs?: number): Json {
  const realNow = Date.now;
  if (nowMs !== undefined) Date.now = () => nowMs;
  try {
    return new Webhook(secret).verify(r.body, r.headers);
  } finally {
    Date.now = realNow;
  }
}

/** The library's error for a request this secret did not sign (or that is otherwise refused). */
export function refusalWith(secret: string, r: Received, nowMs?: number): string | null {
  try {
    verifyWith(secret, r, nowMs);
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}

export interface WebhooksEnv {
  app: TestApp;
  preroll: Preroll;
  owner: Owner;
  clock: ManualClock;
  receiver: WebhookReceiver;
  close(): Promise<void>;
}

/**
 * A server that may send webhooks to 127.0.0.1 (PREROLL_WEBHOOKS_ALLOW_PRIVATE), on a clock the
 * test moves (retries are due after 30 s and more), with its job worker running in-process.
 */
export async function startWebhooksEnv(env: Record<string, string> = {}): Promise<WebhooksEnv> {
  const clock = new ManualClock(Date.now());
  const app = await startTestApp(
    { PREROLL_WEBHOOKS_ALLOW_PRIVATE: '127.0.0.1', PREROLL_WORKER: 'off', ...env },
    { clock },
  );
  const owner = await signUp(app);
  const receiver = await WebhookReceiver.start();
  const stopWorker = app.preroll.startWorker();
  return {
    app,
    preroll: app.preroll,
    owner,
    clock,
    receiver,
    async close() {
      await stopWorker();
      await receiver.close();
      await app.close();
    },
  };
}

/** Registers an endpoint over the API and returns it with its secret. */
export async function createEndpoint(
  owner: Owner,
  body: Record<string, unknown>,
): Promise<{ id: string; secret: string } & Record<string, Json>> {
  const res = await owner.client.post('/api/v1/webhook-endpoints', body);
  expect(res.status, res.text).toBe(201);
  return res.body.data;
}

/** The endpoint's delivery log as the API shows it. */
export async function deliveriesOf(owner: Owner, endpointId: string): Promise<Json[]> {
  const res = await owner.client.get(`/api/v1/webhook-endpoints/${endpointId}/deliveries`);
  expect(res.status, res.text).toBe(200);
  return res.body.data;
}

/** Polls until check() passes (the worker polls every second when the clock moved past a retry). */
export async function eventually<T>(
  check: () => Promise<T | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}
