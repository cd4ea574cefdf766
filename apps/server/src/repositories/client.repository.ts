import type { Executor } from './executor.ts';

// TODO(owner: domain): queries for clients.
export class ClientRepository {
  constructor(private readonly db: Executor) {}
}
