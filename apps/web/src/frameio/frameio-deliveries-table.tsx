import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getData, post } from '../api/api-client.ts';
import { EmptyState, ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';
import { FRAMEIO_DELIVERIES_KEY, type FrameioDelivery } from './frameio-sync-types.ts';

const PROCESSING_TONE: Record<string, string> = {
  queued: 'info',
  processed: 'ok',
  ignored: 'muted',
  failed: 'bad',
};

/** Recent deliveries (admins): what Frame.io sent, how it was processed, and Replay for failures. */
export function FrameioDeliveriesTable() {
  const qc = useQueryClient();
  const deliveries = useQuery({
    queryKey: FRAMEIO_DELIVERIES_KEY,
    queryFn: () => getData<FrameioDelivery[]>('/integrations/frameio/deliveries', { limit: 20 }),
    // Queued rows turn processed/failed in the worker: re-read while any is waiting.
    refetchInterval: (q) => (q.state.data?.some((d) => d.processing === 'queued') ? 3000 : false),
  });
  const replay = useMutation({
    mutationFn: (id: string) => post<FrameioDelivery>(`/integrations/frameio/deliveries/${id}/replay`),
    onSettled: () => void qc.invalidateQueries({ queryKey: FRAMEIO_DELIVERIES_KEY }),
  });

  return (
    <section className="frameio-sync__section" aria-labelledby="frameio-deliveries-h">
      <div className="frameio-sync__row">
        <h4 id="frameio-deliveries-h">Recent deliveries</h4>
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
        <Spinner label="Loading deliveries" />
      ) : deliveries.isError ? (
        <ErrorNotice error={deliveries.error} onRetry={() => void deliveries.refetch()} />
      ) : deliveries.data.length === 0 ? (
        <EmptyState>
          No webhook deliveries yet. Rejected deliveries (bad signature, stale timestamp) are not stored: see
          the server log.
        </EmptyState>
      ) : (
        <table className="table table--compact" aria-label="Recent Frame.io deliveries">
          <thead>
            <tr>
              <th scope="col">Time</th>
              <th scope="col">Event</th>
              <th scope="col">Signature</th>
              <th scope="col">Processing</th>
              <th scope="col">Error</th>
              <th scope="col">Attempts</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {deliveries.data.map((d) => (
              <tr key={d.id} data-delivery-id={d.id}>
                <td>
                  <time dateTime={d.received_at}>{formatDateTime(d.received_at)}</time>
                </td>
                <td>
                  <code>{d.event}</code>
                </td>
                <td>
                  <span className={`badge badge--${d.signature === 'valid' ? 'ok' : 'bad'}`}>
                    {d.signature}
                  </span>
                </td>
                <td>
                  <span className={`badge badge--${PROCESSING_TONE[d.processing] ?? 'muted'}`}>
                    {d.processing}
                  </span>
                </td>
                <td className="small">{d.error ?? <span className="muted">—</span>}</td>
                <td>{d.attempts}</td>
                <td className="table__actions">
                  {d.processing === 'failed' ? (
                    <button
                      type="button"
                      className="btn btn--small"
                      aria-label={`Replay ${d.event} delivery from ${formatDateTime(d.received_at)}`}
                      disabled={replay.isPending && replay.variables === d.id}
                      onClick={() => replay.mutate(d.id)}
                    >
                      Replay
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
