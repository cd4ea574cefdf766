import { createFrameioClient, createImsClient, type FrameioClient, type ImsClient } from '@preroll/frameio';
import { enqueue } from '../../../jobs/job-queue.ts';
import { newId } from '../../../lib/ids.ts';
import type { Store } from '../../../repositories/store.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import type { FrameioConnectionRow } from '../repositories/connection.repository.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import {
  connectionErrorIn,
  FrameioNeedsReconnectError,
  FrameioNotConnectedError,
  FrameioWorkspaceNotSelectedError,
} from './connection-errors.ts';
import { FrameioTokenRefresher, IMS_TIMEOUT_MS } from './token-refresher.ts';

/** The refresh job runs this long before expiry (before the 5 min on-demand margin). */
export const REFRESH_JOB_LEAD_MS = 15 * 60_000;

export interface FrameioConnectionView {
  orgId: string;
  accountId: string | null;
  workspaceId: string | null;
  row: FrameioConnectionRow;
}

/**
 * The bottom of the integration: everything else reaches Frame.io through here. Holds one
 * Frame.io client per organization (its rate limiter and single-flight refresh must be shared,
 * packages/frameio README), so `registerFrameio` builds exactly one instance; parks jobs that
 * cannot run while the connection is unusable and resumes them when it is usable again.
 */
export class FrameioAccess {
  readonly ims: ImsClient;
  readonly refresher: FrameioTokenRefresher;
  private readonly clients = new Map<string, FrameioClient>();

  constructor(private readonly deps: FrameioDeps) {
    const f = deps.config.frameio;
    this.ims = createImsClient({
      clientId: f.clientId,
      clientSecret: f.clientSecret,
      // FRAMEIO_IMS_URL may name the host (https://ims-na1.adobelogin.com) or, as the sandbox
      // reports it, the `/ims` prefix; the IMS client appends `/ims/...` itself.
      baseUrl: f.imsUrl.replace(/\/ims\/?$/, ''),
      fetch: deps.fetch,
      timeoutMs: IMS_TIMEOUT_MS,
      now: () => deps.clock.now().getTime(),
    });
    this.refresher = new FrameioTokenRefresher({
      store: deps.store,
      clock: deps.clock,
      timers: deps.timers,
      secrets: deps.secretBox,
      ims: this.ims,
      onRefreshed: (tx, orgId, expiresAt) => this.scheduleRefresh(tx, orgId, expiresAt),
    });
  }

  /**
   * Runs fn with the organization's Frame.io client. Throws FrameioNotConnectedError,
   * FrameioNeedsReconnectError or FrameioWorkspaceNotSelectedError (409s for routes; the job
   * wrapper in parked-jobs.ts parks the job instead of failing it), also when the refresh inside
   * a call discovers the grant is dead.
   */
  async withConnection<T>(
    orgId: string,
    fn: (client: FrameioClient, conn: FrameioConnectionView) => Promise<T>,
    opts: { requireWorkspace?: boolean } = {},
  ): Promise<T> {
    const row = await frameioRepos(this.deps.store).connections.findByOrg(orgId);
    if (!row) throw new FrameioNotConnectedError();
    if (row.status === 'needs_reconnect') throw new FrameioNeedsReconnectError(row.last_error);
    if ((opts.requireWorkspace ?? true) && row.status !== 'active')
      throw new FrameioWorkspaceNotSelectedError();
    try {
      return await fn(this.clientFor(orgId), {
        orgId,
        accountId: row.account_id,
        workspaceId: row.workspace_id,
        row,
      });
    } catch (err) {
      throw connectionErrorIn(err) ?? err;
    }
  }

  /** One client per organization: its rate-limit buckets and single-flight refresh are shared. */
  clientFor(orgId: string): FrameioClient {
    let client = this.clients.get(orgId);
    if (!client) {
      client = createFrameioClient({
        tokenProvider: this.refresher.providerFor(orgId),
        baseUrl: this.deps.config.frameio.apiUrl,
        fetch: this.deps.fetch,
      });
      this.clients.set(orgId, client);
    }
    return client;
  }

  /** After a connect or disconnect: the next call builds a client for the new grant. */
  forgetClient(orgId: string): void {
    this.clients.delete(orgId);
  }

  /** Refresh-token job body: refresh unless someone already did (its key names the expiry). */
  async refreshIfStillDue(orgId: string, expiresAt: string): Promise<void> {
    const row = await frameioRepos(this.deps.store).connections.findByOrg(orgId);
    if (!row || row.status === 'needs_reconnect' || row.access_expires_at !== expiresAt) return;
    try {
      await this.refresher.refresh(orgId, row.token_version);
    } catch (err) {
      // Recorded on the connection (needs reconnect / not connected); nothing for the job to retry.
      if (connectionErrorIn(err)) return;
      throw err;
    }
  }

  /** Parks a job that cannot run until an admin reconnects / picks a workspace. */
  async parkJob(
    job: { id: string; type: string; orgId: string; maxAttempts: number },
    payload: unknown,
    reason: string,
  ): Promise<void> {
    await this.deps.store.transaction(async (tx) => {
      const repos = frameioRepos(tx);
      await repos.waiting.insert({
        id: newId(),
        org_id: job.orgId,
        job_id: job.id,
        type: job.type,
        payload_json: JSON.stringify(payload ?? null),
        max_attempts: job.maxAttempts,
        reason,
        created_at: this.deps.clock.now().toISOString(),
      });
      // A reconnect may have committed between the job's failure and this park: resume now.
      const row = await repos.connections.findByOrg(job.orgId);
      if (row?.status === 'active') await this.resumeWaitingJobs(tx, job.orgId);
    });
  }

  /** Re-enqueues every parked job of the organization, inside the caller's transaction. */
  async resumeWaitingJobs(tx: Store, orgId: string): Promise<void> {
    const waiting = frameioRepos(tx).waiting;
    for (const w of await waiting.listForOrg(orgId)) {
      await enqueue(
        tx,
        {
          type: w.type,
          payload: JSON.parse(w.payload_json),
          orgId,
          idempotencyKey: `frameio.resume:${w.id}`,
          maxAttempts: w.max_attempts,
        },
        this.deps.clock,
      );
      await waiting.delete(orgId, w.id);
    }
  }

  async scheduleRefresh(tx: Store, orgId: string, expiresAtIso: string): Promise<void> {
    const runAt = Math.max(this.deps.clock.now().getTime(), Date.parse(expiresAtIso) - REFRESH_JOB_LEAD_MS);
    await enqueue(
      tx,
      {
        type: 'frameio.refresh-token',
        payload: { expiresAt: expiresAtIso },
        orgId,
        idempotencyKey: `frameio.refresh-token:${orgId}:${expiresAtIso}`,
        runAt: new Date(runAt),
      },
      this.deps.clock,
    );
  }

  /** Revoking the refresh token ends the whole grant (RFC 7009); the access token too, for IMS. */
  async revokeQuietly(refreshToken: string | undefined, accessToken: string | undefined): Promise<boolean> {
    let ok = true;
    for (const [token, hint] of [
      [refreshToken, 'refresh_token'],
      [accessToken, 'access_token'],
    ] as const) {
      if (!token) continue;
      try {
        await this.ims.revoke(token, hint);
      } catch {
        ok = false;
      }
    }
    return ok;
  }
}
