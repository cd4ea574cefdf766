import { FrameioCommentSyncRepository } from '../../repositories/frameio-comment-sync.repository.ts';
import { FrameioConnectionRepository } from '../../repositories/frameio-connection.repository.ts';
import { FrameioLinkRepository } from '../../repositories/frameio-link.repository.ts';
import { FrameioOauthStateRepository } from '../../repositories/frameio-oauth-state.repository.ts';
import { FrameioReviewLinkRepository } from '../../repositories/frameio-review-link.repository.ts';
import { FrameioUploadRepository } from '../../repositories/frameio-upload.repository.ts';
import { FrameioWaitingJobRepository } from '../../repositories/frameio-waiting-job.repository.ts';
import { FrameioWebhookRepository } from '../../repositories/frameio-webhook.repository.ts';
import type { Store } from '../../repositories/store.ts';
import { WebhookDeliveryRepository } from '../../repositories/webhook-delivery.repository.ts';

export interface FrameioRepos {
  connections: FrameioConnectionRepository;
  states: FrameioOauthStateRepository;
  waiting: FrameioWaitingJobRepository;
  links: FrameioLinkRepository;
  uploads: FrameioUploadRepository;
  reviewLinks: FrameioReviewLinkRepository;
  /** Issue 7: webhooks, deliveries, comment sync state. */
  webhooks: FrameioWebhookRepository;
  deliveries: WebhookDeliveryRepository;
  commentSync: FrameioCommentSyncRepository;
}

/**
 * The Frame.io repositories bound to a store's executor (the pool, or the caller's transaction),
 * so they join `store.transaction` like the Store's own repositories. Kept here rather than in
 * Store so the integration stays one folder with one registration point.
 */
export function frameioRepos(store: Store): FrameioRepos {
  const db = store.executor;
  return {
    connections: new FrameioConnectionRepository(db),
    states: new FrameioOauthStateRepository(db),
    waiting: new FrameioWaitingJobRepository(db),
    links: new FrameioLinkRepository(db),
    uploads: new FrameioUploadRepository(db),
    reviewLinks: new FrameioReviewLinkRepository(db),
    webhooks: new FrameioWebhookRepository(db),
    deliveries: new WebhookDeliveryRepository(db),
    commentSync: new FrameioCommentSyncRepository(db),
  };
}
