import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxStore } from '../state/sandbox-store.ts';
import type { TokenRec, UserRec } from '../state/state-types.ts';

/** Refresh tokens live 14 days by default (frameio-api-notes.md, "IMS tokens and refresh"). */
export const REFRESH_TTL_SECONDS = 14 * 24 * 3600;

export interface TokenPair {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  grant_id: string;
}

/**
 * Opaque bearer tokens (a choice: real IMS access tokens are JWTs; clients must treat them as
 * opaque anyway). Every token belongs to a grant; rotating or revoking works per grant.
 */
export class TokenService {
  constructor(
    private readonly store: SandboxStore,
    public accessTtlSeconds: number,
  ) {}

  private mint(
    kind: TokenRec['kind'],
    userId: string,
    clientId: string,
    scope: string[],
    ttlS: number,
    grantId: string,
  ): TokenRec {
    const prefix = kind === 'access' ? 'sbx_at_' : 'sbx_rt_';
    const rec: TokenRec = {
      token: prefix + randomBytes(24).toString('base64url'),
      kind,
      user_id: userId,
      client_id: clientId,
      scope,
      expires_at: this.store.clock.now() + ttlS * 1000,
      revoked: false,
      grant_id: grantId,
    };
    this.store.state.tokens[rec.token] = rec;
    return rec;
  }

  issue(
    userId: string,
    clientId: string,
    scope: string[],
    opts: { refresh: boolean; expiresIn?: number; grantId?: string },
  ): TokenPair {
    const grantId = opts.grantId ?? randomUUID();
    const ttl = opts.expiresIn ?? this.accessTtlSeconds;
    const at = this.mint('access', userId, clientId, scope, ttl, grantId);
    const rt = opts.refresh
      ? this.mint('refresh', userId, clientId, scope, REFRESH_TTL_SECONDS, grantId)
      : undefined;
    this.store.changed();
    return {
      access_token: at.token,
      ...(rt ? { refresh_token: rt.token } : {}),
      expires_in: ttl,
      grant_id: grantId,
    };
  }

  private live(token: string, kind: TokenRec['kind']): TokenRec | null {
    const rec = this.store.state.tokens[token];
    if (!rec || rec.kind !== kind || rec.revoked || rec.expires_at <= this.store.clock.now()) return null;
    return rec;
  }

  authenticate(authorization: string | undefined): { user: UserRec; token: TokenRec } | null {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
    if (!m?.[1]) return null;
    const rec = this.live(m[1], 'access');
    const user = rec ? this.store.state.users[rec.user_id] : undefined;
    return rec && user ? { user, token: rec } : null;
  }

  /**
   * Refresh with rotation (a choice: whether IMS rotates is UNCONFIRMED, frameio-api-notes.md,
   * "IMS tokens and refresh"): the used refresh token is revoked at once.
   */
  refresh(refreshToken: string, clientId: string): TokenPair | null {
    const rec = this.live(refreshToken, 'refresh');
    if (!rec || rec.client_id !== clientId) return null;
    rec.revoked = true;
    return this.issue(rec.user_id, rec.client_id, rec.scope, { refresh: true, grantId: rec.grant_id });
  }

  /** RFC 7009: an access token revokes itself; a refresh token ends its whole grant. */
  revoke(token: string): void {
    const rec = this.store.state.tokens[token];
    if (!rec) return;
    rec.revoked = true;
    if (rec.kind === 'refresh') this.revokeGrant(rec.grant_id);
    this.store.changed();
  }

  revokeGrant(grantId: string): void {
    for (const t of Object.values(this.store.state.tokens)) if (t.grant_id === grantId) t.revoked = true;
    this.store.changed();
  }

  /** Control API: make a user's tokens expired (or revoked) right now. Returns how many changed. */
  endForUser(userId: string, how: 'expire' | 'revoke', kinds: TokenRec['kind'][] = ['access']): number {
    let n = 0;
    const now = this.store.clock.now();
    for (const t of Object.values(this.store.state.tokens)) {
      if (t.user_id !== userId || !kinds.includes(t.kind) || t.revoked || t.expires_at <= now) continue;
      if (how === 'revoke') t.revoked = true;
      else t.expires_at = now;
      n += 1;
    }
    this.store.changed();
    return n;
  }

  find(token: string): TokenRec | undefined {
    return this.store.state.tokens[token];
  }
}
