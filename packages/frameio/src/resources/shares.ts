import { fetchPage, paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type { Page, PageQuery } from '../types/common.ts';
import type { Share, ShareCreateInput, ShareSort, ShareUpdateInput } from '../types/shares.ts';
import { type CallOptions, type CreateOptions, callExtras } from './call-options.ts';

export interface ShareListQuery extends PageQuery {
  sort?: ShareSort;
}

export function sharesResource(http: FrameioHttp) {
  const listReq = (accountId: string, projectId: string, query?: ShareListQuery, options?: CallOptions) => ({
    operation: 'shares.index' as const,
    path: path`/v4/accounts/${accountId}/projects/${projectId}/shares`,
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /** `GET …/projects/{project_id}/shares` (shares.index): one page. */
    list(
      accountId: string,
      projectId: string,
      query?: ShareListQuery,
      options?: CallOptions,
    ): Promise<Page<Share>> {
      return fetchPage<Share>(http, listReq(accountId, projectId, query, options));
    },
    iterate(
      accountId: string,
      projectId: string,
      query?: ShareListQuery,
      options?: CallOptions,
    ): AsyncGenerator<Share> {
      return paginate<Share>(http, listReq(accountId, projectId, query, options));
    },
    /**
     * `POST …/projects/{project_id}/shares` (shares.create, 201). The link is `short_url`
     * (frameio-api-notes.md, "Shares").
     */
    create(
      accountId: string,
      projectId: string,
      input: ShareCreateInput,
      options?: CreateOptions,
    ): Promise<Share> {
      return http.request<Share>({
        operation: 'shares.create',
        path: path`/v4/accounts/${accountId}/projects/${projectId}/shares`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `GET …/shares/{share_id}` (shares.show). */
    show(accountId: string, shareId: string, options?: CallOptions): Promise<Share> {
      return http.request<Share>({
        operation: 'shares.show',
        path: path`/v4/accounts/${accountId}/shares/${shareId}`,
        ...callExtras(options),
      });
    },
    /** `PATCH …/shares/{share_id}` (shares.update). */
    update(
      accountId: string,
      shareId: string,
      input: ShareUpdateInput,
      options?: CallOptions,
    ): Promise<Share> {
      return http.request<Share>({
        operation: 'shares.update',
        path: path`/v4/accounts/${accountId}/shares/${shareId}`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `DELETE …/shares/{share_id}` (shares.delete). */
    async delete(accountId: string, shareId: string, options?: CallOptions): Promise<void> {
      await http.request<undefined>({
        operation: 'shares.delete',
        path: path`/v4/accounts/${accountId}/shares/${shareId}`,
        ...callExtras(options),
      });
    },
  };
}

export type SharesResource = ReturnType<typeof sharesResource>;
