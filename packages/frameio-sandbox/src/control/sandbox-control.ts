import { randomBytes } from 'node:crypto';
import type { FaultSpec } from '../http/fault-injector.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import { parseScope } from '../ims/ims.routes.ts';
import type { RateLimitMode, SandboxOAuthClient } from '../sandbox-types.ts';
import type { DeliveryRec, WebhookFaults } from '../webhooks/webhook-dispatcher.ts';
import { type AccountControl, createAccountControl } from './account-control.ts';
import { ControlError } from './control-error.ts';
import { createFileControl, type FileControl } from './file-control.ts';

export { ControlError } from './control-error.ts';
export type { ReplyInput, UploadFacts } from './file-control.ts';

export interface MintTokensInput {
  client_id: string;
  user_id?: string;
  scope?: string | string[];
  expires_in?: number;
}

/** The in-process twin of the HTTP control API (`/_sandbox/...`); same operations, same checks. */
export interface SandboxControl extends AccountControl, FileControl {
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
  setRateLimitMode(mode: RateLimitMode): void;
  webhookDeliveries(): DeliveryRec[];
  waitForWebhooks(): Promise<void>;
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
    ...createAccountControl(rt),
    ...createFileControl(rt),
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
