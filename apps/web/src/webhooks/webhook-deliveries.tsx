import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getPage, post } from '../api/api-client.ts';
import { EmptyState, ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';
import { deliveriesKey, type WebhookDelivery } from './webhook-types.ts';

const TONE: Record<WebhookDelivery['status'], string> = { pending: 'info', delivered: 'ok', failed: 'bad' };

/** An endpoint's delivery log: each event, its response codes attempt by attempt, and Replay. */
export function WebhookDeliveries({ endpointId }: { endpointId: string }) {
  const qc = useQueryClient();
  const deliveries = useQuery({
    queryKey: deliveriesKey(endpointId),
    queryFn: () => getPage<WebhookDelivery>(`/webhook-endpoints/${endpointId}/deliveries`, { limit: 20 }),
    // Pending rows turn delivered or failed in the worker: re-read while any is waiting.
    refetchInterval: (q) => (q.state.data?.data.some((d) => d.status === 'pending') ? 2000 : false),
  });
  const replay = useMutation({
    mutationFn: (id: string) => post<WebhookDelivery>(`/webhook-deliveries/${id}/replay`),
    onSettled: () => void qc.invalidateQueries({ queryKey: deliveriesKey(endpointId) }),
  });
  const rows = deliveries.data?.data ?? [];
  return (
    <section className="webhook-deliveries" aria-label="Delivery log">
      <div className="webhook-deliveries__head">
        <h4>Delivery log</h4>
        <button
          type="button"
          className="btn btn--small"
          disabled={deliveries.isFetching}
          onClick={() => void deliveries.refetch()}
        >
          Refresh
        </button>
      </div>
      <ErrorNotice error={replay.error} />
      {deliveries.isPending ? (
        <Spinner />
      ) : deliveries.isError ? (
        <ErrorNotice error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : rows.length === 0 ? (
        <EmptyState>Nothing sent yet.</EmptyState>
      ) : (
        <table className="table table--compact">
          <thead>
            <tr>
              <th>Event</th>
              <th>Status</th>
              <th>Responses</th>
              <th>Created</th>
              <th>
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} data-delivery-id={d.id}>
                <td>
                  <code>{d.event_type}</code>
                </td>
                <td>
                  <span className={`badge badge--${TONE[d.status]}`}>{d.status}</span>
                  {d.status === 'pending' && d.next_attempt_at ? (
                    <div className="muted small">next try {formatDateTime(d.next_attempt_at)}</div>
                  ) : null}
                </td>
                <td>
                  <details>
                    <summary aria-label={`Attempts of ${d.event_type}`}>
                      {d.attempt_log.length === 0
                        ? '—'
                        : d.attempt_log.map((a) => a.status_code ?? 'no answer').join(', ')}
                    </summary>
                    <ol className="webhook-deliveries__attempts">
                      {d.attempt_log.map((a) => (
                        <li key={a.attempted_at + a.trigger}>
                          {formatDateTime(a.attempted_at)} · {a.trigger} ·{' '}
                          {a.status_code !== null ? `HTTP ${a.status_code}` : a.error} · {a.duration_ms} ms
                          {a.response_excerpt ? (
                            <pre className="webhook-deliveries__body">{a.response_excerpt}</pre>
                          ) : null}
                        </li>
                      ))}
                    </ol>
                  </details>
                  {d.last_error ? <div className="muted small">{d.last_error}</div> : null}
                </td>
                <td className="muted">{formatDateTime(d.created_at)}</td>
                <td className="table__actions">
                  {d.status === 'pending' ? null : (
                    <button
                      type="button"
                      className="btn btn--small"
                      aria-label={`Replay ${d.event_type}`}
                      disabled={replay.isPending}
                      onClick={() => replay.mutate(d.id)}
                    >
                      Replay
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
