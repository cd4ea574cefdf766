import type { Executor } from './executor.ts';

// TODO(owner: media): queries for deliverable_versions.
export class VersionRepository {
  constructor(private readonly db: Executor) {}
}
