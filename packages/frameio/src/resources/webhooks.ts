import { fetchPage, paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type { Page, PageQuery } from '../types/common.ts';
import type {
  Webhook,
  WebhookCreateInput,
  WebhookSort,
  WebhookUpdateInput,
  WebhookWithIncludes,
  WebhookWithSecret,
} from '../types/webhooks.ts';
import { type CallOptions, type CreateOptions, callExtras } from './call-options.ts';

export interface WebhookListQuery extends PageQuery {
  include?: 'creator';
  sort?: WebhookSort;
}

export function webhooksResource(http: FrameioHttp) {
  const listReq = (
    accountId: string,
    workspaceId: string,
    query?: WebhookListQuery,
    options?: CallOptions,
  ) => ({
    operation: 'webhooks.index' as const,
    path: path`/v4/accounts/${accountId}/workspaces/${workspaceId}/webhooks`,
    query: { ...query },
    ...callExtras(options),
  });
  return {
    /** `GET …/workspaces/{workspace_id}/webhooks` (webhooks.index): one page. */
    list(
      accountId: string,
      workspaceId: string,
      query?: WebhookListQuery,
      options?: CallOptions,
    ): Promise<Page<WebhookWithIncludes>> {
      return fetchPage<WebhookWithIncludes>(http, listReq(accountId, workspaceId, query, options));
    },
    iterate(
      accountId: string,
      workspaceId: string,
      query?: WebhookListQuery,
      options?: CallOptions,
    ): AsyncGenerator<WebhookWithIncludes> {
      return paginate<WebhookWithIncludes>(http, listReq(accountId, workspaceId, query, options));
    },
    /**
     * `POST …/workspaces/{workspace_id}/webhooks` (webhooks.create, 201). The response is the only
     * time `secret` is shown (frameio-api-notes.md, "Webhooks: management"): store it encrypted
     * before doing anything else.
     */
    create(
      accountId: string,
      workspaceId: string,
      input: WebhookCreateInput,
      options?: CreateOptions,
    ): Promise<WebhookWithSecret> {
      return http.request<WebhookWithSecret>({
        operation: 'webhooks.create',
        path: path`/v4/accounts/${accountId}/workspaces/${workspaceId}/webhooks`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `GET …/webhooks/{webhook_id}` (webhooks.show): no secret here. */
    show(
      accountId: string,
      webhookId: string,
      query?: { include?: 'creator' },
      options?: CallOptions,
    ): Promise<WebhookWithIncludes> {
      return http.request<WebhookWithIncludes>({
        operation: 'webhooks.show',
        path: path`/v4/accounts/${accountId}/webhooks/${webhookId}`,
        query: { ...query },
        ...callExtras(options),
      });
    },
    /** `PATCH …/webhooks/{webhook_id}` (webhooks.update): `active` toggles delivery. */
    update(
      accountId: string,
      webhookId: string,
      input: WebhookUpdateInput,
      options?: CallOptions,
    ): Promise<Webhook> {
      return http.request<Webhook>({
        operation: 'webhooks.update',
        path: path`/v4/accounts/${accountId}/webhooks/${webhookId}`,
        body: input,
        ...callExtras(options),
      });
    },
    /** `DELETE …/webhooks/{webhook_id}` (webhooks.delete, 204): stops deliveries at once. */
    async delete(accountId: string, webhookId: string, options?: CallOptions): Promise<void> {
      await http.request<undefined>({
        operation: 'webhooks.delete',
        path: path`/v4/accounts/${accountId}/webhooks/${webhookId}`,
        ...callExtras(options),
      });
    },
  };
}

export type WebhooksResource = ReturnType<typeof webhooksResource>;
