import type { Executor } from './executor.ts';

// TODO(owner: domain): queries for episodes.
export class EpisodeRepository {
  constructor(private readonly db: Executor) {}
}
