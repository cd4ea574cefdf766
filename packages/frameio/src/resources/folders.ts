import { fetchPage, paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type {
  AssetType,
  AssetWithIncludes,
  FileInclude,
  Folder,
  FolderSort,
  FolderWithIncludes,
} from '../types/assets.ts';
import type { Page, PageQuery } from '../types/common.ts';
import { type CallOptions, type CreateOptions, callExtras } from './call-options.ts';

export interface FolderChildrenQuery extends PageQuery {
  /** Comma-joined (frameio-api-notes.md, "List parameters"), e.g. `['media_links.thumbnail', 'metadata']`. */
  include?: FileInclude | FileInclude[];
  sort?: FolderSort;
  /** Filter by kind, e.g. `['file', 'version_stack']`. */
  type?: AssetType | AssetType[];
}

export interface SubfolderListQuery extends PageQuery {
  include?: FileInclude | FileInclude[];
  sort?: FolderSort;
}

export function foldersResource(http: FrameioHttp) {
  const childrenReq = (
    accountId: string,
    folderId: string,
    query?: FolderChildrenQuery,
    options?: CallOptions,
  ) => ({
    operation: 'folders.index' as const,
    path: path`/v4/accounts/${accountId}/folders/${folderId}/children`,
    query: { ...query },
    ...callExtras(options),
  });
  const subfoldersReq = (
    accountId: string,
    folderId: string,
    query?: SubfolderListQuery,
    options?: CallOptions,
  ) => ({
    operation: 'folders.list' as const,
    path: path`/v4/accounts/${accountId}/folders/${folderId}/folders`,
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /** `GET …/folders/{folder_id}` (folders.show). */
    show(
      accountId: string,
      folderId: string,
      query?: { include?: FileInclude | FileInclude[] },
      options?: CallOptions,
    ): Promise<FolderWithIncludes> {
      return http.request<FolderWithIncludes>({
        operation: 'folders.show',
        path: path`/v4/accounts/${accountId}/folders/${folderId}`,
        query: { ...query },
        ...callExtras(options),
      });
    },
    /** `PATCH …/folders/{folder_id}` (folders.update): rename. */
    update(
      accountId: string,
      folderId: string,
      input: { name: string },
      options?: CallOptions,
    ): Promise<Folder> {
      return http.request<Folder>({
        operation: 'folders.update',
        path: path`/v4/accounts/${accountId}/folders/${folderId}`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `DELETE …/folders/{folder_id}` (folders.delete, 204). */
    async delete(accountId: string, folderId: string, options?: CallOptions): Promise<void> {
      await http.request<undefined>({
        operation: 'folders.delete',
        path: path`/v4/accounts/${accountId}/folders/${folderId}`,
        ...callExtras(options),
      });
    },
    /** `GET …/folders/{folder_id}/children` (folders.index): files, folders and version stacks. */
    children(
      accountId: string,
      folderId: string,
      query?: FolderChildrenQuery,
      options?: CallOptions,
    ): Promise<Page<AssetWithIncludes>> {
      return fetchPage<AssetWithIncludes>(http, childrenReq(accountId, folderId, query, options));
    },
    iterateChildren(
      accountId: string,
      folderId: string,
      query?: FolderChildrenQuery,
      options?: CallOptions,
    ): AsyncGenerator<AssetWithIncludes> {
      return paginate<AssetWithIncludes>(http, childrenReq(accountId, folderId, query, options));
    },
    /** `GET …/folders/{folder_id}/folders` (folders.list): sub-folders only. */
    subfolders(
      accountId: string,
      folderId: string,
      query?: SubfolderListQuery,
      options?: CallOptions,
    ): Promise<Page<FolderWithIncludes>> {
      return fetchPage<FolderWithIncludes>(http, subfoldersReq(accountId, folderId, query, options));
    },
    iterateSubfolders(
      accountId: string,
      folderId: string,
      query?: SubfolderListQuery,
      options?: CallOptions,
    ): AsyncGenerator<FolderWithIncludes> {
      return paginate<FolderWithIncludes>(http, subfoldersReq(accountId, folderId, query, options));
    },
    /** `POST …/folders/{folder_id}/folders` (folders.create, 201, 3/s). */
    create(
      accountId: string,
      parentFolderId: string,
      input: { name: string },
      options?: CreateOptions,
    ): Promise<Folder> {
      return http.request<Folder>({
        operation: 'folders.create',
        path: path`/v4/accounts/${accountId}/folders/${parentFolderId}/folders`,
        body: input,
        ...callExtras(options),
      });
    },
  };
}

export type FoldersResource = ReturnType<typeof foldersResource>;
