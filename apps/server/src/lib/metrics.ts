import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

/** One job type's queue as the metrics scrape reads it (JobRepository.queueStats). */
export interface JobQueueStats {
  type: string;
  queued: number;
  running: number;
  dead: number;
  /** Seconds the oldest due queued job has waited past its run_at (0 when none is due). */
  oldestDueAgeSeconds: number;
}

/** Buckets for request latency: 1 ms … 10 s. */
const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Buckets for lags and jobs: 10 ms … 1 h. */
const LAG_BUCKETS = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];
/** Buckets for transcodes: 1 s … 1 h. */
const TRANSCODE_BUCKETS = [1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/**
 * Every Prometheus metric preroll exports at `/metrics` (docs/operations.md lists them with what
 * to alert on). One instance per process, built by the composition root and handed to the parts
 * that observe (HTTP, jobs, realtime, uploads, Frame.io calls, outgoing webhooks, media). Each
 * instance has its own registry, so several servers in one process (tests, benches) never mix.
 * With `enabled: false` (PREROLL_METRICS=off) nothing hooks into requests and `/metrics` is not served;
 * the instruments still exist, so code that observes needs no checks.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly httpRequestDuration: Histogram<'method' | 'route' | 'status_code'>;
  readonly jobDuration: Histogram<'type' | 'outcome'>;
  readonly frameioRequests: Counter<'operation' | 'status'>;
  readonly frameioWebhookLag: Histogram;
  readonly sseConnections: Gauge;
  readonly uploadBytes: Counter;
  readonly uploadsActive: Gauge;
  /** Wall time of each playback proxy transcode (the `versions.proxy` job), by outcome. */
  readonly proxyTranscodeDuration: Histogram<'outcome'>;
  readonly outgoingWebhookAttempts: Counter<'format' | 'outcome'>;
  readonly outgoingWebhookLag: Histogram<'format'>;

  constructor(
    readonly enabled: boolean,
    /** Read at scrape time; set by the composition root once the store exists. */
    private readonly jobQueueStats: () => Promise<JobQueueStats[]> = async () => [],
  ) {
    const registers = [this.registry];
    if (enabled) collectDefaultMetrics({ register: this.registry, prefix: 'preroll_' });
    this.httpRequestDuration = new Histogram({
      name: 'preroll_http_request_duration_seconds',
      help: 'HTTP request latency by route template (event streams excluded), from the first byte in to the response end.',
      labelNames: ['method', 'route', 'status_code'],
      buckets: HTTP_BUCKETS,
      registers,
    });
    this.jobDuration = new Histogram({
      name: 'preroll_job_duration_seconds',
      help: 'Time one job attempt ran, by job type and outcome (done or failed).',
      labelNames: ['type', 'outcome'],
      buckets: LAG_BUCKETS,
      registers,
    });
    this.frameioRequests = new Counter({
      name: 'preroll_frameio_requests_total',
      help: 'HTTP requests to Frame.io and Adobe IMS, by operation and response status (429: rate limited; network_error: no response).',
      labelNames: ['operation', 'status'],
      registers,
    });
    this.frameioWebhookLag = new Histogram({
      name: 'preroll_frameio_webhook_lag_seconds',
      help: 'From a Frame.io webhook being received (and its job enqueued) to its processing finishing.',
      buckets: LAG_BUCKETS,
      registers,
    });
    this.sseConnections = new Gauge({
      name: 'preroll_sse_connections',
      help: 'Open Server-Sent Events streams (GET /api/v1/events).',
      registers,
    });
    this.uploadBytes = new Counter({
      name: 'preroll_upload_bytes_total',
      help: 'Bytes accepted into tus uploads (counted when each PATCH answers).',
      registers,
    });
    this.uploadsActive = new Gauge({
      name: 'preroll_uploads_active',
      help: 'tus PATCH requests receiving bytes right now.',
      registers,
    });
    this.proxyTranscodeDuration = new Histogram({
      name: 'preroll_proxy_transcode_duration_seconds',
      help: 'Wall time of one playback proxy transcode, by outcome.',
      labelNames: ['outcome'],
      buckets: TRANSCODE_BUCKETS,
      registers,
    });
    this.outgoingWebhookAttempts = new Counter({
      name: 'preroll_outgoing_webhook_attempts_total',
      help: 'Outgoing webhook HTTP attempts by endpoint format and outcome (delivered, failed, refused).',
      labelNames: ['format', 'outcome'],
      registers,
    });
    this.outgoingWebhookLag = new Histogram({
      name: 'preroll_outgoing_webhook_lag_seconds',
      help: 'From an event happening to its webhook being delivered (2xx), retries included.',
      labelNames: ['format'],
      buckets: LAG_BUCKETS,
      registers,
    });
    const stats = this.jobQueueStats;
    let scrape: Promise<JobQueueStats[]> | undefined;
    // One query per scrape feeds the three gauges below.
    const latest = () => {
      scrape ??= stats().finally(() => {
        scrape = undefined;
      });
      return scrape;
    };
    new Gauge({
      name: 'preroll_jobs',
      help: 'Jobs in the durable queue by type and status (queued, running, dead).',
      labelNames: ['type', 'status'],
      registers,
      async collect() {
        this.reset();
        for (const s of await latest()) {
          this.set({ type: s.type, status: 'queued' }, s.queued);
          this.set({ type: s.type, status: 'running' }, s.running);
          this.set({ type: s.type, status: 'dead' }, s.dead);
        }
      },
    });
    new Gauge({
      name: 'preroll_job_oldest_due_age_seconds',
      help: 'How long the oldest due queued job of each type has waited past its run_at.',
      labelNames: ['type'],
      registers,
      async collect() {
        this.reset();
        for (const s of await latest()) this.set({ type: s.type }, s.oldestDueAgeSeconds);
      },
    });
  }

  /** The exposition text (`text/plain; version=0.0.4`). */
  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
