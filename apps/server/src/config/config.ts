import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The server's whole configuration, read from the environment once at boot.
 * Nothing else in the codebase reads process.env: everything receives a Config.
 */
const GIB = 1024 ** 3;

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  PREROLL_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PUBLIC_URL: z.url().optional(),
  PREROLL_SECRET_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hex characters (32 bytes)')
    .optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().min(3).default('preroll <no-reply@preroll.local>'),
  FRAMEIO_CLIENT_ID: z.string().min(1).optional(),
  FRAMEIO_CLIENT_SECRET: z.string().min(1).optional(),
  FRAMEIO_SCOPES: z.string().min(1).default('openid profile offline_access additional_info.roles email'),
  SANDBOX_PORT: z.coerce.number().int().min(0).max(65535).default(4010),
  /** Overrides for tests and staging; defaults follow the mode (sandbox or Adobe). */
  FRAMEIO_API_URL: z.url().optional(),
  FRAMEIO_IMS_URL: z.url().optional(),
  PREROLL_WORKER: z.enum(['inline', 'off']).default('inline'),
  // How long a stopping worker lets running jobs finish before it puts them back (docs/deploy.md).
  PREROLL_JOB_SHUTDOWN_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  PREROLL_SEED_DEMO: z.enum(['on', 'off']).default('on'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  FFPROBE_PATH: z.string().min(1).default('ffprobe'),
  /** ffmpeg: playback proxies, posters, thumbnails, waveforms (docs/uploads-and-review.md); carry-forward's alignment; the demo studio's clips. */
  FFMPEG_PATH: z.string().min(1).default('ffmpeg'),
  TRUST_PROXY: z.enum(['on', 'off']).default('off'),
  /** The largest upload accepted (tus Upload-Length); 200 GiB by default. */
  PREROLL_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(Number.MAX_SAFE_INTEGER)
    .default(200 * GIB),
  /** An unfinished upload that received no byte for this long is deleted; 7 days by default. */
  PREROLL_UPLOAD_EXPIRY_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(7 * 24),
  /** Disk space an upload must leave free (database, logs, other uploads); 1 GiB by default. */
  PREROLL_UPLOAD_DISK_RESERVE_BYTES: z.coerce.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(GIB),
  PREROLL_SSE_RECHECK_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** How long a client's portal session lasts after a magic link; a working week by default. */
  PREROLL_PORTAL_SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(7),
  PREROLL_SIGNUPS_PER_HOUR: z.coerce.number().int().min(1).max(1_000_000).default(10),
  /** Prometheus metrics at /metrics (docs/operations.md); off skips the per-request bookkeeping too. */
  PREROLL_METRICS: z.enum(['on', 'off']).default('on'),
  /** When set, /metrics answers only `Authorization: Bearer <token>`. */
  PREROLL_METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  /**
   * Addresses or CIDR ranges outgoing webhooks may reach although they are loopback, private or
   * link-local (docs/webhooks.md, "SSRF"), comma-separated: `127.0.0.1,10.20.0.0/16`.
   */
  PREROLL_WEBHOOKS_ALLOW_PRIVATE: z
    .string()
    .transform((v) =>
      v
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every(isAddressOrRange), 'must be comma-separated IP addresses or CIDR ranges')
    .optional(),
  /** Where media lives (docs/deploy.md, "Storage"): the data dir, or an S3-compatible bucket. */
  PREROLL_STORAGE: z.enum(['local', 's3']).default('local'),
  PREROLL_S3_BUCKET: z.string().min(3).optional(),
  /** Any S3-compatible endpoint (MinIO, R2, …); unset means AWS S3 itself. */
  PREROLL_S3_ENDPOINT: z.url().optional(),
  PREROLL_S3_REGION: z.string().min(1).default('us-east-1'),
  /** Both, or neither (then the AWS SDK's default credential chain: instance role, env, profile). */
  PREROLL_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  PREROLL_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** `on` for servers addressed as endpoint/bucket/key (MinIO and most self-hosted ones). */
  PREROLL_S3_FORCE_PATH_STYLE: z.enum(['on', 'off']).default('off'),
});

function isAddressOrRange(entry: string): boolean {
  const [address, bits, extra] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || extra !== undefined) return false;
  if (bits === undefined) return true;
  const n = Number(bits);
  return /^\d{1,3}$/.test(bits) && n <= (family === 4 ? 32 : 128);
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  publicUrl: string;
  secretKeyHex: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  frameio: FrameioConfig;
  worker: 'inline' | 'off';
  /** A stopping worker's grace for running jobs before they go back to the queue. */
  jobShutdownGraceMs: number;
  seedDemo: boolean;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  ffprobePath: string;
  ffmpegPath: string;
  /** Behind a reverse proxy: take the client address from X-Forwarded-For (login limits use it). */
  trustProxy: boolean;
  /** Sign-ups allowed from one client address per hour (docs/teams.md). */
  signupsPerHour: number;
  /** How long a portal session lasts (docs/client-portal.md, "Sessions"). */
  portalSessionTtlMs: number;
  /**
   * How often an open SSE stream re-checks its credential on its own (the safety net behind the
   * access events: an expired session, a lost NOTIFY). Revocations end streams at once.
   */
  sseRecheckMs: number;
  uploads: UploadLimits;
  metrics: { enabled: boolean; token: string | undefined };
  webhooks: { allowPrivate: string[] };
  storage: StorageConfig;
}

/** Media storage (docs/deploy.md, "Storage"). */
export type StorageConfig =
  | { kind: 'local' }
  | {
      kind: 's3';
      bucket: string;
      endpoint: string | undefined;
      region: string;
      credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
      forcePathStyle: boolean;
    };

