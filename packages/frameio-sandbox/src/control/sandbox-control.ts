import { randomBytes, randomUUID } from 'node:crypto';
import { presentComment } from '../api/comment-presenters.ts';
import { createComment } from '../api/comments.routes.ts';
import type { FaultSpec } from '../http/fault-injector.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import { parseScope } from '../ims/ims.routes.ts';
import type { RateLimitMode, SandboxOAuthClient, SandboxUser } from '../sandbox-types.ts';
import type { Rational, Role } from '../state/state-types.ts';
import type { DeliveryRec, WebhookFaults } from '../webhooks/webhook-dispatcher.ts';

export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export interface MintTokensInput {
  client_id: string;
  user_id?: string;
  scope?: string | string[];
  expires_in?: number;
}

export interface UploadFacts {
  file_id: string;
  status: string;
  file_size: number;
  media_type: string;
  sha256: string | null;
  upload_expires_at: string;
  parts: { number: number; size: number; puts: number; done: boolean }[];
}

/** The in-process twin of the HTTP control API (`/_sandbox/...`); same operations, same checks. */
export interface SandboxControl {
  mintTokens(input: MintTokensInput): {
    access_token: string;
    refresh_token: string;
    token_type: 'bearer';
    expires_in: number;
    sub: string;
    user_id: string;
  };
  registerClient(input: Partial<SandboxOAuthClient> & { redirect_uris: string[] }): SandboxOAuthClient;
  addRedirectUri(clientId: string, redirectUri: string): SandboxOAuthClient;
  setFault(fault: FaultSpec): void;
  clearFaults(operation?: string): void;
  listFaults(): FaultSpec[];
  expireTokens(userId: string, opts?: { includeRefresh?: boolean }): number;
  revokeTokens(userId: string, opts?: { includeRefresh?: boolean }): number;
  setWebhookFaults(faults: Partial<WebhookFaults>): WebhookFaults;
  addUser(input: {
    id?: string;
    name: string;
    email: string;
    adobe_user_id?: string;
    account_id?: string;
    role?: Role;
  }): SandboxUser;
  addAccount(input: { id?: string; display_name: string; owner_user_id?: string }): {
    id: string;
    display_name: string;
  };
  addWorkspace(input: { id?: string; account_id: string; name: string }): {
    id: string;
    account_id: string;
    name: string;
  };
  addMembership(input: { account_id: string; user_id: string; role?: Role }): void;
  setFileFps(fileId: string, fps: Rational): void;
  setRateLimitMode(mode: RateLimitMode): void;
  webhookDeliveries(): DeliveryRec[];
  waitForWebhooks(): Promise<void>;
  uploadFacts(fileId: string): UploadFacts;
  createReply(
    commentId: string,
    input: { user_id: string; text: string; timestamp?: number | string },
  ): Record<string, unknown>;
  setUploadUrlTtl(seconds: number): void;
  expireUploadUrls(fileId: string): void;
  advanceClock(ms: number): void;
  reset(): Promise<void>;
}

const MODES: RateLimitMode[] = ['off', 'realistic', 'strict'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Real IMS wants absolute https redirect URIs of at most 256 characters (frameio-api-notes.md,
 * "IMS credentials and redirect URIs"); the sandbox also allows http on loopback so local
 * development needs no TLS.
 */
function checkRedirectUri(uri: string): void {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    throw new ControlError(400, `invalid redirect URI ${uri}`);
  }
  const ok = u.protocol === 'https:' || (u.protocol === 'http:' && LOOPBACK.has(u.hostname));
  if (!ok || uri.length > 256) {
    throw new ControlError(
      400,
      `redirect URI must be https (or http on loopback), at most 256 characters: ${uri}`,
    );
  }
}

