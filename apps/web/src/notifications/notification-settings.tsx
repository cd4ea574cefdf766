import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { getData, request } from '../api/api-client.ts';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';

const KINDS: Array<[string, string]> = [
  ['client_decision', 'A client approves or requests changes'],
  ['client_comment', 'A client comments or replies'],
  ['frameio_activity', 'A Frame.io reviewer comments or changes a status'],
  ['reply', 'Someone replies in a thread you wrote in'],
  ['mention', 'Someone @mentions you'],
  ['failure', 'An upload or Send to Frame.io fails'],
];
const MODES: Array<[string, string]> = [
  ['immediately', 'Immediately'],
  ['hourly', 'Hourly digest'],
  ['daily', 'Daily digest'],
  ['off', 'Off'],
];

/** Settings → Notifications: per kind, when to email (the inbox always lists everything). */
export function NotificationSettings() {
  const qc = useQueryClient();
  const prefs = useQuery({
    queryKey: ['notifications', 'preferences'],
    queryFn: () => getData<Record<string, string>>('/notifications/preferences'),
  });
  const save = useMutation({
    mutationFn: (body: Record<string, string>) => request('PUT', '/notifications/preferences', body),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['notifications', 'preferences'] }),
  });
  if (prefs.isPending) return <Spinner />;
  if (prefs.isError) return <ErrorNotice error={prefs.error} />;
  return (
    <section className="panel" aria-labelledby="notif-h">
      <h2 id="notif-h">Email notifications</h2>
      <p className="muted small">Many events on one deliverable within a few minutes arrive as one email.</p>
      <ErrorNotice error={save.error} />
      {KINDS.map(([kind, label]) => (
        <div key={kind} className="field">
          <label htmlFor={`pref-${kind}`}>{label}</label>
          <select
            id={`pref-${kind}`}
            value={prefs.data[kind] ?? 'immediately'}
            onChange={(e) => save.mutate({ [kind]: e.target.value })}
          >
            {MODES.map(([mode, text]) => (
              <option key={mode} value={mode}>
                {text}
              </option>
            ))}
          </select>
        </div>
      ))}
    </section>
  );
}

/** Watch or stop watching a client, show or deliverable (its events reach you). */
export function WatchToggle({
  subject,
  id,
  label,
}: {
  subject: 'client' | 'show' | 'deliverable';
  id: string;
  label: string;
}) {
  const qc = useQueryClient();
  const key = ['notifications', 'watch', subject, id];
  const state = useQuery({
    queryKey: key,
    queryFn: () => getData<{ watching: boolean }>(`/${subject}s/${id}/watch`),
  });
  const set = useMutation({
    mutationFn: (watching: boolean) => request('PUT', `/${subject}s/${id}/watch`, { watching }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: key }),
  });
  const watching = state.data?.watching ?? false;
  return (
    <button
      type="button"
      className="btn btn--small btn--ghost"
      aria-pressed={watching}
      aria-label={`${watching ? 'Stop watching' : 'Watch'} ${label}`}
      disabled={state.isPending || set.isPending}
      onClick={() => set.mutate(!watching)}
    >
      {watching ? 'Watching' : 'Watch'}
    </button>
  );
}
