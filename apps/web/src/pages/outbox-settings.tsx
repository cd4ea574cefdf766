import { useQuery } from '@tanstack/react-query';
import { getData } from '../api/api-client.ts';
import type { OutboxMail } from '../api/types.ts';
import { EmptyState, ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { formatDateTime } from '../lib/format.ts';

/**
 * Without SMTP, invitations and client login links are kept here instead of being mailed, so a
 * producer can copy them. The endpoint answers 404 once SMTP is configured.
 */
export function OutboxSettings() {
  const mails = useQuery({
    queryKey: ['outbox'],
    queryFn: () => getData<OutboxMail[]>('/dev/outbox'),
    refetchInterval: 5000,
  });
  return (
    <section className="panel" aria-labelledby="outbox-h">
      <h2 id="outbox-h">Mail outbox</h2>
      <p className="muted small">Mail the server would have sent (no SMTP configured). Newest first.</p>
      {mails.isPending ? (
        <Spinner />
      ) : mails.isError ? (
        <ErrorNotice error={mails.error} />
      ) : mails.data.length === 0 ? (
        <EmptyState>No mail yet.</EmptyState>
      ) : (
        <ol className="mails">
          {mails.data.map((m) => (
            <li key={m.id} className="mail">
              <div className="mail__head">
                <strong>{m.subject}</strong>
                <span className="muted small">
                  to {m.to_address} · {formatDateTime(m.created_at)}
                </span>
              </div>
              <pre className="mail__body">{m.body_text}</pre>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
