import { FrameioDeliveriesTable } from './frameio-deliveries-table.tsx';
import { FrameioStatusMappingEditor } from './frameio-status-mapping.tsx';
import { FrameioWebhookRow } from './frameio-webhook-row.tsx';

/**
 * The two-way comment sync's visible health, under the Frame.io card once a workspace is picked:
 * the webhook, the recent deliveries (admins: the list is admin-only on the server) and the status
 * mapping. Syncing internal comments (`frameio_sync_internal_comments`) has no API yet, so no
 * toggle here.
 */
export function FrameioSyncHealth({ canManage }: { canManage: boolean }) {
  return (
    <section className="frameio-sync" aria-label="Frame.io sync">
      <FrameioWebhookRow canManage={canManage} />
      {canManage ? <FrameioDeliveriesTable /> : null}
      <FrameioStatusMappingEditor canManage={canManage} />
    </section>
  );
}
