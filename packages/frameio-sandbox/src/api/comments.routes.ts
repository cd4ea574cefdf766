import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import { presentComment, presentCommentWithIncludes } from './comment-presenters.ts';
import { createComment, deleteComment, updateComment } from './comment-writes.ts';
import { parseIncludes } from './presenters.ts';
import { applySort, getComment, getFile } from './resource-access.ts';

export function registerCommentRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  defineOp(app, rt, 'comments.create', ({ params, body, user, query }) => {
    const file = getFile(rt, params.account_id!, params.file_id!);
    const c = createComment(rt, file, user, body.data, null);
    return { data: presentComment(rt, c, query.timestamp_as_timecode === 'true') };
  });

  // Top-level comments only; replies are nested with include=replies (choice).
  defineOp(app, rt, 'comments.index', ({ params, query, path, op }) => {
    const file = getFile(rt, params.account_id!, params.file_id!);
    const includes = parseIncludes(query.include);
    if (query.sort?.startsWith('owner') && !includes.has('owner')) {
      throw new ApiError(422, [
        {
          detail: 'Sorting by owner requires include=owner',
          source: { pointer: '/sort' },
          title: 'Invalid value',
        },
      ]);
    }
    const list = Object.values(rt.store.state.comments)
      .filter((c) => c.file_id === file.id && c.parent_id === null)
      .sort((a, b) => a.seq - b.seq);
    const sorted = applySort(
      list.map((c) => ({ ...c, name: rt.store.state.users[c.owner_id]?.name ?? '' })),
      query.sort,
      (c, key) =>
        key === 'completed_at' ? (c.completed_at ?? '') : key === 'owner' ? c.name.toLowerCase() : null,
    );
    const asTc = query.timestamp_as_timecode === 'true';
    return paginate(sorted, query, path, pageSizeMax(op), (c) =>
      presentCommentWithIncludes(rt, c, asTc, includes),
    );
  });

  defineOp(app, rt, 'comments.show', ({ params, query }) => {
    const c = getComment(rt, params.account_id!, params.comment_id!);
    return {
      data: presentCommentWithIncludes(
        rt,
        c,
        query.timestamp_as_timecode === 'true',
        parseIncludes(query.include),
      ),
    };
  });

  defineOp(app, rt, 'comments.update', ({ params, body, user, query }) => {
    const c = getComment(rt, params.account_id!, params.comment_id!);
    updateComment(rt, c, user, body.data);
    return { data: presentComment(rt, c, query.timestamp_as_timecode === 'true') };
  });

  defineOp(app, rt, 'comments.delete', ({ params, user }) => {
    const c = getComment(rt, params.account_id!, params.comment_id!);
    deleteComment(rt, c, user);
    return undefined;
  });
}
