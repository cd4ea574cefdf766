import type { ServiceDeps } from './service-deps.ts';

// TODO(owner: domain): shows CRUD
export class ShowService {
  constructor(private readonly deps: ServiceDeps) {}
}
