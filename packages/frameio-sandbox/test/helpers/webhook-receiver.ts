import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  path: string;
  headers: IncomingHttpHeaders;
  raw: string;
  // biome-ignore lint/suspicious/noExplicitAny: parsed webhook payload
  json: any;
}

/** A local webhook receiver (node:http on 127.0.0.1:0). `respond` decides status and delay per request. */
export async function startReceiver(
  respond: (r: Received, n: number) => { status: number; delayMs?: number } = () => ({ status: 200 }),
): Promise<{ url: string; received: Received[]; close(): Promise<void>; server: Server }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const r: Received = { path: req.url ?? '', headers: req.headers, raw, json: JSON.parse(raw) };
      received.push(r);
      const { status, delayMs } = respond(r, received.filter((x) => x.path === r.path).length);
      setTimeout(() => {
        res.statusCode = status;
        res.end('ok');
      }, delayMs ?? 0).unref();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/**
 * Independent verifier, written from frameio-api-notes.md, "Webhooks: signature" (not the sandbox's
 * signer).
 */
export function verifySignature(
  secret: string,
  r: Received,
  nowSeconds = Math.floor(Date.now() / 1000),
): boolean {
  const ts = String(r.headers['x-frameio-request-timestamp'] ?? '');
  const sig = String(r.headers['x-frameio-signature'] ?? '');
  if (!/^\d+$/.test(ts) || Math.abs(nowSeconds - Number(ts)) > 300) return false;
  const expected = Buffer.from(
    `v0=${createHmac('sha256', secret).update(`v0:${ts}:${r.raw}`).digest('hex')}`,
  );
  const given = Buffer.from(sig);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
