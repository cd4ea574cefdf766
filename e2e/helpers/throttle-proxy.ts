import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';

/** An answer the proxy gives instead of forwarding (Frame.io refusing something). */
export interface Refusal {
  method: string;
  path: RegExp;
  status: number;
  body: string;
}

export interface ThrottleProxy {
  url: string;
  /** Requests matching one of these are answered by the proxy itself. */
  refusals: Refusal[];
  setTarget(url: string): void;
  close(): Promise<void>;
}

/**
 * A loopback HTTP proxy that forwards everything to `target` and slows the request bodies of
 * matching paths to about `bytesPerSecond` per request. Frame.io part uploads to the sandbox
 * finish in a blink on loopback; through this they take a few seconds, so a browser test can
 * watch the progress bar move. Point the sandbox's `publicUrl` (the base of its presigned
 * upload URLs) here, and FRAMEIO_API_URL too when a test needs Frame.io to refuse something.
 */
export async function startThrottleProxy(opts: {
  bytesPerSecond: number;
  throttle: (path: string) => boolean;
}): Promise<ThrottleProxy> {
  let target: URL | undefined;
  const proxy = { refusals: [] as Refusal[] };
  const server = http.createServer((req, res) => {
    if (!target) {
      res.writeHead(503).end('no target yet');
      return;
    }
    const refusal = proxy.refusals.find((r) => r.method === req.method && r.path.test(req.url ?? ''));
    if (refusal) {
      req.resume();
      res.writeHead(refusal.status, { 'content-type': 'application/json' }).end(refusal.body);
      return;
    }
    const upstream = http.request(
      {
        host: target.hostname,
        port: target.port,
        method: req.method,
        path: req.url,
        headers: req.headers,
      },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.on('aborted', () => upstream.destroy());
    const slow = opts.throttle(req.url ?? '/');
    if (slow) req.pipe(throttle(opts.bytesPerSecond)).pipe(upstream);
    else req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(proxy, {
    url: `http://127.0.0.1:${port}`,
    setTarget(url: string) {
      target = new URL(url);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** Passes chunks on no faster than bytesPerSecond (in 64 KiB slices). */
function throttle(bytesPerSecond: number): Transform {
  const started = Date.now();
  let passed = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const slices: Buffer[] = [];
      for (let i = 0; i < chunk.length; i += 65536) slices.push(chunk.subarray(i, i + 65536));
      const next = () => {
        const slice = slices.shift();
        if (!slice) {
          done();
          return;
        }
        passed += slice.length;
        this.push(slice);
        const due = started + (passed / bytesPerSecond) * 1000;
        setTimeout(next, Math.max(0, due - Date.now()));
      };
      next();
    },
  });
}
