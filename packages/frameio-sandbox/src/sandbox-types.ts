import type { Role } from './state/state-types.ts';

export interface SandboxUser {
  id: string;
  name: string;
  email: string;
  /** IMS `sub` (an Adobe user id, frameio-api-notes.md, "IDs") */
  adobe_user_id: string;
  /** role in the seeded account */
  role: Role;
}

export interface SandboxOAuthClient {
  client_id: string;
  /** null for a public client (PKCE required, no secret) */
  client_secret: string | null;
  redirect_uris: string[];
  name?: string;
}

export interface SeedSpec {
  account: { id: string; display_name: string };
  workspace: { id: string; name: string };
  users: SandboxUser[];
  clients: SandboxOAuthClient[];
}

export type RateLimitMode = 'off' | 'realistic' | 'strict';

export interface SandboxOptions {
  port?: number;
  host?: string;
  publicUrl?: string;
  dataDir?: string;
  statePath?: string;
  control?: boolean;
  rateLimitMode?: RateLimitMode;
  accessTokenTtlSeconds?: number;
  webhookBackoffScale?: number;
  webhookTimeoutMs?: number;
  transcodeDelayMs?: number;
  /** Largest body a remote upload (create from URL) will fetch; default 2 GiB */
  remoteUploadMaxBytes?: number;
  /** ffprobe executable (default `ffprobe` on PATH); a missing one is said on each file, not guessed around */
  ffprobePath?: string;
  clock?: () => number;
  seed?: Partial<SeedSpec>;
}
