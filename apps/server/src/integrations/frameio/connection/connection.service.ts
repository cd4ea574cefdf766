import type { FrameioCard, FrameioWorkspaceList } from '@preroll/contracts/frameio';
import {
  createFrameioClient,
  createPkcePair,
  createState,
  type FrameioClient,
  ImsError,
} from '@preroll/frameio';
import { type Actor, isAtLeast, requireMember, requireRole } from '../../../lib/actor.ts';
import { conflict, unprocessable } from '../../../lib/errors.ts';
import { safeEqual, sha256Hex } from '../../../lib/hash.ts';
import { newId, newToken } from '../../../lib/ids.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import { refuseForeignHost } from './browser-origin.ts';
import { presentCard } from './card-presenter.ts';
import type { FrameioAccess } from './connection-access.ts';
import { type ConnectionCheck, runConnectionCheck } from './connection-check.ts';
import { FrameioNotConnectedError } from './connection-errors.ts';
import { oauthErrorMessage, safeErrorCode } from './oauth-error-messages.ts';

/** How long a Connect click stays valid (state + browser cookie). */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

export interface CallbackInput {
  code?: string | undefined;
  state?: string | undefined;
  error?: string | undefined;
  error_description?: string | undefined;
}

/**
 * What the layers above the connection add to it (the sync's workspace webhook), handed in by
 * index.ts so that this file imports nothing above it.
 */
export interface ConnectionListeners {
  /** Whether preroll's workspace webhook is registered (shown on the card). */
  webhookStatus(orgId: string): Promise<'active' | 'missing'>;
  /** A workspace was picked: register what preroll needs in it (best effort). */
  workspaceSelected(orgId: string): Promise<void>;
  /** A reconnect kept the workspace: re-register what is missing there (best effort). */
  workspaceKept(orgId: string): Promise<void>;
  /**
   * Before the tokens are revoked on disconnect, while the client can still authenticate:
   * remove what preroll registered in Frame.io. Returns warnings; never blocks the disconnect.
   */
  beforeDisconnect(ctx: {
    orgId: string;
    accountId: string | null;
    client: FrameioClient;
  }): Promise<string[]>;
}

/**
 * Connecting an organization's Frame.io account, the user-facing half: OAuth with state + PKCE
 * S256 bound to the browser, encrypted tokens, workspace selection, disconnect and the connection
 * check, and the Settings card. Token refresh and the per-organization client live in
 * FrameioAccess (connection-access.ts), which every other part of the integration uses.
 */
export class FrameioConnectionService {
  constructor(
    private readonly deps: FrameioDeps,
    private readonly access: FrameioAccess,
    private readonly listeners: ConnectionListeners,
  ) {}

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
      liveReviewLinks: await repos.reviewLinks.countLive(member.orgId, this.deps.clock.now().toISOString()),
      webhook: row?.workspace_id ? await this.listeners.webhookStatus(member.orgId) : null,
      canManage: isAtLeast(member.role, 'admin'),
    });
  }

  // ---- connect -----------------------------------------------------------------------------

  /**
   * Starts the OAuth dance. `state` is single use and expires in 10 minutes; it is bound to this
   * browser by `nonce`, which the route puts in an httpOnly cookie: a callback carrying someone
   * else's state (login CSRF, a leaked URL) lacks the cookie and is refused.
   */
  async connect(
    actor: Actor,
    browserOrigin?: string,
  ): Promise<{ authorizeUrl: string; nonce: string; maxAgeSeconds: number }> {
    const admin = requireRole(actor, 'admin');
    refuseForeignHost(this.deps.config.publicUrl, browserOrigin);
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
    const authorizeUrl = this.access.ims.authorizeUrl({
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

    let tokens: Awaited<ReturnType<FrameioAccess['ims']['exchangeCode']>>;
    try {
      tokens = await this.access.ims.exchangeCode({
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
      await this.access.revokeQuietly(tokens.refreshToken, tokens.accessToken);
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
        // A kept workspace keeps what its webhook registration found until it is tried again below.
        webhook_problem: keep?.webhook_problem ?? null,
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
      await this.access.scheduleRefresh(tx, orgId, expiresAt);
      if (keep) await this.access.resumeWaitingJobs(tx, orgId);
      return existing;
    });
    this.access.forgetClient(orgId);
    // Reconnecting (perhaps as the same user, now an account admin) retries a missing webhook.
    if (previous?.workspace_id && previous.frameio_user_id === me.id)
      await this.listeners.workspaceKept(orgId);
    // A replaced grant of another Frame.io user is revoked. Not for the same user: whether IMS
    // revokes per token or per user+client is UNCONFIRMED (docs/frameio-api-notes.md, "IMS revoke"), and revoking could then kill
    // the grant just issued; the old tokens are gone from our database and simply expire.
    if (previous && previous.frameio_user_id !== me.id && previous.status !== 'needs_reconnect') {
      await this.access.revokeQuietly(
        previous.refresh_token_enc ? this.deps.secretBox.open(previous.refresh_token_enc) : undefined,
        this.deps.secretBox.open(previous.access_token_enc),
      );
    }
    return `${cfg.publicUrl}/settings/integrations?frameio=connected`;
  }

  // ---- workspace selection -------------------------------------------------------------------

  async listWorkspaces(actor: Actor): Promise<FrameioWorkspaceList> {
    const admin = requireRole(actor, 'admin');
    return this.access.withConnection(
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
    const found = await this.access.withConnection(
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
      await this.access.resumeWaitingJobs(tx, admin.orgId);
    });
    // The sync's workspace webhook (best effort; the card shows it missing otherwise).
    await this.listeners.workspaceSelected(admin.orgId);
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
          ...(await this.listeners.beforeDisconnect({
            orgId: admin.orgId,
            accountId: row.account_id,
            client: this.access.clientFor(admin.orgId),
          })),
        );
      } catch (err) {
        warnings.push(`Could not remove preroll's registrations in Frame.io: ${(err as Error).message}`);
      }
    }
    const revoked = await this.access.revokeQuietly(
      row.refresh_token_enc ? this.deps.secretBox.open(row.refresh_token_enc) : undefined,
      this.deps.secretBox.open(row.access_token_enc),
    );
    if (!revoked) {
      warnings.push(
        'Adobe IMS could not be reached to revoke the tokens. They were deleted from preroll and expire on their own (access token within 24 hours, refresh token within 14 days); you can also remove the app in your Adobe account settings.',
      );
    }
    await this.deps.store.transaction((tx) => frameioRepos(tx).connections.delete(admin.orgId));
    this.access.forgetClient(admin.orgId);
    return { status: 'disconnected', tokens_revoked: revoked, warnings };
  }

  // ---- check connection --------------------------------------------------------------------

  async check(actor: Actor): Promise<{ checks: ConnectionCheck[] }> {
    const admin = requireRole(actor, 'admin');
    const row = await frameioRepos(this.deps.store).connections.findByOrg(admin.orgId);
    if (!row) throw new FrameioNotConnectedError();
    const checks = await runConnectionCheck(this.access.clientFor(admin.orgId), row, this.deps.clock.now());
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
}
