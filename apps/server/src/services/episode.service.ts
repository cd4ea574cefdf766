import type { ServiceDeps } from './service-deps.ts';

// TODO(owner: domain): episodes CRUD
export class EpisodeService {
  constructor(private readonly deps: ServiceDeps) {}
}
