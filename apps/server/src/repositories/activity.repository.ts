import type { Executor } from './executor.ts';

// TODO(owner: domain): queries for activity.
export class ActivityRepository {
  constructor(private readonly db: Executor) {}
}