export function createControl(rt: SandboxRuntime): SandboxControl {
  const s = () => rt.store.state;
  const user = (id: string) => {
    const u = s().users[id];
    if (!u) throw new ControlError(404, `unknown user ${id}`);
    return u;
  };
  const toSandboxClient = (c: {
    client_id: string;
    client_secret: string | null;
    redirect_uris: string[];
    name: string;
  }): SandboxOAuthClient => ({
    client_id: c.client_id,
    client_secret: c.client_secret,
    redirect_uris: [...c.redirect_uris],
    name: c.name,
  });

  return {
    mintTokens(input) {
      const client = s().clients[input.client_id];
      if (!client) throw new ControlError(404, `unknown client ${input.client_id}`);
      const memberships = s().memberships;
      const userId =
        input.user_id ?? memberships.find((m) => m.role === 'owner')?.user_id ?? Object.keys(s().users)[0];
      if (!userId) throw new ControlError(400, 'no users');
      const u = user(userId);
      const scope = Array.isArray(input.scope)
        ? input.scope
        : parseScope(input.scope ?? 'openid profile email offline_access additional_info.roles');
      if (input.expires_in !== undefined && (!Number.isInteger(input.expires_in) || input.expires_in < 1)) {
        throw new ControlError(400, 'expires_in must be a positive integer (seconds)');
      }
      const pair = rt.tokens.issue(u.id, client.client_id, scope, {
        refresh: true,
        expiresIn: input.expires_in,
      });
      return {
        access_token: pair.access_token,
        refresh_token: pair.refresh_token!,
        token_type: 'bearer',
        expires_in: pair.expires_in,
        sub: u.adobe_user_id,
        user_id: u.id,
      };
    },
    registerClient(input) {
      if (!Array.isArray(input.redirect_uris) || input.redirect_uris.length === 0) {
        throw new ControlError(400, 'redirect_uris must be a non-empty list');
      }
      for (const uri of input.redirect_uris) checkRedirectUri(uri);
      const id = input.client_id ?? `client-${randomBytes(6).toString('hex')}`;
      const rec = {
        client_id: id,
        client_secret:
          input.client_secret === undefined ? randomBytes(18).toString('base64url') : input.client_secret,
        redirect_uris: [...input.redirect_uris],
        name: input.name ?? id,
        service_user_id: s().memberships.find((m) => m.role === 'owner')?.user_id ?? null,
      };
      s().clients[id] = rec;
      rt.store.changed();
      return toSandboxClient(rec);
    },
    addRedirectUri(clientId, redirectUri) {
      const c = s().clients[clientId];
      if (!c) throw new ControlError(404, `unknown client ${clientId}`);
      checkRedirectUri(redirectUri);
      if (!c.redirect_uris.includes(redirectUri)) c.redirect_uris.push(redirectUri);
      rt.store.changed();
      return toSandboxClient(c);
    },
    setFault(fault) {
      if (!fault.operation) throw new ControlError(400, 'operation is required (an operationId or *)');
      if (fault.status !== undefined && ![429, 500, 502, 503].includes(fault.status)) {
        throw new ControlError(400, 'status must be 429, 500, 502 or 503');
      }
      try {
        rt.faults.set(fault);
      } catch (e) {
        throw new ControlError(400, (e as Error).message);
      }
    },
    clearFaults(operation) {
      rt.faults.clear(operation);
    },
    listFaults() {
      return rt.faults.list();
    },
    expireTokens(userId, opts) {
      user(userId);
      return rt.tokens.endForUser(
        userId,
        'expire',
        opts?.includeRefresh ? ['access', 'refresh'] : ['access'],
      );
    },
    revokeTokens(userId, opts) {
      user(userId);
      return rt.tokens.endForUser(
        userId,
        'revoke',
        opts?.includeRefresh === false ? ['access'] : ['access', 'refresh'],
      );
    },
    setWebhookFaults(faults) {
      for (const k of ['duplicateRate', 'dropRate'] as const) {
        const v = faults[k];
        if (v !== undefined && (typeof v !== 'number' || v < 0 || v > 1))
          throw new ControlError(400, `${k} must be within 0..1`);
      }
      rt.dispatcher.faults = { ...rt.dispatcher.faults, ...faults };
      return { ...rt.dispatcher.faults };
    },
    addUser(input) {
      if (!input.name || !input.email) throw new ControlError(400, 'name and email are required');
      const id = input.id ?? randomUUID();
      const adobe = input.adobe_user_id ?? `${randomBytes(12).toString('hex').toUpperCase()}@AdobeID`;
      s().users[id] = { id, name: input.name, email: input.email, adobe_user_id: adobe, avatar_url: null };
      const accountId = input.account_id ?? Object.keys(s().accounts)[0];
      const role = input.role ?? 'member';
      if (accountId) {
        if (!s().accounts[accountId]) throw new ControlError(404, `unknown account ${accountId}`);
        s().memberships.push({ account_id: accountId, user_id: id, role });
      }
      rt.store.changed();
      return { id, name: input.name, email: input.email, adobe_user_id: adobe, role };
    },
    addAccount(input) {
      if (!input.display_name) throw new ControlError(400, 'display_name is required');
      const id = input.id ?? randomUUID();
      const ownerId = input.owner_user_id;
      if (ownerId) {
        user(ownerId);
        s().memberships.push({ account_id: id, user_id: ownerId, role: 'owner' });
      }
      rt.store.addAccount(id, input.display_name);
      rt.store.changed();
      return { id, display_name: input.display_name };
    },
    addWorkspace(input) {
      if (!s().accounts[input.account_id]) throw new ControlError(404, `unknown account ${input.account_id}`);
      if (!input.name) throw new ControlError(400, 'name is required');
      const id = input.id ?? randomUUID();
      const now = rt.store.clock.iso();
      const creator = s().memberships.find((m) => m.account_id === input.account_id)?.user_id ?? '';
      s().workspaces[id] = {
        id,
        account_id: input.account_id,
        name: input.name,
        creator_id: creator,
        created_at: now,
        updated_at: now,
      };
      rt.store.changed();
      return { id, account_id: input.account_id, name: input.name };
    },
    addMembership(input) {
      user(input.user_id);
      if (!s().accounts[input.account_id]) throw new ControlError(404, `unknown account ${input.account_id}`);
      s().memberships = s().memberships.filter(
        (m) => !(m.account_id === input.account_id && m.user_id === input.user_id),
      );
      s().memberships.push({
        account_id: input.account_id,
        user_id: input.user_id,
        role: input.role ?? 'member',
      });
      rt.store.changed();
    },
    setFileFps(fileId, fps) {
      const f = s().assets[fileId];
      if (f?.type !== 'file') throw new ControlError(404, `unknown file ${fileId}`);
      if (!Number.isInteger(fps?.num) || !Number.isInteger(fps?.den) || fps.num < 1 || fps.den < 1) {
        throw new ControlError(400, 'fps must be a rational {num, den} of positive integers');
      }
      f.fps = { num: fps.num, den: fps.den };
      rt.store.changed();
    },
    setRateLimitMode(mode) {
      if (!MODES.includes(mode)) throw new ControlError(400, 'mode must be off, realistic or strict');
      rt.limiter.mode = mode;
      rt.limiter.reset();
    },
    webhookDeliveries() {
      return rt.dispatcher.log.map((d) => structuredClone(d));
    },
    waitForWebhooks() {
      return rt.dispatcher.idle();
    },
    uploadFacts(fileId) {
      const f = s().assets[fileId];
      if (f?.type !== 'file') throw new ControlError(404, `unknown file ${fileId}`);
      return {
        file_id: f.id,
        status: f.status,
        file_size: f.file_size,
        media_type: f.media_type,
        sha256: f.sha256,
        upload_expires_at: rt.store.clock.iso(f.upload_expires_at),
        parts: f.parts.map((p, i) => ({ number: i + 1, size: p.size, puts: p.puts, done: p.done })),
      };
    },
    createReply(commentId, input) {
      const parent = s().comments[commentId];
      if (!parent) throw new ControlError(404, `unknown comment ${commentId}`);
      // replies hang off the top-level comment
      const root = parent.parent_id ? (s().comments[parent.parent_id] ?? parent) : parent;
      const file = s().assets[root.file_id];
      if (file?.type !== 'file') throw new ControlError(404, 'file of the comment is gone');
      const u = user(input.user_id);
      if (!input.text || input.text.length > 40_000)
        throw new ControlError(400, 'text must be 1..40000 characters');
      try {
        const c = createComment(rt, file, u, { text: input.text, timestamp: input.timestamp }, root.id);
        return presentComment(rt, c, false);
      } catch (e) {
        throw new ControlError(400, (e as Error).message);
      }
    },
    setUploadUrlTtl(seconds) {
      if (!Number.isInteger(seconds) || seconds < 1)
        throw new ControlError(400, 'seconds must be a positive integer');
      rt.uploadUrlTtlSeconds = seconds;
    },
    expireUploadUrls(fileId) {
      const f = s().assets[fileId];
      if (f?.type !== 'file') throw new ControlError(404, `unknown file ${fileId}`);
      f.upload_expires_at = rt.store.clock.now() - 1;
      rt.store.changed();
    },
    advanceClock(ms) {
      if (typeof ms !== 'number' || !Number.isFinite(ms)) throw new ControlError(400, 'ms must be a number');
      rt.store.clock.offsetMs += ms;
    },
    async reset() {
      rt.dispatcher.clearLog();
      rt.faults.clear();
      rt.limiter.reset();
      rt.dispatcher.faults = {
        duplicateRate: 0,
        dropRate: 0,
        reorder: false,
        reorderWindowMs: 500,
        extraDelayMs: 0,
      };
      await rt.uploads.removeAll();
      rt.store.clock.offsetMs = 0;
      rt.store.reset();
    },
  };
}
