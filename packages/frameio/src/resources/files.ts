import { fetchPage, paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type {
  AssetWithIncludes,
  File,
  FileInclude,
  FileLocalUploadInput,
  FileSort,
  FileUploadStatus,
  FileWithIncludes,
  FileWithUploadUrls,
} from '../types/assets.ts';
import type { Page, PageQuery } from '../types/common.ts';
import { type CallOptions, type CreateOptions, callExtras } from './call-options.ts';

export interface FileListQuery extends PageQuery {
  include?: FileInclude | FileInclude[];
  sort?: FileSort;
}

export function filesResource(http: FrameioHttp) {
  const listReq = (accountId: string, folderId: string, query?: FileListQuery, options?: CallOptions) => ({
    operation: 'files.list' as const,
    path: path`/v4/accounts/${accountId}/folders/${folderId}/files`,
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /**
     * `POST …/folders/{folder_id}/files/local_upload` (files.create_local_upload, 201): a
     * placeholder file with presigned `upload_urls`; PUT the parts yourself (frameio-api-notes.md,
     * "Local upload flow"). No "complete" call exists.
     */
    createLocalUpload(
      accountId: string,
      folderId: string,
      input: FileLocalUploadInput,
      options?: CreateOptions,
    ): Promise<FileWithUploadUrls> {
      return http.request<FileWithUploadUrls>({
        operation: 'files.create_local_upload',
        path: path`/v4/accounts/${accountId}/folders/${folderId}/files/local_upload`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `GET …/folders/{folder_id}/files` (files.list, 5/s): one page. */
    list(
      accountId: string,
      folderId: string,
      query?: FileListQuery,
      options?: CallOptions,
    ): Promise<Page<AssetWithIncludes>> {
      return fetchPage<AssetWithIncludes>(http, listReq(accountId, folderId, query, options));
    },
    iterate(
      accountId: string,
      folderId: string,
      query?: FileListQuery,
      options?: CallOptions,
    ): AsyncGenerator<AssetWithIncludes> {
      return paginate<AssetWithIncludes>(http, listReq(accountId, folderId, query, options));
    },
    /**
     * `GET …/files/{file_id}` (files.show). Media links may be null: handle it
     * (frameio-api-notes.md, "Files").
     */
    show(
      accountId: string,
      fileId: string,
      query?: { include?: FileInclude | FileInclude[] },
      options?: CallOptions,
    ): Promise<FileWithIncludes> {
      return http.request<FileWithIncludes>({
        operation: 'files.show',
        path: path`/v4/accounts/${accountId}/files/${fileId}`,
        query: { ...query },
        ...callExtras(options),
      });
    },
    /** `PATCH …/files/{file_id}` (files.update): rename. */
    update(accountId: string, fileId: string, input: { name: string }, options?: CallOptions): Promise<File> {
      return http.request<File>({
        operation: 'files.update',
        path: path`/v4/accounts/${accountId}/files/${fileId}`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `DELETE …/files/{file_id}` (files.delete, 204). */
    async delete(accountId: string, fileId: string, options?: CallOptions): Promise<void> {
      await http.request<undefined>({
        operation: 'files.delete',
        path: path`/v4/accounts/${accountId}/files/${fileId}`,
        ...callExtras(options),
      });
    },
    /** `GET …/files/{file_id}/status` (files.show_file_upload_status). */
    status(accountId: string, fileId: string, options?: CallOptions): Promise<FileUploadStatus> {
      return http.request<FileUploadStatus>({
        operation: 'files.show_file_upload_status',
        path: path`/v4/accounts/${accountId}/files/${fileId}/status`,
        ...callExtras(options),
      });
    },
    /**
     * `PATCH …/files/{file_id}/move` (files.move): into a folder, or into a version stack, which is
     * how a new version is added to an existing stack (frameio-api-notes.md, "Version stacks").
     */
    move(
      accountId: string,
      fileId: string,
      input: { parent_id: string },
      options?: CallOptions,
    ): Promise<File> {
      return http.request<File>({
        operation: 'files.move',
        path: path`/v4/accounts/${accountId}/files/${fileId}/move`,
        body: input,
        ...callExtras(options),
      });
    },
  };
}

export type FilesResource = ReturnType<typeof filesResource>;
