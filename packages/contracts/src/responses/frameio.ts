import { z } from 'zod';
import { deliverableStatus } from '../deliverables.ts';
import { frameioCardStatus } from '../frameio.ts';
import { timestamp } from './envelope.ts';

/**
 * The Frame.io integration's answers (`FrameioCard`, `FrameioVersionState`, … in
 * contracts/frameio*.ts say the same in TypeScript for the web app).
 */
const problem = z.object({ code: z.string(), message: z.string() }).nullable();

export const frameioCardView = z.object({
  mode: z.enum(['sandbox', 'adobe']),
  status: frameioCardStatus,
  redirect_uri: z.string(),
  scopes: z.string().nullable(),
  frameio_user: z.object({ id: z.string(), name: z.string(), email: z.string() }).nullable(),
  account: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  workspace: z.object({ id: z.string(), name: z.string().nullable() }).nullable(),
  token_expires_at: timestamp.nullable(),
  last_refreshed_at: timestamp.nullable(),
  connected_by: z.object({ id: z.string(), name: z.string() }).nullable(),
  connected_at: timestamp.nullable(),
  last_error: z.string().nullable(),
  waiting_jobs: z.number().int(),
  can_manage: z.boolean(),
  webhook: z.enum(['active', 'missing']).nullable(),
  webhook_problem: problem,
  live_review_links: z.number().int(),
});

export const frameioConnectView = z.object({ authorize_url: z.string() });

export const frameioWorkspaceListView = z.object({
  accounts: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      roles: z.array(z.string()),
      workspaces: z.array(z.object({ id: z.string(), name: z.string() })),
    }),
  ),
  selected: z.object({ account_id: z.string().nullable(), workspace_id: z.string().nullable() }),
});

export const frameioCheckView = z.object({
  checks: z.array(
    z.object({
      name: z.enum(['token', 'account', 'workspace', 'write_access']),
      ok: z.boolean(),
      detail: z.string(),
    }),
  ),
});

export const frameioDisconnectView = z.object({
  status: z.literal('disconnected'),
  tokens_revoked: z.boolean(),
  warnings: z.array(z.string()),
});

export const frameioSettingsView = z.object({
  auto_mirror: z.boolean(),
  sync_internal_comments: z.boolean(),
});

export const frameioStatusMappingView = z.object({
  approved: z.string(),
  revision_requested: z.string(),
  in_review: z.string().nullable(),
});

export const frameioVersionStateView = z.object({
  version_id: z.uuid(),
  deliverable_id: z.uuid(),
  status: z.enum([
    'not_sent',
    'queued',
    'uploading',
    'uploaded',
    'transcoded',
    'failed',
    'waiting_for_reconnect',
  ]),
  bytes_done: z.number().int(),
  file_size: z.number().int(),
  percent: z.number(),
  parts_total: z.number().int(),
  parts_done: z.number().int(),
  error: z.object({ code: z.string(), message: z.string(), action: z.string() }).nullable(),
  retry_at: timestamp.nullable(),
  remote_file_id: z.string().nullable(),
  view_url: z.string().nullable(),
  review_link: z
    .object({
      short_url: z.string(),
      expires_at: timestamp.nullable(),
      passphrase_protected: z.boolean(),
      downloads_enabled: z.boolean(),
    })
    .nullable(),
  started_at: timestamp.nullable(),
  completed_at: timestamp.nullable(),
});

export const frameioWebhookStatusView = z.object({
  status: z.enum(['active', 'missing']),
  url: z.string().nullable(),
  created_at: timestamp.nullable(),
  problem,
});

export const frameioDeliveryView = z.object({
  id: z.uuid(),
  received_at: timestamp,
  event: z.string(),
  resource: z.object({ type: z.string().nullable(), id: z.string() }).nullable(),
  signature: z.enum(['valid', 'invalid']),
  processing: z.enum(['queued', 'processed', 'ignored', 'failed']),
  error: z.string().nullable(),
  attempts: z.number().int(),
  processed_at: timestamp.nullable(),
});

export const frameioCommentSyncView = z.object({
  comment_id: z.uuid(),
  state: z.enum(['pending', 'synced', 'failed']),
  error: z.string().nullable(),
  updated_at: timestamp,
});

export const frameioResyncView = z.object({
  files: z.number().int(),
  created: z.number().int(),
  updated: z.number().int(),
  deleted: z.number().int(),
  linked: z.number().int(),
  pushed: z.number().int(),
  status: z.object({
    outcome: z.enum(['in_sync', 'sent', 'applied', 'differs', 'no_file']),
    preroll: deliverableStatus.nullable(),
    frameio: z.string().nullable(),
    detail: z.string().nullable(),
  }),
});
