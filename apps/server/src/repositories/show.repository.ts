import type { Executor } from './executor.ts';

// TODO(owner: domain): queries for shows.
export class ShowRepository {
  constructor(private readonly db: Executor) {}
}
