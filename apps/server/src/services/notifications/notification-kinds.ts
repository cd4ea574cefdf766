import type { MailMode } from '../../db/schema.ts';
import type { ChangeActor } from '../domain-hooks.ts';

/**
 * What a person can be told about, each with its own preference (docs/notifications.md, "Kinds").
 * Portal users only ever receive `review_requested` and `reply` (on threads the client sees).
 */
export const NOTIFICATION_KINDS = [
  'review_requested',
  'client_decision',
  'client_comment',
  'frameio_activity',
  'reply',
  'mention',
  'failure',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const MAIL_MODES = ['immediately', 'hourly', 'daily', 'off'] as const satisfies readonly MailMode[];

export const DEFAULT_MAIL_MODE: MailMode = 'immediately';

/** Events on one deliverable within this window become one email (per recipient). */
export const BATCH_WINDOW_MS = 3 * 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** A notification's link logs a client in for this long (longer than a hand-sent link: mail waits). */
export const NOTIFICATION_LOGIN_LINK_TTL_MS = 3 * DAY_MS;

/** What the fan-out job receives: enough to find recipients again if it is retried. */
export type NotificationEvent =
  | {
      type: 'status';
      key: string;
      orgId: string;
      deliverableId: string;
      from: string;
      to: string;
      actor: ChangeActor;
      note: string | null;
    }
  | { type: 'comment'; key: string; orgId: string; commentId: string; external: boolean }
  | {
      type: 'upload_failed';
      key: string;
      orgId: string;
      versionId: string;
      provider: string;
      message: string;
      /** The member who pressed Send, told with the watchers (absent on events queued before it existed). */
      requestedBy?: string | null;
    }
  | {
      type: 'version_failed';
      key: string;
      orgId: string;
      versionId: string;
      stage: 'analysis' | 'proxy';
      message: string;
    };
