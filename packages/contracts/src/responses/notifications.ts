import { z } from 'zod';
import { mailMode, notificationKind } from '../notifications.ts';
import { timestamp } from './envelope.ts';

/** One entry of the in-app inbox (docs/notifications.md). */
export const notificationView = z.object({
  id: z.uuid(),
  kind: notificationKind,
  title: z.string(),
  excerpt: z.string().nullable(),
  /** Where the entry leads inside the web app (a path, not a full URL). */
  link_path: z.string(),
  actor_name: z.string(),
  read: z.boolean(),
  created_at: timestamp,
});

/** The inbox page also says how many are unread, so the bell needs no second request. */
export const inboxPage = z.object({
  data: z.array(notificationView),
  next_cursor: z.string().nullable(),
  unread: z.number().int().nonnegative(),
});

/** Unread count (also the answer to marking one or all read). */
export const unreadCountView = z.object({ unread: z.number().int().nonnegative() });

/** Every kind with its mail mode: the ones never chosen read as the default. */
export const preferencesView = z.object(
  Object.fromEntries(notificationKind.options.map((k) => [k, mailMode])) as Record<
    z.infer<typeof notificationKind>,
    typeof mailMode
  >,
);

/** The kind a one-click unsubscribe turned off. */
export const unsubscribedView = z.object({ kind: notificationKind });

export const watchingView = z.object({ watching: z.boolean() });
