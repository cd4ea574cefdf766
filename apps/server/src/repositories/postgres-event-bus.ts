import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../db/schema.ts';
import {
  type EventBus,
  InProcessEventBus,
  type Listener,
  type RealtimeEvent,
} from '../realtime/event-bus.ts';

export const EVENTS_CHANNEL = 'preroll_events';

/**
 * PostgreSQL's NOTIFY payload must be shorter than 8000 bytes (docs: sql-notify). We stay a little
 * under it to leave room for the envelope.
 */
export const NOTIFY_PAYLOAD_LIMIT = 7900;

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/** What travels over NOTIFY; `origin` lets the publishing process skip its own echo. */
interface Envelope {
  orgId: string;
  event: RealtimeEvent;
  origin: string;
}

export interface PostgresEventBusOptions {
  /** The pool used to NOTIFY (any connection will do). */
  db: Kysely<Database>;
  /** LISTEN needs a connection of its own that stays open, outside the pool. */
  connectionString: string;
  channel?: string;
  onError?: (err: unknown) => void;
}

/**
 * Realtime events across processes: `publish` delivers to this process's subscribers at once and
 * sends `pg_notify(channel, {orgId, event, origin})`; every process LISTENs on the channel with a
 * dedicated pg.Client and hands other processes' events to its local subscribers. A web process
 * therefore pushes to its SSE clients what the worker process (or another web process) published.
 *
 * Delivery is best effort, like SSE itself: events sent while the LISTEN connection is down are
 * lost (it reconnects with backoff), and clients refetch state on reconnect.
 */
export class PostgresEventBus implements EventBus {
  private readonly local = new InProcessEventBus();
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly onError: (err: unknown) => void;
  private client: pg.Client | undefined;
  private closed = false;
  private reconnectDelay = RECONNECT_MIN_MS;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private readonly listening: Promise<void>;
  private markListening: () => void = () => {};

  constructor(private readonly opts: PostgresEventBusOptions) {
    this.channel = opts.channel ?? EVENTS_CHANNEL;
    if (!/^[a-z_][a-z0-9_]*$/.test(this.channel)) throw new Error(`invalid channel name ${this.channel}`);
    this.onError = opts.onError ?? ((err) => console.error('[realtime] LISTEN connection:', err));
    this.listening = new Promise((resolve) => {
      this.markListening = resolve;
    });
    void this.connect();
  }

  /** Resolves once this process first LISTENs (tests wait for it; publishing does not need it). */
  ready(): Promise<void> {
    return this.listening;
  }

  async publish(orgId: string, event: RealtimeEvent): Promise<void> {
    this.local.deliver(orgId, event);
    const payload = encodeEnvelope({ orgId, event, origin: this.origin });
    await sql`select pg_notify(${this.channel}, ${payload})`.execute(this.opts.db);
  }

  subscribe(orgId: string, listener: Listener): () => void {
    return this.local.subscribe(orgId, listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await this.local.close();
    if (client) await client.end().catch(() => {});
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.opts.connectionString });
    // An error on an idle client (server restart, network) would otherwise crash the process.
    client.on('error', (err) => this.lost(client, err));
    client.on('end', () => this.lost(client, undefined));
    client.on('notification', (msg) => {
      if (msg.channel === this.channel && msg.payload) this.receive(msg.payload);
    });
    try {
      await client.connect();
      await client.query(`LISTEN ${this.channel}`);
    } catch (err) {
      this.lost(client, err);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.client = client;
    this.reconnectDelay = RECONNECT_MIN_MS;
    this.markListening();
  }

  private lost(client: pg.Client, err: unknown): void {
    if (this.closed) return;
    if (this.client && this.client !== client) return; // a stale client's late event
    this.client = undefined;
    if (err) this.onError(err);
    client.removeAllListeners('notification');
    void client.end().catch(() => {});
    if (this.reconnectTimer) return;
    const delay = this.reconnectDelay;
    this.reconnectDelay = Math.min(RECONNECT_MAX_MS, this.reconnectDelay * 2);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined;
      if (!this.closed) void this.connect();
    }, delay);
  }

  private receive(payload: string): void {
    let envelope: Envelope;
    try {
      envelope = JSON.parse(payload) as Envelope;
    } catch (err) {
      this.onError(err);
      return;
    }
    if (envelope.origin === this.origin || typeof envelope.orgId !== 'string' || !envelope.event) return;
    this.local.deliver(envelope.orgId, envelope.event);
  }
}

/**
 * Serialises an envelope within NOTIFY's limit. An event too large (a long comment body) is sent
 * as `{type, data: {…ids, client_id, visibility, truncated: true}}`: every `id` / `*_id` field
 * and `visibility` survive, so subscribers can still filter it (portal rule) and refetch the
 * resource by id; the rest of the data is dropped.
 */
export function encodeEnvelope(envelope: Envelope): string {
  const full = JSON.stringify(envelope);
  if (Buffer.byteLength(full, 'utf8') <= NOTIFY_PAYLOAD_LIMIT) return full;
  const data: Record<string, unknown> = { truncated: true };
  for (const [key, value] of Object.entries(envelope.event.data)) {
    if ((key === 'id' || key.endsWith('_id') || key === 'visibility') && isSmall(value)) data[key] = value;
  }
  const slim = JSON.stringify({ ...envelope, event: { type: envelope.event.type, data } });
  if (Buffer.byteLength(slim, 'utf8') <= NOTIFY_PAYLOAD_LIMIT) return slim;
  // Only a pathological event (huge type or ids) gets here; send its type alone.
  return JSON.stringify({
    ...envelope,
    event: { type: envelope.event.type.slice(0, 200), data: { truncated: true } },
  });
}

function isSmall(value: unknown): boolean {
  return (
    value === null ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    (typeof value === 'string' && value.length <= 200)
  );
}
