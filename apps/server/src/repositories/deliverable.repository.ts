import type { Executor } from './executor.ts';

// TODO(owner: domain): queries for deliverables.
export class DeliverableRepository {
  constructor(private readonly db: Executor) {}
}
