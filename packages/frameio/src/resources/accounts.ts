import { fetchPage, paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type { Account, Page, PageQuery, WorkspaceWithIncludes } from '../types/common.ts';
import { type CallOptions, callExtras } from './call-options.ts';

export interface AccountListQuery extends PageQuery {
  sort?: 'display_name_asc' | 'created_at_asc' | 'display_name_desc' | 'created_at_desc';
}

export interface WorkspaceListQuery extends PageQuery {
  include?: 'creator';
  sort?: 'name_asc' | 'created_at_asc' | 'name_desc' | 'created_at_desc';
}

export function accountsResource(http: FrameioHttp) {
  const req = (query: AccountListQuery | undefined, options?: CallOptions) => ({
    operation: 'accounts.index' as const,
    path: '/v4/accounts',
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /** `GET /v4/accounts` (accounts.index): one page. */
    list(query?: AccountListQuery, options?: CallOptions): Promise<Page<Account>> {
      return fetchPage<Account>(http, req(query, options));
    },
    /** Every account, following `links.next`. */
    iterate(query?: AccountListQuery, options?: CallOptions): AsyncGenerator<Account> {
      return paginate<Account>(http, req(query, options));
    },
  };
}

export function workspacesResource(http: FrameioHttp) {
  const req = (accountId: string, query: WorkspaceListQuery | undefined, options?: CallOptions) => ({
    operation: 'workspaces.index' as const,
    path: path`/v4/accounts/${accountId}/workspaces`,
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /** `GET /v4/accounts/{account_id}/workspaces` (workspaces.index): one page. */
    list(
      accountId: string,
      query?: WorkspaceListQuery,
      options?: CallOptions,
    ): Promise<Page<WorkspaceWithIncludes>> {
      return fetchPage<WorkspaceWithIncludes>(http, req(accountId, query, options));
    },
    iterate(
      accountId: string,
      query?: WorkspaceListQuery,
      options?: CallOptions,
    ): AsyncGenerator<WorkspaceWithIncludes> {
      return paginate<WorkspaceWithIncludes>(http, req(accountId, query, options));
    },
  };
}

export type AccountsResource = ReturnType<typeof accountsResource>;
export type WorkspacesResource = ReturnType<typeof workspacesResource>;
