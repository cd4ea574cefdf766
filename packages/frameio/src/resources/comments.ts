import { fetchPage, paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type {
  Comment,
  CommentCreateInput,
  CommentInclude,
  CommentSort,
  CommentUpdateInput,
  CommentWithIncludes,
} from '../types/comments.ts';
import type { Page, PageQuery } from '../types/common.ts';
import { type CallOptions, type CreateOptions, callExtras } from './call-options.ts';

// Timestamps go through untouched: integer framestamps from 1, or HH:MM:SS:FF strings when
// `timestamp_as_timecode` is set (frameio-api-notes.md, "Comments and framestamps"). The server
// converts with @preroll/timecode.

export interface CommentListQuery extends PageQuery {
  include?: CommentInclude | CommentInclude[];
  sort?: CommentSort;
  timestamp_as_timecode?: boolean;
}

export interface CommentQuery {
  timestamp_as_timecode?: boolean;
}

export function commentsResource(http: FrameioHttp) {
  const listReq = (accountId: string, fileId: string, query?: CommentListQuery, options?: CallOptions) => ({
    operation: 'comments.index' as const,
    path: path`/v4/accounts/${accountId}/files/${fileId}/comments`,
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /** `GET …/files/{file_id}/comments` (comments.index): one page. */
    list(
      accountId: string,
      fileId: string,
      query?: CommentListQuery,
      options?: CallOptions,
    ): Promise<Page<CommentWithIncludes>> {
      return fetchPage<CommentWithIncludes>(http, listReq(accountId, fileId, query, options));
    },
    iterate(
      accountId: string,
      fileId: string,
      query?: CommentListQuery,
      options?: CallOptions,
    ): AsyncGenerator<CommentWithIncludes> {
      return paginate<CommentWithIncludes>(http, listReq(accountId, fileId, query, options));
    },
    /**
     * `POST …/files/{file_id}/comments` (comments.create, 201, 100/min). Not idempotent: after an
     * ambiguous failure it is retried only if `options.retryGuard` says the comment is not there.
     */
    create(
      accountId: string,
      fileId: string,
      input: CommentCreateInput,
      options?: CreateOptions & CommentQuery,
    ): Promise<Comment> {
      return http.request<Comment>({
        operation: 'comments.create',
        path: path`/v4/accounts/${accountId}/files/${fileId}/comments`,
        query: { timestamp_as_timecode: options?.timestamp_as_timecode },
        body: input,
        ...callExtras(options),
      });
    },
    /** `GET …/comments/{comment_id}` (comments.show). */
    show(
      accountId: string,
      commentId: string,
      query?: CommentQuery & { include?: CommentInclude | CommentInclude[] },
      options?: CallOptions,
    ): Promise<CommentWithIncludes> {
      return http.request<CommentWithIncludes>({
        operation: 'comments.show',
        path: path`/v4/accounts/${accountId}/comments/${commentId}`,
        query: { ...query },
        ...callExtras(options),
      });
    },
    /** `PATCH …/comments/{comment_id}` (comments.update, 10/min: bursts queue in the limiter). */
    update(
      accountId: string,
      commentId: string,
      input: CommentUpdateInput,
      options?: CallOptions & CommentQuery,
    ): Promise<Comment> {
      return http.request<Comment>({
        operation: 'comments.update',
        path: path`/v4/accounts/${accountId}/comments/${commentId}`,
        query: { timestamp_as_timecode: options?.timestamp_as_timecode },
        body: input,
        ...callExtras(options),
      });
    },
    /** `DELETE …/comments/{comment_id}` (comments.delete, 204). */
    async delete(accountId: string, commentId: string, options?: CallOptions): Promise<void> {
      await http.request<undefined>({
        operation: 'comments.delete',
        path: path`/v4/accounts/${accountId}/comments/${commentId}`,
        ...callExtras(options),
      });
    },
  };
}

export type CommentsResource = ReturnType<typeof commentsResource>;
