import { fetchPage, paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type { Page, PageQuery } from '../types/common.ts';
import type { FieldDefinition, FileMetadata, MetadataBulkUpdateInput } from '../types/metadata.ts';
import { type CallOptions, callExtras } from './call-options.ts';

export interface FieldDefinitionListQuery extends PageQuery {
  include?: 'creator';
  sort?: 'name_asc' | 'created_at_asc' | 'name_desc' | 'created_at_desc';
  /** Sent as `filters[exclude_immutable]=true` (deepObject). */
  filters?: { exclude_immutable?: boolean; exclude_inactive?: boolean };
}

export function metadataResource(http: FrameioHttp) {
  const defsReq = (accountId: string, query?: FieldDefinitionListQuery, options?: CallOptions) => ({
    operation: 'metadata.field_definitions.index' as const,
    path: path`/v4/accounts/${accountId}/metadata/field_definitions`,
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /** `GET …/files/{file_id}/metadata` (metadata.show). */
    showFile(
      accountId: string,
      fileId: string,
      query?: { show_null?: boolean },
      options?: CallOptions,
    ): Promise<FileMetadata> {
      return http.request<FileMetadata>({
        operation: 'metadata.show',
        path: path`/v4/accounts/${accountId}/files/${fileId}/metadata`,
        query: { ...query },
        ...callExtras(options),
      });
    },
    /** `GET …/metadata/field_definitions` (metadata.field_definitions.index): one page. */
    fieldDefinitions(
      accountId: string,
      query?: FieldDefinitionListQuery,
      options?: CallOptions,
    ): Promise<Page<FieldDefinition>> {
      return fetchPage<FieldDefinition>(http, defsReq(accountId, query, options));
    },
    iterateFieldDefinitions(
      accountId: string,
      query?: FieldDefinitionListQuery,
      options?: CallOptions,
    ): AsyncGenerator<FieldDefinition> {
      return paginate<FieldDefinition>(http, defsReq(accountId, query, options));
    },
    /**
     * `PATCH …/projects/{project_id}/metadata/values` (metadata.bulk_update, 204, 10/min): how a
     * review status is set (frameio-api-notes.md, "Status field"). Select values are lists of option ids.
     */
    async bulkUpdate(
      accountId: string,
      projectId: string,
      input: MetadataBulkUpdateInput,
      options?: CallOptions,
    ): Promise<void> {
      await http.request<undefined>({
        operation: 'metadata.bulk_update',
        path: path`/v4/accounts/${accountId}/projects/${projectId}/metadata/values`,
        body: input,
        ...callExtras(options),
      });
    },
  };
}

export type MetadataResource = ReturnType<typeof metadataResource>;