/** Bounds on tus uploads (docs/uploads-and-review.md, "Limits"). */
export interface UploadLimits {
  maxBytes: number;
  /** An unfinished upload idle this long is removed by the `uploads.expire` job. */
  expiryMs: number;
  /** Free disk space that must remain after an upload of the declared length. */
  diskReserveBytes: number;
}

/**
 * Frame.io endpoints. Without FRAMEIO_CLIENT_ID the integration targets the local sandbox with
 * the client it seeds (`preroll-local`); with it, Adobe IMS and api.frame.io.
 */
export interface FrameioConfig {
  mode: 'sandbox' | 'adobe';
  /** The effective OAuth client (the sandbox's seeded one in sandbox mode). */
  clientId: string;
  clientSecret: string;
  scopes: string;
  sandboxPort: number;
  apiUrl: string;
  imsUrl: string;
  /** True when FRAMEIO_API_URL was set: main.ts then leaves the URLs alone. */
  urlsFromEnv: boolean;
  /** Exactly `${PUBLIC_URL}/api/integrations/frameio/callback` (registered at Adobe: docs/frameio.md, section 1). */
  redirectUri: string;
}

export const SANDBOX_CLIENT_ID = 'preroll-local';
export const SANDBOX_CLIENT_SECRET = 'preroll-local-secret';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Validates every variable at once so an operator sees all problems in one go. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  const blanksRemoved = Object.fromEntries(
    Object.entries(env).filter(([, v]) => v !== undefined && v !== ''),
  );
  const parsed = envSchema.safeParse(blanksRemoved);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (Boolean(e.FRAMEIO_CLIENT_ID) !== Boolean(e.FRAMEIO_CLIENT_SECRET)) {
    problems.push('FRAMEIO_CLIENT_ID and FRAMEIO_CLIENT_SECRET must be set together');
  }
  if (e.PREROLL_STORAGE === 's3' && !e.PREROLL_S3_BUCKET) {
    problems.push('PREROLL_S3_BUCKET is required with PREROLL_STORAGE=s3');
  }
  if (Boolean(e.PREROLL_S3_ACCESS_KEY_ID) !== Boolean(e.PREROLL_S3_SECRET_ACCESS_KEY)) {
    problems.push('PREROLL_S3_ACCESS_KEY_ID and PREROLL_S3_SECRET_ACCESS_KEY must be set together');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const publicUrl = (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const adobe = Boolean(e.FRAMEIO_CLIENT_ID);
  const apiUrl = (
    e.FRAMEIO_API_URL ?? (adobe ? 'https://api.frame.io' : `http://127.0.0.1:${e.SANDBOX_PORT}`)
  ).replace(/\/+$/, '');
  const imsUrl = (
    e.FRAMEIO_IMS_URL ?? (adobe && !e.FRAMEIO_API_URL ? 'https://ims-na1.adobelogin.com' : `${apiUrl}/ims`)
  ).replace(/\/+$/, '');
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.PREROLL_DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    publicUrl,
    secretKeyHex: e.PREROLL_SECRET_KEY,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    frameio: {
      mode: adobe ? 'adobe' : 'sandbox',
      clientId: e.FRAMEIO_CLIENT_ID ?? SANDBOX_CLIENT_ID,
      clientSecret: e.FRAMEIO_CLIENT_SECRET ?? SANDBOX_CLIENT_SECRET,
      scopes: e.FRAMEIO_SCOPES,
      sandboxPort: e.SANDBOX_PORT,
      apiUrl,
      imsUrl,
      urlsFromEnv: Boolean(e.FRAMEIO_API_URL),
      redirectUri: `${publicUrl}/api/integrations/frameio/callback`,
    },
    worker: e.PREROLL_WORKER,
    jobShutdownGraceMs: e.PREROLL_JOB_SHUTDOWN_GRACE_SECONDS * 1000,
    seedDemo: e.PREROLL_SEED_DEMO === 'on',
    logLevel: e.LOG_LEVEL,
    ffprobePath: e.FFPROBE_PATH,
    ffmpegPath: e.FFMPEG_PATH,
    trustProxy: e.TRUST_PROXY === 'on',
    uploads: {
      maxBytes: e.PREROLL_MAX_UPLOAD_BYTES,
      expiryMs: e.PREROLL_UPLOAD_EXPIRY_HOURS * 3_600_000,
      diskReserveBytes: e.PREROLL_UPLOAD_DISK_RESERVE_BYTES,
    },
    sseRecheckMs: e.PREROLL_SSE_RECHECK_SECONDS * 1000,
    signupsPerHour: e.PREROLL_SIGNUPS_PER_HOUR,
    portalSessionTtlMs: e.PREROLL_PORTAL_SESSION_DAYS * 24 * 3_600_000,
    metrics: { enabled: e.PREROLL_METRICS === 'on', token: e.PREROLL_METRICS_TOKEN },
    webhooks: { allowPrivate: e.PREROLL_WEBHOOKS_ALLOW_PRIVATE ?? [] },
    storage:
      e.PREROLL_STORAGE === 's3'
        ? {
            kind: 's3',
            bucket: e.PREROLL_S3_BUCKET ?? '',
            endpoint: e.PREROLL_S3_ENDPOINT,
            region: e.PREROLL_S3_REGION,
            credentials:
              e.PREROLL_S3_ACCESS_KEY_ID && e.PREROLL_S3_SECRET_ACCESS_KEY
                ? { accessKeyId: e.PREROLL_S3_ACCESS_KEY_ID, secretAccessKey: e.PREROLL_S3_SECRET_ACCESS_KEY }
                : undefined,
            forcePathStyle: e.PREROLL_S3_FORCE_PATH_STYLE === 'on',
          }
        : { kind: 'local' },
  };
}
