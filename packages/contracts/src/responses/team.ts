import { z } from 'zod';
import { roleSchema } from '../common.ts';
import { timestamp } from './envelope.ts';

/** Who is signed in, where, with which role (`GET /me`, login, sign-up, switching organization). */
export const meView = z.object({
  user: z.object({ id: z.uuid(), email: z.string(), name: z.string() }),
  memberships: z.array(
    z.object({ organization_id: z.uuid(), organization_name: z.string(), role: roleSchema }),
  ),
  active_organization: z.object({ id: z.uuid(), name: z.string(), role: roleSchema }).nullable(),
});

/** Sign-up, login and accepting an invitation also hand the SPA its CSRF token. */
export const sessionView = meView.extend({ csrf_token: z.string() });
/** With an API key there is no session, so no CSRF token. */
export const meWithCsrfView = meView.extend({ csrf_token: z.string().nullable() });

export const organizationView = z.object({ id: z.uuid(), name: z.string(), role: roleSchema });

export const membersView = z.object({
  members: z.array(
    z.object({
      user_id: z.uuid(),
      email: z.string(),
      name: z.string(),
      role: roleSchema,
      joined_at: timestamp,
    }),
  ),
  invitations: z.array(
    z.object({ id: z.uuid(), email: z.string(), role: roleSchema, expires_at: timestamp }),
  ),
});

export const invitationView = z.object({ id: z.uuid(), email: z.string(), role: roleSchema });
export const roleChangeView = z.object({ user_id: z.uuid(), role: roleSchema });

/** An API key as listed; the secret `key` is in the creation answer only. */
export const apiKeyView = z.object({
  id: z.uuid(),
  org_id: z.uuid(),
  name: z.string(),
  display_prefix: z.string(),
  created_by: z.uuid(),
  last_used_at: timestamp.nullable(),
  revoked_at: timestamp.nullable(),
  created_at: timestamp,
});
export const createdApiKeyView = apiKeyView.extend({ key: z.string().regex(/^pr_/) });

/** A message the dev outbox kept instead of sending (no SMTP configured). */
export const outboxMessageView = z.object({
  id: z.uuid(),
  org_id: z.uuid().nullable(),
  to_address: z.string(),
  subject: z.string(),
  body_text: z.string(),
  /** The HTML part, for messages that have one (notifications); null for plain-text mail. */
  body_html: z.string().nullable(),
  transport: z.enum(['smtp', 'outbox']),
  created_at: timestamp,
});

export const activityView = z.object({
  id: z.uuid(),
  episode_id: z.uuid().nullable(),
  subject_type: z.string(),
  subject_id: z.uuid(),
  action: z.string(),
  actor: z.object({
    type: z.enum(['user', 'portal_user', 'external', 'system']),
    id: z.string().nullable(),
    name: z.string(),
  }),
  /** What the action changed; its keys depend on the action (docs/api.md, "Activity"). */
  data: z.record(z.string(), z.unknown()),
  created_at: timestamp,
});
