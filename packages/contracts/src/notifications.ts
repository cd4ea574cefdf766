import { z } from 'zod';
import { pageQuery, text } from './common.ts';

export const notificationKind = z.enum([
  'review_requested',
  'client_decision',
  'client_comment',
  'frameio_activity',
  'reply',
  'mention',
  'failure',
]);
export const mailMode = z.enum(['immediately', 'hourly', 'daily', 'off']);

export const inboxQuery = z.strictObject({ unread: z.enum(['0', '1']).optional(), ...pageQuery });

/** Any subset of kinds, each to one mode. */
export const preferencesBody = z.partialRecord(notificationKind, mailMode);

export const unsubscribeBody = z.strictObject({ token: text(1000).min(10) });

export const watchBody = z.strictObject({ watching: z.boolean() });
