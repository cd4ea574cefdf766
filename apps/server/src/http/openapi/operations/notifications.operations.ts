import { inboxQuery, preferencesBody, unsubscribeBody, watchBody } from '@preroll/contracts/notifications';
import { dataOf } from '@preroll/contracts/responses/envelope';
import {
  inboxPage,
  preferencesView,
  unreadCountView,
  unsubscribedView,
  watchingView,
} from '@preroll/contracts/responses/notifications';
import type { ApiOperation } from '../api-operation.ts';
import { idParams } from './shared.ts';

/** Watching a client, show or deliverable: the same two routes under each (docs/notifications.md). */
const watchOperations = (
  [
    ['clients', 'Client', 'client'],
    ['shows', 'Show', 'show'],
    ['deliverables', 'Deliverable', 'deliverable'],
  ] as const
).flatMap(([segment, name, noun]): ApiOperation[] => [
  {
    method: 'GET',
    path: `/api/v1/${segment}/:id/watch`,
    operationId: `get${name}Watch`,
    summary: `Whether the caller watches this ${noun}`,
    tag: 'Notifications',
    access: 'team',
    params: idParams,
    responses: { 200: dataOf(watchingView) },
  },
  {
    method: 'PUT',
    path: `/api/v1/${segment}/:id/watch`,
    operationId: `set${name}Watch`,
    summary: `Start or stop watching this ${noun} (its events then notify the caller)`,
    tag: 'Notifications',
    access: 'team',
    params: idParams,
    body: watchBody,
    responses: { 200: dataOf(watchingView) },
  },
]);

/** The in-app inbox, mail preferences, the one-click unsubscribe and watching. */
export const notificationOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/api/v1/notifications',
    operationId: 'listNotifications',
    summary: 'The caller’s inbox, newest first, with the unread count',
    tag: 'Notifications',
    access: 'team',
    query: inboxQuery,
    responses: { 200: inboxPage },
  },
  {
    method: 'GET',
    path: '/api/v1/notifications/unread-count',
    operationId: 'countUnreadNotifications',
    summary: 'How many of the caller’s notifications are unread',
    tag: 'Notifications',
    access: 'team',
    responses: { 200: dataOf(unreadCountView) },
  },
  {
    method: 'POST',
    path: '/api/v1/notifications/:id/read',
    operationId: 'markNotificationRead',
    summary: 'Mark one notification read (answers the unread count left)',
    tag: 'Notifications',
    access: 'team',
    params: idParams,
    responses: { 200: dataOf(unreadCountView) },
  },
  {
    method: 'POST',
    path: '/api/v1/notifications/read-all',
    operationId: 'markAllNotificationsRead',
    summary: 'Mark every notification of the caller read',
    tag: 'Notifications',
    access: 'team',
    responses: { 200: dataOf(unreadCountView) },
  },
  {
    method: 'GET',
    path: '/api/v1/notifications/preferences',
    operationId: 'getNotificationPreferences',
    summary: 'How each kind of notification reaches the caller by mail',
    tag: 'Notifications',
    access: 'team',
    responses: { 200: dataOf(preferencesView) },
  },
  {
    method: 'PUT',
    path: '/api/v1/notifications/preferences',
    operationId: 'setNotificationPreferences',
    summary: 'Set the mail mode of any subset of kinds (answers all of them)',
    tag: 'Notifications',
    access: 'team',
    body: preferencesBody,
    responses: { 200: dataOf(preferencesView) },
  },
  {
    method: 'POST',
    path: '/api/v1/notifications/unsubscribe',
    operationId: 'unsubscribeNotifications',
    summary: 'Turn one kind off with the signed token of an email’s link (no sign-in)',
    tag: 'Notifications',
    access: 'public',
    body: unsubscribeBody,
    description: 'A token that does not verify answers 400 `invalid_unsubscribe_token`.',
    responses: { 200: dataOf(unsubscribedView) },
  },
  ...watchOperations,
];
