import {
  createFrameioClient,
  createImsClient,
  createPkcePair,
  createState,
  type FrameioClient,
  type ImsClient,
  ImsError,
} from '@preroll/frameio';
import { enqueue } from '../../jobs/job-queue.ts';
import { conflict, unprocessable } from '../../lib/errors.ts';
import { safeEqual, sha256Hex } from '../../lib/hash.ts';
import { newId, newToken } from '../../lib/ids.ts';
import type { FrameioConnectionRow } from '../../repositories/frameio-connection.repository.ts';
import type { Store } from '../../repositories/store.ts';
import { type Actor, isAtLeast, requireMember, requireRole } from '../../services/actor.ts';
import type { ServiceDeps } from '../../services/service-deps.ts';
import { type FrameioCard, presentCard } from './frameio-card-presenter.ts';
import { type ConnectionCheck, runConnectionCheck } from './frameio-connection-check.ts';
import {
  connectionErrorIn,
  FrameioNeedsReconnectError,
  FrameioNotConnectedError,
  FrameioWorkspaceNotSelectedError,
} from './frameio-errors.ts';
import { unregisterFrameioResources } from './frameio-registrations.ts';
import { frameioRepos } from './frameio-repos.ts';
import { FrameioReviewService } from './frameio-review.service.ts';
import { FrameioSyncService } from './frameio-sync.service.ts';
import { FrameioTokenRefresher, IMS_TIMEOUT_MS } from './frameio-token-refresher.ts';
import { oauthErrorMessage, safeErrorCode } from './oauth-error-messages.ts';

declare module '../../jobs/job-queue.ts' {
  interface JobPayloads {
    /** Refresh the org's tokens before `expiresAt`; a no-op if they were refreshed meanwhile. */
    'frameio.refresh-token': { expiresAt: string };
  }
}

/** How long a Connect click stays valid (state + browser cookie). */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;
/** The refresh job runs this long before expiry (before the 5 min on-demand margin). */
export const REFRESH_JOB_LEAD_MS = 15 * 60_000;

export interface CallbackInput {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

export interface FrameioConnectionView {
  orgId: string;
  accountId: string | null;
  workspaceId: string | null;
  row: FrameioConnectionRow;
}

/**
 * Connecting an organization's Frame.io account (issue 5): OAuth with state + PKCE S256 bound to
 * the browser, encrypted tokens, workspace selection, cross-process refresh, needs-reconnect,
 * disconnect and the connection check. Holds one Frame.io client per organization (its rate
 * limiter and single-flight refresh must be shared, packages/frameio README), so createServices
 * builds exactly one instance.
 */
export class FrameioService {
  readonly ims: ImsClient;
  readonly refresher: FrameioTokenRefresher;
  /** Issue 6: mirroring, uploads, review links (shares this instance's clients). */
  readonly review: FrameioReviewService;
  /** Issue 7: webhooks, two-way comment sync, status, reconciliation. */
  readonly sync: FrameioSyncService;
  private readonly clients = new Map<string, FrameioClient>();

