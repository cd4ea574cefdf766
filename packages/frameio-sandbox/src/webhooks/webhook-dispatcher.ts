import { randomUUID } from 'node:crypto';
import type { SandboxEvent, SandboxStore } from '../state/sandbox-store.ts';
import type { WebhookRec } from '../state/state-types.ts';
import { signWebhook } from './webhook-signature.ts';

export interface DeliveryAttempt {
  at: string;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface DeliveryRec {
  id: string;
  webhook_id: string;
  event: string;
  url: string;
  payload: Record<string, unknown>;
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: DeliveryAttempt[];
  duplicate_of: string | null;
  created_at: string;
}

export interface WebhookFaults {
  /** 0..1: chance a delivery is sent twice (two independent deliveries) */
  duplicateRate: number;
  /** 0..1: chance a delivery is silently never sent */
  dropRate: number;
  /** when true each delivery waits a random 0..reorderWindowMs first, so arrival order shuffles */
  reorder: boolean;
  reorderWindowMs: number;
  /** fixed delay before the first attempt */
  extraDelayMs: number;
}

export const MAX_ATTEMPTS = 5;
export const BASE_BACKOFF_MS = 15_000;
/** the delivery log keeps the newest entries only */
const MAX_LOG = 10_000;

export function defaultWebhookFaults(): WebhookFaults {
  return { duplicateRate: 0, dropRate: 0, reorder: false, reorderWindowMs: 500, extraDelayMs: 0 };
}

/**
 * Delivers events to every active webhook of the event's workspace subscribed to its type
 * (frameio-api-notes.md, "Webhooks: payload", "Webhooks: signature", "Webhooks: retries"):
 * ids-only payload, signed headers, 5 attempts in total with back-off 15 s × 2^n + jitter (the ×2
 * multiplier and 0–1 s jitter are choices), all scaled by `backoffScale`; non-2xx or slower than
 * `timeoutMs` counts as failed.
 */
export class WebhookDispatcher {
  readonly log: DeliveryRec[] = [];
  faults: WebhookFaults = defaultWebhookFaults();
  private timers = new Set<NodeJS.Timeout>();
  private inflight = new Set<AbortController>();
  private pending = 0;
  private idleWaiters: (() => void)[] = [];
  private closed = false;

  constructor(
    private readonly store: SandboxStore,
    private readonly opts: { backoffScale: number; timeoutMs: number },
  ) {
    store.onEvent((e) => this.handle(e));
  }

  static payload(e: SandboxEvent): Record<string, unknown> {
    return {
      account: { id: e.account_id },
      ...(e.project_id ? { project: { id: e.project_id } } : {}),
      resource: { id: e.resource.id, type: e.resource.type },
      type: e.type,
      user: { id: e.user_id },
      workspace: { id: e.workspace_id },
    };
  }

  handle(e: SandboxEvent): void {
    if (this.closed) return;
    const hooks = Object.values(this.store.state.webhooks)
      .filter((w) => w.workspace_id === e.workspace_id && w.active && w.events.includes(e.type))
      .sort((a, b) => a.seq - b.seq);
    for (const w of hooks) {
      const d = this.record(w, e, null);
      if (Math.random() < this.faults.duplicateRate) this.record(w, e, d.id);
    }
  }

  private record(w: WebhookRec, e: SandboxEvent, duplicateOf: string | null): DeliveryRec {
    const d: DeliveryRec = {
      id: randomUUID(),
      webhook_id: w.id,
      event: e.type,
      url: w.url,
      payload: WebhookDispatcher.payload(e),
      state: 'pending',
      attempts: [],
      duplicate_of: duplicateOf,
      created_at: this.store.clock.iso(),
    };
    this.log.push(d);
    if (this.log.length > MAX_LOG) this.log.splice(0, this.log.length - MAX_LOG);
    if (Math.random() < this.faults.dropRate) {
      d.state = 'dropped';
      return d;
    }
    const jitter = this.faults.reorder ? Math.random() * this.faults.reorderWindowMs : 0;
    this.pending += 1;
    this.schedule(() => this.run(d), this.faults.extraDelayMs + jitter);
    return d;
  }

  private schedule(fn: () => void, ms: number): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  /** Timer entry point: a delivery must never become an unhandled rejection. */
  private run(d: DeliveryRec): void {
    this.attempt(d).catch((err: unknown) => {
      d.state = 'failed';
      d.attempts.push({ at: this.store.clock.iso(), status: null, error: String(err), duration_ms: 0 });
      this.settle();
    });
  }

  private async attempt(d: DeliveryRec): Promise<void> {
    const hook = this.store.state.webhooks[d.webhook_id];
    // deleting or deactivating a webhook stops its deliveries at once (frameio-api-notes.md,
    // "Webhooks: management")
    if (this.closed || !hook || !hook.active) {
      d.state = 'failed';
      return this.settle();
    }
    const body = JSON.stringify(d.payload);
    const ts = Math.floor(this.store.clock.now() / 1000);
    const started = Date.now();
    const ac = new AbortController();
    this.inflight.add(ac);
    const timer = setTimeout(() => ac.abort(), this.opts.timeoutMs);
    let status: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(hook.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Frame.io V4 API',
          'x-frameio-request-timestamp': String(ts),
          'x-frameio-signature': signWebhook(hook.secret, ts, body),
        },
        body,
        signal: ac.signal,
      });
      await res.arrayBuffer();
      status = res.status;
    } catch (err) {
      error = ac.signal.aborted ? `timeout after ${this.opts.timeoutMs} ms` : String((err as Error).message);
    } finally {
      clearTimeout(timer);
      this.inflight.delete(ac);
    }
    d.attempts.push({ at: this.store.clock.iso(), status, error, duration_ms: Date.now() - started });
    if (status !== null && status >= 200 && status < 300) {
      d.state = 'delivered';
      return this.settle();
    }
    if (d.attempts.length >= MAX_ATTEMPTS || this.closed) {
      d.state = 'failed';
      return this.settle();
    }
    const n = d.attempts.length - 1;
    const backoff = (BASE_BACKOFF_MS * 2 ** n + Math.random() * 1000) * this.opts.backoffScale;
    this.schedule(() => this.run(d), backoff);
  }

  private settle(): void {
    this.pending -= 1;
    if (this.pending === 0) for (const w of this.idleWaiters.splice(0)) w();
  }

  /** Resolves when no delivery is pending (tests). */
  idle(): Promise<void> {
    if (this.pending === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }

  clearLog(): void {
    this.log.length = 0;
  }

  close(): void {
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    for (const ac of this.inflight) ac.abort();
  }
}
