import type { Dialect } from '../db/database.ts';
import type { Executor } from './executor.ts';

// TODO(owner: jobs): the durable queue's queries (enqueue, claim with FOR UPDATE SKIP LOCKED, …).
export class JobRepository {
  constructor(
    private readonly db: Executor,
    private readonly dialect: Dialect,
  ) {}
}
