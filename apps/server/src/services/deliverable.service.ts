import type { ServiceDeps } from './service-deps.ts';

// TODO(owner: domain): deliverables CRUD and the approval lifecycle
export class DeliverableService {
  constructor(private readonly deps: ServiceDeps) {}
}
