import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getData, post } from '../api/api-client.ts';
import { ErrorNotice } from '../components/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';
import { FRAMEIO_CARD_KEY } from './frameio-queries.ts';
import {
  FRAMEIO_DELIVERIES_KEY,
  FRAMEIO_WEBHOOK_KEY,
  type FrameioWebhookStatus,
} from './frameio-sync-types.ts';

/**
 * Webhook: whether preroll's Frame.io webhook exists for the picked workspace (without it, comments
 * from Frame.io arrive only with the 5-minute reconciliation), and Re-create for admins.
 */
export function FrameioWebhookRow({ canManage }: { canManage: boolean }) {
  const qc = useQueryClient();
  const webhook = useQuery({
    queryKey: FRAMEIO_WEBHOOK_KEY,
    queryFn: () => getData<FrameioWebhookStatus>('/integrations/frameio/webhook'),
  });
  const recreate = useMutation({
    mutationFn: () => post<unknown>('/integrations/frameio/webhook'),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: FRAMEIO_WEBHOOK_KEY });
      void qc.invalidateQueries({ queryKey: FRAMEIO_CARD_KEY });
      void qc.invalidateQueries({ queryKey: FRAMEIO_DELIVERIES_KEY });
    },
  });
  if (!webhook.data)
    return webhook.isError ? (
      <ErrorNotice error={webhook.error} onRetry={() => void webhook.refetch()} />
    ) : null;
  const w = webhook.data;
  const active = w.status === 'active';
  return (
    // biome-ignore lint/a11y/useSemanticElements: same semantics as a fieldset, without its default border and legend layout inside the card
    <div className="frameio-setting" role="group" aria-label="Frame.io webhook">
      <div className="frameio-sync__row">
        <strong>Webhook</strong>
        <span
          className={`badge badge--${active ? 'ok' : 'bad'}`}
          data-testid="frameio-webhook"
          data-status={w.status}
        >
          {active ? 'active' : 'missing'}
        </span>
        {canManage ? (
          <button
            type="button"
            className="btn btn--small"
            disabled={recreate.isPending}
            onClick={() => recreate.mutate()}
          >
            {recreate.isPending ? 'Re-creating…' : 'Re-create webhook'}
          </button>
        ) : null}
      </div>
      <span className="muted small">
        {active
          ? `Frame.io sends comment, upload and status events to ${w.url ?? 'preroll'}${w.created_at ? ` (since ${formatDateTime(w.created_at)})` : ''}.`
          : 'Frame.io events do not reach preroll; comments are repaired every 5 minutes until the webhook is re-created.'}
      </span>
      <ErrorNotice error={recreate.error} />
    </div>
  );
}
