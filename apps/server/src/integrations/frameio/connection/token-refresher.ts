import { randomBytes } from 'node:crypto';
import { type ImsClient, ImsError, type TokenProvider } from '@preroll/frameio';
import type { Clock } from '../../../lib/clock.ts';
import type { Timers } from '../../../lib/timers.ts';
import type { SecretBox } from '../../../repositories/secret-box.ts';
import type { Store } from '../../../repositories/store.ts';
import type { FrameioConnectionRow } from '../repositories/connection.repository.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import { FrameioNeedsReconnectError, FrameioNotConnectedError } from './connection-errors.ts';

/**
 * Refresh proactively when less than this remains (~5 min, docs/frameio-api-notes.md, "Token expiry in the API"); the refresh
 * job runs earlier still (REFRESH_JOB_LEAD_MS), this is the fallback for a missed job.
 */
export const REFRESH_MARGIN_MS = 5 * 60_000;
/**
 * A lease outlives the IMS call it guards (IMS_TIMEOUT_MS), so a live holder never loses it; a
 * holder that crashed frees it after this long.
 */
export const REFRESH_LEASE_MS = 45_000;
export const IMS_TIMEOUT_MS = 15_000;
const POLL_MS = 100;

export interface AccessToken {
  token: string;
  /** `token_version` of the row the token came from. */
  version: number;
}

export interface TokenRefresherDeps {
  store: Store;
  clock: Clock;
  timers: Timers;
  secrets: SecretBox;
  ims: ImsClient;
  /**
   * Called inside the transaction that stored refreshed tokens, e.g. to schedule the next
   * refresh job, so the tokens and their follow-up commit together.
   */
  onRefreshed?: (tx: Store, orgId: string, accessExpiresAtIso: string) => Promise<void>;
}

/**
 * One IMS refresh per expiry, across every server process sharing the database.
 *
 * Why a lease plus a version, not a row lock: the IMS call takes up to seconds and must not sit
 * inside a database transaction (a held PostgreSQL row lock would block every reader's pool
 * connection, and SQLite has one writer). Instead:
 *  1. every caller remembers the `token_version` of the token it used;
 *  2. to refresh, it tries `UPDATE … SET lease = me WHERE token_version = seen AND lease is free`
 *     (one conditional UPDATE: atomic on PostgreSQL, whose row lock re-checks the WHERE, and on
 *     SQLite, which has a single writer), so exactly one caller wins;
 *  3. the winner calls IMS outside any transaction, then stores the new tokens with
 *     `token_version + 1` only while it still holds the lease (compare-and-set);
 *  4. losers poll the row until the version moved past what they saw and reuse that token (or
 *     the status became needs_reconnect, or the lease expired because the winner died; then they
 *     compete again).
 * Refresh tokens may rotate (the sandbox rotates; IMS is UNCONFIRMED, docs/frameio-api-notes.md, "IMS tokens and refresh"), so two refreshes
 * of the same token would burn it and turn a refresh into `invalid_grant`: this is what prevents it.
 * Within one process an in-memory single flight keeps the database polling to one caller.
 */
export class FrameioTokenRefresher {
  private readonly owner = `${process.pid}:${randomBytes(6).toString('hex')}`;
  private readonly inflight = new Map<string, Promise<AccessToken>>();

  constructor(private readonly deps: TokenRefresherDeps) {}

  /** The stored access token, refreshed first when it is (about to be) expired. */
  async current(orgId: string, marginMs = REFRESH_MARGIN_MS): Promise<AccessToken> {
    const row = await this.load(orgId);
    const remaining = Date.parse(row.access_expires_at) - this.deps.clock.now().getTime();
    if (remaining < marginMs && row.refresh_token_enc) return this.refresh(orgId, row.token_version);
    return { token: this.deps.secrets.open(row.access_token_enc), version: row.token_version };
  }

  /** Replaces the token of version `seenVersion` (rejected, or expiring), once for everyone. */
  refresh(orgId: string, seenVersion: number): Promise<AccessToken> {
    const key = `${orgId}:${seenVersion}`;
    let running = this.inflight.get(key);
    if (!running) {
      running = this.refreshShared(orgId, seenVersion).finally(() => this.inflight.delete(key));
      this.inflight.set(key, running);
    }
    return running;
  }

