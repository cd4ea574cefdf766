import type { FrameioClient } from '@preroll/frameio';
import type { Store } from '../../repositories/store.ts';
import { unregisterWebhook } from './frameio-webhooks.service.ts';

/**
 * HOOK for disconnect: remove everything preroll registered in Frame.io for this organization.
 * Today that is nothing besides the connection itself. Issue 7 (webhooks) adds: delete each
 * webhook preroll created (`client.webhooks.delete(accountId, webhookId)`) and forget its secret.
 * Called before the tokens are revoked, while the client can still authenticate; failures are
 * reported as warnings and never block the disconnect.
 */
export async function unregisterFrameioResources(ctx: {
  orgId: string;
  accountId: string | null;
  client: FrameioClient;
  store: Store;
}): Promise<string[]> {
  return unregisterWebhook(ctx);
}
