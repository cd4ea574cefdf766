import type { Store } from '../../../repositories/store.ts';
import { FrameioCommentSyncRepository } from './comment-sync.repository.ts';
import { FrameioConnectionRepository } from './connection.repository.ts';
import type { FrameioExecutor } from './frameio-tables.ts';
import { FrameioLinkRepository } from './link.repository.ts';
import { FrameioOauthStateRepository } from './oauth-state.repository.ts';
import { FrameioReviewLinkRepository } from './review-link.repository.ts';
import { FrameioStatusSyncRepository } from './status-sync.repository.ts';
import { FrameioUploadRepository } from './upload.repository.ts';
import { FrameioUserNameRepository } from './user-name.repository.ts';
import { FrameioWaitingJobRepository } from './waiting-job.repository.ts';
import { FrameioWebhookRepository } from './webhook.repository.ts';
import { WebhookDeliveryRepository } from './webhook-delivery.repository.ts';

export interface FrameioRepos {
  connections: FrameioConnectionRepository;
  states: FrameioOauthStateRepository;
  waiting: FrameioWaitingJobRepository;
  links: FrameioLinkRepository;
  uploads: FrameioUploadRepository;
  reviewLinks: FrameioReviewLinkRepository;
  webhooks: FrameioWebhookRepository;
  deliveries: WebhookDeliveryRepository;
  commentSync: FrameioCommentSyncRepository;
  statusSync: FrameioStatusSyncRepository;
  userNames: FrameioUserNameRepository;
}

/**
 * The Frame.io repositories bound to a store's executor (the pool, or the caller's transaction),
 * so they join `store.transaction` like the Store's own repositories. Kept here rather than in
 * Store so the core never knows the integration's tables.
 */
export function frameioRepos(store: Store): FrameioRepos {
  const db = store.executor as unknown as FrameioExecutor;
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
    statusSync: new FrameioStatusSyncRepository(db),
    userNames: new FrameioUserNameRepository(db),
  };
}