  /**
   * A TokenProvider for the Frame.io client of one organization. `refresh()` (after a 401) names
   * the version of the token this provider handed out last: if another process refreshed since,
   * its token is reused without calling IMS. (Edge: a 401 for an older token arriving after a
   * newer one was handed out costs one extra, harmless refresh; the lease still serialises it.)
   */
  providerFor(orgId: string): TokenProvider {
    let lastVersion = 0;
    return {
      getAccessToken: async () => {
        const t = await this.current(orgId);
        lastVersion = t.version;
        return t.token;
      },
      refresh: async () => {
        const t = await this.refresh(orgId, lastVersion);
        lastVersion = t.version;
        return t.token;
      },
    };
  }

  private async refreshShared(orgId: string, seenVersion: number): Promise<AccessToken> {
    const repo = frameioRepos(this.deps.store).connections;
    const deadline = Date.now() + REFRESH_LEASE_MS + IMS_TIMEOUT_MS;
    for (;;) {
      const row = await this.load(orgId);
      if (row.token_version > seenVersion) {
        return { token: this.deps.secrets.open(row.access_token_enc), version: row.token_version };
      }
      if (!row.refresh_token_enc)
        throw new FrameioNeedsReconnectError('No refresh token was granted (offline_access missing)');
      const now = this.deps.clock.now();
      const won = await repo.tryLease(orgId, {
        seenVersion,
        owner: this.owner,
        nowIso: now.toISOString(),
        untilIso: new Date(now.getTime() + REFRESH_LEASE_MS).toISOString(),
      });
      if (won) return this.refreshAsLeaseHolder(orgId, row);
      if (Date.now() > deadline)
        throw new Error('Timed out waiting for another process to refresh the Frame.io token');
      await this.deps.timers.sleep(POLL_MS);
    }
  }

  private async refreshAsLeaseHolder(orgId: string, row: FrameioConnectionRow): Promise<AccessToken> {
    const { store, clock, secrets, ims } = this.deps;
    const repo = frameioRepos(store).connections;
    let next: Awaited<ReturnType<ImsClient['refresh']>>;
    try {
      next = await ims.refresh(secrets.open(row.refresh_token_enc ?? ''));
    } catch (err) {
      const nowIso = clock.now().toISOString();
      if (err instanceof ImsError && err.needsReconnect) {
        const message = `Adobe IMS refused the refresh token (${err.code}${err.description ? `: ${err.description}` : ''})`;
        await repo.markNeedsReconnect(orgId, this.owner, message, nowIso);
        throw new FrameioNeedsReconnectError(message);
      }
      // A blip (network, 5xx): keep the connection, free the lease so the next caller retries.
      await repo.releaseLease(orgId, this.owner, `Token refresh failed: ${(err as Error).message}`, nowIso);
      throw err;
    }
    const nowIso = clock.now().toISOString();
    const expiresAtIso = new Date(next.expiresAt).toISOString();
    const saved = await store.transaction(async (tx) => {
      const ok = await frameioRepos(tx).connections.saveRefreshed(
        orgId,
        this.owner,
        {
          access_token_enc: secrets.seal(next.accessToken),
          refresh_token_enc: next.refreshToken ? secrets.seal(next.refreshToken) : row.refresh_token_enc,
          access_expires_at: expiresAtIso,
          scopes: next.scope ?? row.scopes,
        },
        nowIso,
      );
      if (ok) await this.deps.onRefreshed?.(tx, orgId, expiresAtIso);
      return ok;
    });
    // Lost the lease: the connection was disconnected or replaced meanwhile; never use these tokens.
    if (!saved) throw new FrameioNotConnectedError();
    return { token: next.accessToken, version: row.token_version + 1 };
  }

  private async load(orgId: string): Promise<FrameioConnectionRow> {
    const row = await frameioRepos(this.deps.store).connections.findByOrg(orgId);
    if (!row) throw new FrameioNotConnectedError();
    if (row.status === 'needs_reconnect') throw new FrameioNeedsReconnectError(row.last_error);
    return row;
  }
}
