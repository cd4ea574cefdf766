import type { SandboxOAuthClient, SandboxUser, SeedSpec } from '../sandbox-types.ts';

/**
 * Stable ids of the default seed. The account, workspace and first user reuse the example ids of
 * the documented webhook payload (frameio-api-notes.md, "Webhooks: payload") so fixtures read like the
 * documentation.
 */
export const SEED_IDS = {
  accountId: '6f70f1bd-7e89-4a7e-b4d3-7e576585a181',
  workspaceId: '378fcbf7-6f88-4224-8139-6a743ed940b2',
  alexId: '56556a3f-859f-4b38-b6c6-e8625b5da8a5',
  rileyId: '9a3e1c52-4b7d-4f08-8d21-6c5b2e9f7a13',
  statusFieldId: 'c2d4e6f8-1a3b-4c5d-8e7f-9a0b1c2d3e4f',
  statusOptions: {
    needsReview: '0b8e2f4a-6c1d-4e3f-9a5b-7d2c8e1f3a60',
    inProgress: '1c9f3a5b-7d2e-4f40-8b6c-8e3d9f2a4b71',
    approved: '2d0a4b6c-8e3f-4051-9c7d-9f4e0a3b5c82',
  },
} as const;

export const DEFAULT_USERS: SandboxUser[] = [
  {
    id: SEED_IDS.alexId,
    name: 'Alex Producer',
    email: 'alex@sandbox.test',
    adobe_user_id: '196C1A5666BF4EB00A49411B@AdobeID',
    role: 'owner',
  },
  {
    id: SEED_IDS.rileyId,
    name: 'Riley Reviewer',
    email: 'riley@sandbox.test',
    adobe_user_id: '2A7D3B6777C05FC11B5A522C@AdobeID',
    role: 'member',
  },
];

export const DEFAULT_CLIENTS: SandboxOAuthClient[] = [
  {
    client_id: 'preroll-local',
    client_secret: 'preroll-local-secret',
    name: 'preroll (local)',
    // http on loopback is a sandbox allowance: real IMS requires https redirect URIs
    // (frameio-api-notes.md, "IMS credentials and redirect URIs").
    redirect_uris: [
      'http://localhost:3000/api/integrations/frameio/callback',
      'http://127.0.0.1:3000/api/integrations/frameio/callback',
    ],
  },
];

function mergeById<T>(base: T[], extra: T[] | undefined, key: (t: T) => string): T[] {
  if (!extra) return base;
  const out = new Map(base.map((t) => [key(t), t]));
  for (const t of extra) out.set(key(t), t);
  return [...out.values()];
}

/** Lists given in `seed` are merged into the defaults by id; account/workspace replace them. */
export function resolveSeed(seed: Partial<SeedSpec> = {}): SeedSpec {
  return {
    account: seed.account ?? { id: SEED_IDS.accountId, display_name: 'Sandbox Studio' },
    workspace: seed.workspace ?? { id: SEED_IDS.workspaceId, name: 'Sandbox Workspace' },
    users: mergeById(DEFAULT_USERS, seed.users, (u) => u.id),
    clients: mergeById(DEFAULT_CLIENTS, seed.clients, (c) => c.client_id),
  };
}
