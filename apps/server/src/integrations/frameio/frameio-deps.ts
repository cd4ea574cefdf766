import type { CommentService } from '../../services/comment.service.ts';
import type { DeliverableService } from '../../services/deliverable.service.ts';
import type { ServiceDeps } from '../../services/service-deps.ts';

/**
 * What the core hands the Frame.io integration (index.ts, `registerFrameio`): the services'
 * dependencies, plus the core services through which it writes what it learns from Frame.io
 * (a reviewer's comment, a status set in Frame.io), so those writes look like any other.
 */
export interface FrameioDeps extends ServiceDeps {
  comments: CommentService;
  deliverables: DeliverableService;
}
