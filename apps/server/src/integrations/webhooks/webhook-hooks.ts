import type { DomainHooks } from '../../services/domain-hooks.ts';
import type { WebhookPublisher } from './publisher.ts';
import type { WebhookPayloads } from './webhook-payloads.ts';

/**
 * How outgoing webhooks follow the core (and what other integrations announce through it): each
 * hook runs inside the transaction of the change and only records deliveries and enqueues their
 * jobs (publisher.ts), so nothing here calls out and a rolled-back change sends nothing.
 */
export function webhookDomainHooks(publisher: WebhookPublisher, payloads: WebhookPayloads): DomainHooks {
  return {
    versionCreated: (tx, v) =>
      publisher.publish(tx, v.org_id, () => payloads.version(tx, 'version.created', v)),
    versionReady: (tx, v) => publisher.publish(tx, v.org_id, () => payloads.version(tx, 'version.ready', v)),
    deliverableStatusChanged: (tx, change) =>
      publisher.publish(tx, change.orgId, () => payloads.statusChanged(tx, change, 'preroll')),
    externalStatusChanged: (tx, change) =>
      publisher.publish(tx, change.orgId, () => payloads.statusChanged(tx, change, 'frameio')),
    commentChanged: (tx, comment, change) =>
      publisher.publish(tx, comment.org_id, () => payloads.comment(tx, comment, change)),
    externalCommentChanged: (tx, comment, change) =>
      publisher.publish(tx, comment.org_id, () => payloads.comment(tx, comment, change)),
    externalUploadFinished: (tx, upload) =>
      publisher.publish(tx, upload.orgId, () =>
        payloads.versionEvent(
          tx,
          upload.outcome === 'finished' ? 'frameio.send.finished' : 'frameio.send.failed',
          upload.orgId,
          upload.versionId,
          upload.error ? { error: upload.error } : {},
        ),
      ),
    reviewLinkCreated: (tx, link) =>
      publisher.publish(tx, link.orgId, () =>
        payloads.versionEvent(tx, 'frameio.review_link.created', link.orgId, link.versionId, {
          review_link: { url: link.url, expires_at: link.expiresAt, provider: link.provider },
        }),
      ),
  };
}
