import { type Sandbox, SEED_IDS } from '@preroll/frameio-sandbox';
import type { MemberActor } from '../../../lib/actor.ts';
import type { FrameioConnectionService } from '../connection/connection.service.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import type { FrameioReviewService } from '../review/review.service.ts';

/** The reviewer's note, made in the sandbox and synced back through the webhook. */
export const DEMO_REVIEWER_NOTE = 'Love this opening. Could the title card hold a second longer?';
/** Frame.io framestamps count from 1: framestamp 46 is preroll's frame 45 (01:00:01;15). */
export const DEMO_REVIEWER_FRAMESTAMP = 46;

const SEND_WAIT_MS = 120_000;
const SYNC_WAIT_MS = 60_000;
const POLL_MS = 200;

export type FrameioDemoOutcome =
  | { kind: 'in_motion'; reviewLink: string | null; syncedComment: boolean; viewUrl: string | null }
  | { kind: 'skipped'; detail: string }
  | { kind: 'failed'; detail: string };

export interface FrameioDemoParts {
  deps: FrameioDeps;
  connection: FrameioConnectionService;
  review: FrameioReviewService;
}

/**
 * Puts the demo studio's Frame.io in motion against the bundled sandbox, through the same steps a
 * person takes (docs/getting-started.md, "The demo studio"): Connect → the sandbox's consent page
 * over HTTP as its account owner → the callback → the workspace pick (which registers the webhook)
 * → Send of the cut waiting for the client (which mirrors its show and makes the review link) →
 * a comment by the sandbox's reviewer, which comes back through the signed webhook. Never throws:
 * the demo still starts when a step fails, and says which.
 */
export async function putFrameioDemoInMotion(
  parts: FrameioDemoParts,
  sandbox: Sandbox,
  owner: MemberActor,
  versionId: string,
): Promise<FrameioDemoOutcome> {
  try {
    const card = await parts.connection.card(owner);
    if (card.status !== 'disconnected')
      return { kind: 'skipped', detail: `the demo organization is already ${card.status}` };
    await connectThroughConsent(parts, owner);
    const workspaces = await parts.connection.listWorkspaces(owner);
    const account = workspaces.accounts.find((a) => a.id === SEED_IDS.accountId) ?? workspaces.accounts[0];
    const workspace = account?.workspaces[0];
    if (!account || !workspace) return { kind: 'failed', detail: 'the sandbox offered no workspace' };
    await parts.connection.selectWorkspace(owner, { account_id: account.id, workspace_id: workspace.id });

    await parts.review.send(owner, versionId);
    const sent = await poll(parts, SEND_WAIT_MS, async () => {
      const state = await parts.review.state(owner, versionId);
      if (state.status === 'failed') throw new Error(state.error?.message ?? 'the upload failed');
      return state.review_link && state.remote_file_id ? state : undefined;
    });
    if (!sent?.remote_file_id) return { kind: 'failed', detail: 'the cut did not reach the sandbox in time' };

    await reviewerComments(parts, sandbox, account.id, sent.remote_file_id);
    const synced = await poll(parts, SYNC_WAIT_MS, async () => {
      const threads = await parts.deps.comments.list(owner, versionId);
      return threads.find((c) => c.source === 'frameio' && c.body === DEMO_REVIEWER_NOTE);
    });
    return {
      kind: 'in_motion',
      reviewLink: sent.review_link?.short_url ?? null,
      syncedComment: synced !== undefined,
      viewUrl: sent.view_url,
    };
  } catch (err) {
    return { kind: 'failed', detail: (err as Error).message };
  }
}

/** The browser's part of OAuth, done over HTTP: the sandbox's consent form, then our callback. */
async function connectThroughConsent(parts: FrameioDemoParts, owner: MemberActor): Promise<void> {
  const fetch = parts.deps.fetch;
  const started = await parts.connection.connect(owner);
  const page = await fetch(started.authorizeUrl, { redirect: 'manual' });
  const html = await page.text();
  const action = /<form method="post" action="([^"]+)"/.exec(html)?.[1];
  const requestId = /name="request_id" value="([^"]+)"/.exec(html)?.[1];
  if (!action || !requestId) throw new Error('the sandbox showed no consent form');
  const decided = await fetch(new URL(action, started.authorizeUrl), {
    method: 'POST',
    body: new URLSearchParams({ request_id: requestId, user_id: SEED_IDS.alexId }),
    redirect: 'manual',
  });
  await decided.arrayBuffer();
  const back = new URL(decided.headers.get('location') ?? '', parts.deps.config.publicUrl);
  const landing = await parts.connection.completeCallback(
    {
      code: back.searchParams.get('code') ?? undefined,
      state: back.searchParams.get('state') ?? undefined,
      error: back.searchParams.get('error') ?? undefined,
      error_description: back.searchParams.get('error_description') ?? undefined,
    },
    started.nonce,
  );
  if (!new URL(landing).searchParams.has('frameio'))
    throw new Error(`connecting to the sandbox failed: ${new URL(landing).searchParams.get('message')}`);
}

/** Riley, the sandbox's reviewer, comments through the sandbox's own API with a token it minted. */
async function reviewerComments(
  parts: FrameioDemoParts,
  sandbox: Sandbox,
  accountId: string,
  fileId: string,
): Promise<void> {
  const { access_token } = sandbox.control.mintTokens({
    client_id: parts.deps.config.frameio.clientId,
    user_id: SEED_IDS.rileyId,
  });
  const res = await parts.deps.fetch(
    `${parts.deps.config.frameio.apiUrl}/v4/accounts/${accountId}/files/${fileId}/comments`,
    {
      method: 'POST',
      headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { text: DEMO_REVIEWER_NOTE, timestamp: DEMO_REVIEWER_FRAMESTAMP } }),
    },
  );
  if (!res.ok) throw new Error(`the sandbox refused the reviewer's comment (${res.status})`);
  await res.arrayBuffer();
}

async function poll<T>(parts: FrameioDemoParts, limitMs: number, probe: () => Promise<T | undefined>) {
  for (let waited = 0; waited < limitMs; waited += POLL_MS) {
    const found = await probe();
    if (found !== undefined) return found;
    await parts.deps.timers.sleep(POLL_MS);
  }
  return undefined;
}