  constructor(private readonly deps: ServiceDeps) {
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
      secrets: deps.secretBox,
      ims: this.ims,
      onRefreshed: (tx, orgId, expiresAt) => this.scheduleRefresh(tx, orgId, expiresAt),
    });
    this.review = new FrameioReviewService(deps, this);
    this.sync = new FrameioSyncService(deps, this);
  }

  // ---- the card ----------------------------------------------------------------------------

  async card(actor: Actor): Promise<FrameioCard> {
    const member = requireMember(actor);
    const repos = frameioRepos(this.deps.store);
    const row = await repos.connections.findByOrg(member.orgId);
    const user = row?.connected_by ? await this.deps.store.users.findById(row.connected_by) : undefined;
    return presentCard({
      mode: this.deps.config.frameio.mode,
      redirectUri: this.deps.config.frameio.redirectUri,
      row,
      connectedBy: user ? { id: user.id, name: user.name } : null,
      waitingJobs: await repos.waiting.countForOrg(member.orgId),
      webhook: row?.workspace_id ? (await this.sync.webhooks.status(member.orgId)).status : null,
      canManage: isAtLeast(member.role, 'admin'),
    });
  }

  // ---- connect -----------------------------------------------------------------------------

  /**
   * Starts the OAuth dance. `state` is single use and expires in 10 minutes; it is bound to this
   * browser by `nonce`, which the route puts in an httpOnly cookie: a callback carrying someone
   * else's state (login CSRF, a leaked URL) lacks the cookie and is refused.
   */
  async connect(actor: Actor): Promise<{ authorizeUrl: string; nonce: string; maxAgeSeconds: number }> {
    const admin = requireRole(actor, 'admin');
    const state = createState();
    const nonce = newToken();
    const pkce = createPkcePair();
    const now = this.deps.clock.now();
    await this.deps.store.transaction(async (tx) => {
      const states = frameioRepos(tx).states;
      await states.deleteExpired(admin.orgId, now.toISOString());
      await states.insert({
        id: newId(),
        org_id: admin.orgId,
        user_id: admin.userId,
        state_hash: sha256Hex(state),
        nonce_hash: sha256Hex(nonce),
        code_verifier_enc: this.deps.secretBox.seal(pkce.verifier),
        expires_at: new Date(now.getTime() + OAUTH_STATE_TTL_MS).toISOString(),
        used_at: null,
        created_at: now.toISOString(),
      });
    });
    const authorizeUrl = this.ims.authorizeUrl({
      redirectUri: this.deps.config.frameio.redirectUri,
      state,
      codeChallenge: pkce.challenge,
      scopes: this.deps.config.frameio.scopes.split(/[\s,]+/).filter(Boolean),
    });
    return { authorizeUrl, nonce, maxAgeSeconds: OAUTH_STATE_TTL_MS / 1000 };
  }

  /**
   * The OAuth callback. Always answers with a URL to send the browser to: the Integrations page,
   * with `?frameio=connected` or `?frameio_error=<code>&message=<text>`. Nothing is stored unless
   * state, browser binding, code exchange and /v4/me all succeed.
   */
  async completeCallback(input: CallbackInput, nonce: string | undefined): Promise<string> {
    const cfg = this.deps.config;
    const fail = (code: string, description?: string) => {
      const url = new URL(`${cfg.publicUrl}/settings/integrations`);
      url.searchParams.set('frameio_error', safeErrorCode(code));
      url.searchParams.set('message', oauthErrorMessage(code, description, cfg.frameio.redirectUri));
      return url.toString();
    };
    if (!input.state) return fail(input.error ?? 'invalid_state', input.error_description);
    const states = frameioRepos(this.deps.store).states;
    const pending = await states.findByStateHash(sha256Hex(input.state));
    if (!pending) return fail('invalid_state');
    // Not consumed on a mismatch: otherwise anyone holding the URL could burn the admin's attempt.
    if (!nonce || !safeEqual(sha256Hex(nonce), pending.nonce_hash)) return fail('state_mismatch');
    const now = this.deps.clock.now();
    if (!(await states.consume(pending.org_id, pending.id, now.toISOString()))) {
      return fail(pending.used_at ? 'state_reused' : 'state_expired');
    }
    if (input.error) return fail(input.error, input.error_description);
    if (!input.code) return fail('invalid_request', 'The sign-in response carried no authorization code.');
    const membership = await this.deps.store.memberships.find(pending.org_id, pending.user_id);
    if (!membership || !isAtLeast(membership.role, 'admin')) return fail('forbidden');

    let tokens: Awaited<ReturnType<ImsClient['exchangeCode']>>;
    try {
      tokens = await this.ims.exchangeCode({
        code: input.code,
        redirectUri: cfg.frameio.redirectUri,
        codeVerifier: this.deps.secretBox.open(pending.code_verifier_enc),
      });
    } catch (err) {
      if (err instanceof ImsError) return fail(err.code, err.description);
      throw err;
    }
    let me: { id: string; name: string; email: string };
    try {
      const probe = createFrameioClient({
        tokenProvider: {
          getAccessToken: async () => tokens.accessToken,
          refresh: async () => tokens.accessToken,
        },
        baseUrl: cfg.frameio.apiUrl,
        fetch: this.deps.fetch,
        retry: { maxAttempts: 2, serverErrorMinDelayMs: 500 },
      });
      me = await probe.users.me();
    } catch (err) {
      await this.revokeQuietly(tokens.refreshToken, tokens.accessToken);
      return fail('frameio_unreachable', (err as Error).message);
    }

    const orgId = pending.org_id;
    const nowIso = this.deps.clock.now().toISOString();
    const expiresAt = new Date(tokens.expiresAt).toISOString();
    const sealed = {
      access_token_enc: this.deps.secretBox.seal(tokens.accessToken),
      refresh_token_enc: tokens.refreshToken ? this.deps.secretBox.seal(tokens.refreshToken) : null,
      access_expires_at: expiresAt,
      scopes: tokens.scope ?? cfg.frameio.scopes,
    };
    const previous = await this.deps.store.transaction(async (tx) => {
      const repos = frameioRepos(tx);
      const existing = await repos.connections.findByOrg(orgId);
      // Reconnecting as the same Frame.io user keeps the chosen account and workspace.
      const keep =
        existing && existing.frameio_user_id === me.id && existing.workspace_id ? existing : undefined;
      const fields = {
        status: keep ? ('active' as const) : ('pending' as const),
        ...sealed,
        frameio_user_id: me.id,
        frameio_user_name: me.name,
        frameio_user_email: me.email,
        account_id: keep?.account_id ?? null,
        account_name: keep?.account_name ?? null,
        workspace_id: keep?.workspace_id ?? null,
        workspace_name: keep?.workspace_name ?? null,
        connected_by: pending.user_id,
        connected_at: nowIso,
        last_refreshed_at: null,
        last_error: null,
        refresh_lease_owner: null,
        refresh_lease_until: null,
        updated_at: nowIso,
      };
      if (existing) await repos.connections.replace(orgId, fields);
      else
        await repos.connections.insert({
          id: newId(),
          org_id: orgId,
          token_version: 1,
          created_at: nowIso,
          ...fields,
        });
      await this.scheduleRefresh(tx, orgId, expiresAt);
      if (keep) await this.resumeWaitingJobs(tx, orgId);
      return existing;
    });
    this.clients.delete(orgId);
    // A replaced grant of another Frame.io user is revoked. Not for the same user: whether IMS
    // revokes per token or per user+client is UNCONFIRMED (§7.5), and revoking could then kill
    // the grant just issued; the old tokens are gone from our database and simply expire.
    if (previous && previous.frameio_user_id !== me.id && previous.status !== 'needs_reconnect') {
      await this.revokeQuietly(
        previous.refresh_token_enc ? this.deps.secretBox.open(previous.refresh_token_enc) : undefined,
        this.deps.secretBox.open(previous.access_token_enc),
      );
    }
    return `${cfg.publicUrl}/settings/integrations?frameio=connected`;
  }

  // ---- workspace selection -------------------------------------------------------------------

  async listWorkspaces(actor: Actor) {
    const admin = requireRole(actor, 'admin');
    return this.withConnection(
      admin.orgId,
      async (client, conn) => {
        const accounts = [];
        for await (const account of client.accounts.iterate({ page_size: 100 })) {
          const workspaces = [];
          for await (const ws of client.workspaces.iterate(account.id, { page_size: 100 })) {
            workspaces.push({ id: ws.id, name: ws.name });
          }
          accounts.push({ id: account.id, name: account.display_name, roles: account.roles, workspaces });
        }
        return { accounts, selected: { account_id: conn.accountId, workspace_id: conn.workspaceId } };
      },
      { requireWorkspace: false },
    );
  }

  async selectWorkspace(
    actor: Actor,
    input: { account_id: string; workspace_id: string },
  ): Promise<FrameioCard> {
    const admin = requireRole(actor, 'admin');
    const found = await this.withConnection(
      admin.orgId,
      async (client) => {
        let account: { id: string; display_name: string } | undefined;
        for await (const a of client.accounts.iterate({ page_size: 100 }))
          if (a.id === input.account_id) account = a;
        if (!account) {
          throw unprocessable(
            'frameio_account_not_found',
            'The connected Frame.io user has no account with that id.',
            {
              field: 'account_id',
            },
          );
        }
        let workspace: { id: string; name: string } | undefined;
        for await (const w of client.workspaces.iterate(account.id, { page_size: 100 })) {
          if (w.id === input.workspace_id) workspace = w;
        }
        if (!workspace) {
          throw unprocessable(
            'frameio_workspace_not_found',
            `Account "${account.display_name}" has no workspace with that id visible to the connected user.`,
            { field: 'workspace_id' },
          );
        }
        return { account, workspace };
      },
      { requireWorkspace: false },
    );
    await this.deps.store.transaction(async (tx) => {
      const ok = await frameioRepos(tx).connections.setWorkspace(
        admin.orgId,
        {
          account_id: found.account.id,
          account_name: found.account.display_name,
          workspace_id: found.workspace.id,
          workspace_name: found.workspace.name,
        },
        this.deps.clock.now().toISOString(),
      );
      if (!ok)
        throw conflict('frameio_needs_reconnect', 'The connection changed meanwhile; reload and try again.');
      await this.resumeWaitingJobs(tx, admin.orgId);
    });
    // Issue 7: the workspace webhook (best effort; the card shows it missing otherwise).
    await this.sync.onWorkspaceSelected(admin.orgId);
    return this.card(actor);
  }

  // ---- disconnect --------------------------------------------------------------------------

  /**
   * Removes what preroll registered in Frame.io (hook), revokes the grant at IMS (best effort:
   * an IMS outage must not keep an admin from disconnecting) and deletes the connection.
   * Parked Frame.io jobs stay parked and resume after the next connect.
   */
  async disconnect(
    actor: Actor,
  ): Promise<{ status: 'disconnected'; tokens_revoked: boolean; warnings: string[] }> {
    const admin = requireRole(actor, 'admin');
    const row = await frameioRepos(this.deps.store).connections.findByOrg(admin.orgId);
    if (!row) throw new FrameioNotConnectedError();
    const warnings: string[] = [];
    if (row.status !== 'needs_reconnect') {
      try {
        warnings.push(
          ...(await unregisterFrameioResources({
            orgId: admin.orgId,
            accountId: row.account_id,
            client: this.clientFor(admin.orgId),
            store: this.deps.store,
          })),
        );
      } catch (err) {
        warnings.push(`Could not remove preroll's registrations in Frame.io: ${(err as Error).message}`);
      }
    }
    const revoked = await this.revokeQuietly(
      row.refresh_token_enc ? this.deps.secretBox.open(row.refresh_token_enc) : undefined,
      this.deps.secretBox.open(row.access_token_enc),
    );
    if (!revoked) {
      warnings.push(
        'Adobe IMS could not be reached to revoke the tokens. They were deleted from preroll and expire on their own (access token within 24 hours, refresh token within 14 days); you can also remove the app in your Adobe account settings.',
      );
    }
    await this.deps.store.transaction((tx) => frameioRepos(tx).connections.delete(admin.orgId));
    this.clients.delete(admin.orgId);
    return { status: 'disconnected', tokens_revoked: revoked, warnings };
  }

  // ---- check connection --------------------------------------------------------------------

  async check(actor: Actor): Promise<{ checks: ConnectionCheck[] }> {
    const admin = requireRole(actor, 'admin');
    const row = await frameioRepos(this.deps.store).connections.findByOrg(admin.orgId);
    if (!row) throw new FrameioNotConnectedError();
    const checks = await runConnectionCheck(this.clientFor(admin.orgId), row, this.deps.clock.now());
    const failed = checks.find((c) => !c.ok && !c.detail.startsWith('Skipped'));
    // needs_reconnect keeps the refresh error it already recorded.
    if (row.status !== 'needs_reconnect') {
      await frameioRepos(this.deps.store).connections.setLastError(
        admin.orgId,
        failed ? `Check connection (${failed.name}): ${failed.detail}` : null,
        this.deps.clock.now().toISOString(),
      );
    }
    return { checks };
  }

  // ---- for jobs and other Frame.io features --------------------------------------------------

  /**
   * Runs fn with the organization's Frame.io client. Throws FrameioNotConnectedError,
   * FrameioNeedsReconnectError or FrameioWorkspaceNotSelectedError (409s for routes; the job
   * wrapper in frameio-jobs.ts parks the job instead of failing it), also when the refresh
   * inside a call discovers the grant is dead.
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

  /** Refresh-token job handler body: refresh unless someone already did (its key names the expiry). */
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

  private async resumeWaitingJobs(tx: Store, orgId: string): Promise<void> {
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

  private async scheduleRefresh(tx: Store, orgId: string, expiresAtIso: string): Promise<void> {
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
  private async revokeQuietly(
    refreshToken: string | undefined,
    accessToken: string | undefined,
  ): Promise<boolean> {
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
