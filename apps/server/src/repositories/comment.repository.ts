import type { Executor } from './executor.ts';

// TODO(owner: media): queries for comments.
export class CommentRepository {
  constructor(private readonly db: Executor) {}
}
