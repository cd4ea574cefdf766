import { fetchPage, paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type { Page, PageQuery } from '../types/common.ts';
import type {
  Project,
  ProjectCreateInput,
  ProjectUpdateInput,
  ProjectWithIncludes,
} from '../types/projects.ts';
import { type CallOptions, type CreateOptions, callExtras } from './call-options.ts';

export interface ProjectListQuery extends PageQuery {
  include?: 'owner';
  sort?: 'name_asc' | 'created_at_asc' | 'name_desc' | 'created_at_desc';
}

export function projectsResource(http: FrameioHttp) {
  const listReq = (
    accountId: string,
    workspaceId: string,
    query?: ProjectListQuery,
    options?: CallOptions,
  ) => ({
    operation: 'projects.index' as const,
    path: path`/v4/accounts/${accountId}/workspaces/${workspaceId}/projects`,
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /** `GET …/workspaces/{workspace_id}/projects` (projects.index): one page. */
    list(
      accountId: string,
      workspaceId: string,
      query?: ProjectListQuery,
      options?: CallOptions,
    ): Promise<Page<ProjectWithIncludes>> {
      return fetchPage<ProjectWithIncludes>(http, listReq(accountId, workspaceId, query, options));
    },
    iterate(
      accountId: string,
      workspaceId: string,
      query?: ProjectListQuery,
      options?: CallOptions,
    ): AsyncGenerator<ProjectWithIncludes> {
      return paginate<ProjectWithIncludes>(http, listReq(accountId, workspaceId, query, options));
    },
    /** `POST …/workspaces/{workspace_id}/projects` (projects.create, 201). Also creates the root folder. */
    create(
      accountId: string,
      workspaceId: string,
      input: ProjectCreateInput,
      options?: CreateOptions,
    ): Promise<Project> {
      return http.request<Project>({
        operation: 'projects.create',
        path: path`/v4/accounts/${accountId}/workspaces/${workspaceId}/projects`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `GET /v4/accounts/{account_id}/projects/{project_id}` (projects.show). */
    show(accountId: string, projectId: string, query?: { include?: 'owner' }, options?: CallOptions) {
      return http.request<ProjectWithIncludes>({
        operation: 'projects.show',
        path: path`/v4/accounts/${accountId}/projects/${projectId}`,
        query: { ...query },
        ...callExtras(options),
      });
    },
    /** `PATCH /v4/accounts/{account_id}/projects/{project_id}` (projects.update). */
    update(
      accountId: string,
      projectId: string,
      input: ProjectUpdateInput,
      options?: CallOptions,
    ): Promise<Project> {
      return http.request<Project>({
        operation: 'projects.update',
        path: path`/v4/accounts/${accountId}/projects/${projectId}`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `DELETE /v4/accounts/{account_id}/projects/{project_id}` (projects.delete, 204). */
    async delete(accountId: string, projectId: string, options?: CallOptions): Promise<void> {
      await http.request<undefined>({
        operation: 'projects.delete',
        path: path`/v4/accounts/${accountId}/projects/${projectId}`,
        ...callExtras(options),
      });
    },
  };
}

export type ProjectsResource = ReturnType<typeof projectsResource>;
