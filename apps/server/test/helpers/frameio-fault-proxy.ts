import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxyRule {
  method: string;
  /** Matched against the path (without query). */
  path: RegExp;
  status: number;
  body?: string;
  headers?: Record<string, string>;
  /** How many requests it applies to (default: all). */
  count?: number;
}

/**
 * A loopback HTTP proxy in front of the Frame.io sandbox, for faults the sandbox's control API
 * cannot inject: a 403 from the API (the sandbox has no permission model and its faults are
 * 429/5xx only), failing or stalled part PUTs on the S3-like endpoint (sandbox faults skip it).
 * It also counts requests per "METHOD path-template" and the peak of concurrent part PUTs.
 */
export class FaultProxy {
  url = '';
  target = '';
  rules: ProxyRule[] = [];
  /** Part numbers whose PUTs are held (never answered) until released. */
  readonly stalled = new Set<number>();
  readonly calls: string[] = [];
  partPutsInFlight = 0;
  maxPartPutsInFlight = 0;
  private server: http.Server | undefined;
  private readonly held = new Set<http.ServerResponse>();

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.keepAliveTimeout = 1000;
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', () => r()));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** API calls counted so far, ids replaced by `:id`. */
  apiCalls(): string[] {
    return this.calls.filter((c) => c.includes(' /v4/'));
  }

  releaseStalled(): void {
    this.stalled.clear();
    for (const res of this.held) res.destroy();
    this.held.clear();
  }

  async close(): Promise<void> {
    this.releaseStalled();
    this.server?.closeAllConnections();
    await new Promise<void>((r) => this.server?.close(() => r()) ?? r());
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    this.calls.push(`${method} ${url.pathname.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id')}`);
    const part = /^\/_s3\/parts\/[^/]+\/part_(\d+)$/.exec(url.pathname);
    const partNo = part ? Number(part[1]) : undefined;
    if (partNo !== undefined && method === 'PUT' && this.stalled.has(partNo)) {
      // Hold the request: read nothing, answer nothing (a slow link the worker is stuck on).
      req.pause();
      this.held.add(res);
      res.on('close', () => this.held.delete(res));
      return;
    }
    const rule = this.rules.find(
      (r) => r.method === method && r.path.test(url.pathname) && (r.count ?? 1) > 0,
    );
    if (rule) {
      if (rule.count !== undefined) rule.count -= 1;
      req.resume();
      req.on('end', () => {
        res.writeHead(rule.status, { 'content-type': 'application/json', ...rule.headers });
        res.end(rule.body ?? '');
      });
      return;
    }
    if (partNo !== undefined) {
      this.partPutsInFlight += 1;
      this.maxPartPutsInFlight = Math.max(this.maxPartPutsInFlight, this.partPutsInFlight);
      res.on('close', () => {
        this.partPutsInFlight -= 1;
      });
    }
    const target = new URL(req.url ?? '/', this.target);
    const upstream = http.request(
      target,
      { method, headers: { ...req.headers, host: target.host } },
      (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.on('aborted', () => upstream.destroy());
    req.pipe(upstream);
  }
}
