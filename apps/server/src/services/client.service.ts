import type { ServiceDeps } from './service-deps.ts';

// TODO(owner: domain): clients CRUD
export class ClientService {
  constructor(private readonly deps: ServiceDeps) {}
}
