import type { ServiceDeps } from './service-deps.ts';

// TODO(owner: media): threaded, frame-positioned comments
export class CommentService {
  constructor(private readonly deps: ServiceDeps) {}
}
