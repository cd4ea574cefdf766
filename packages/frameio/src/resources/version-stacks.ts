import { fetchPage, paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type { AssetWithIncludes, FileInclude, VersionStackWithIncludes } from '../types/assets.ts';
import type { Page, PageQuery } from '../types/common.ts';
import { type CallOptions, type CreateOptions, callExtras } from './call-options.ts';

export interface VersionStackChildrenQuery extends PageQuery {
  include?: FileInclude | FileInclude[];
  sort?: string;
}

export function versionStacksResource(http: FrameioHttp) {
  const childrenReq = (
    accountId: string,
    versionStackId: string,
    query?: VersionStackChildrenQuery,
    options?: CallOptions,
  ) => ({
    operation: 'version_stacks.index' as const,
    path: path`/v4/accounts/${accountId}/version_stacks/${versionStackId}/children`,
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /**
     * `POST …/folders/{folder_id}/version_stacks` (version_stacks.create, 201): 2..10 file ids of
     * that folder, oldest first (frameio-api-notes.md, "Version stacks").
     */
    create(
      accountId: string,
      folderId: string,
      input: { file_ids: string[] },
      options?: CreateOptions,
    ): Promise<VersionStackWithIncludes> {
      return http.request<VersionStackWithIncludes>({
        operation: 'version_stacks.create',
        path: path`/v4/accounts/${accountId}/folders/${folderId}/version_stacks`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `GET …/version_stacks/{version_stack_id}/children` (version_stacks.index): the versions. */
    children(
      accountId: string,
      versionStackId: string,
      query?: VersionStackChildrenQuery,
      options?: CallOptions,
    ): Promise<Page<AssetWithIncludes>> {
      return fetchPage<AssetWithIncludes>(http, childrenReq(accountId, versionStackId, query, options));
    },
    iterateChildren(
      accountId: string,
      versionStackId: string,
      query?: VersionStackChildrenQuery,
      options?: CallOptions,
    ): AsyncGenerator<AssetWithIncludes> {
      return paginate<AssetWithIncludes>(http, childrenReq(accountId, versionStackId, query, options));
    },
  };
}

export type VersionStacksResource = ReturnType<typeof versionStacksResource>;
