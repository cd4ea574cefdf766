import type { ServiceDeps } from './service-deps.ts';

// TODO(owner: domain): the activity log and feed
export class ActivityService {
  constructor(private readonly deps: ServiceDeps) {}
}
