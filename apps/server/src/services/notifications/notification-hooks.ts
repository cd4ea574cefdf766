import { enqueue } from '../../jobs/job-queue.ts';
import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { Store } from '../../repositories/store.ts';
import type { DomainHooks } from '../domain-hooks.ts';
import type { NotificationEvent } from './notification-kinds.ts';

/**
 * Notifications listen to the core's announcements like any integration, and only enqueue: the
 * `notifications.fan-out` job finds the recipients after the commit, so a change is never slowed
 * (nor rolled back) by telling people about it. The job's idempotency key is the event's.
 */
export function notificationHooks(clock: Clock): DomainHooks {
  const fanOut = (tx: Store, event: NotificationEvent) =>
    enqueue(
      tx,
      {
        type: 'notifications.fan-out',
        payload: event,
        orgId: event.orgId,
        idempotencyKey: `notify:${event.key}`,
      },
      clock,
    );
  return {
    async deliverableStatusChanged(tx, change) {
      if (!change.actor) return;
      await fanOut(tx, {
        type: 'status',
        key: `status:${newId()}`,
        orgId: change.orgId,
        deliverableId: change.deliverableId,
        from: change.from,
        to: change.to,
        actor: change.actor,
        note: change.note ?? null,
      });
    },
    async externalStatusChanged(tx, change) {
      await fanOut(tx, {
        type: 'status',
        key: `status:${newId()}`,
        orgId: change.orgId,
        deliverableId: change.deliverableId,
        from: change.from,
        to: change.to,
        actor: change.actor ?? { type: 'external', id: null, name: 'Frame.io' },
        note: null,
      });
    },
    async commentChanged(tx, comment, change) {
      if (change !== 'created') return;
      await fanOut(tx, {
        type: 'comment',
        key: `comment:${comment.id}`,
        orgId: comment.org_id,
        commentId: comment.id,
        external: false,
      });
    },
    async externalCommentChanged(tx, comment, change) {
      if (change !== 'created') return;
      await fanOut(tx, {
        type: 'comment',
        key: `comment:${comment.id}`,
        orgId: comment.org_id,
        commentId: comment.id,
        external: true,
      });
    },
    async externalUploadFinished(tx, upload) {
      if (upload.outcome !== 'failed') return;
      await fanOut(tx, {
        type: 'upload_failed',
        key: `upload:${upload.provider}:${upload.versionId}:${newId()}`,
        orgId: upload.orgId,
        versionId: upload.versionId,
        provider: upload.provider,
        message: upload.error?.message ?? 'The upload failed.',
        requestedBy: upload.requestedBy ?? null,
      });
    },
    async versionFailed(tx, failure) {
      await fanOut(tx, {
        type: 'version_failed',
        key: `version_failed:${failure.version.id}:${failure.attemptKey}`,
        orgId: failure.version.org_id,
        versionId: failure.version.id,
        stage: failure.stage,
        message: failure.message,
      });
    },
  };
}
