import type { ServiceDeps } from './service-deps.ts';

// TODO(owner: domain): portal users, magic links
export class PortalService {
  constructor(private readonly deps: ServiceDeps) {}
}
