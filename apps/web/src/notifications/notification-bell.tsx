import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link } from 'react-router';
import { getData, post, request } from '../api/api-client.ts';
import { formatDateTime } from '../lib/format.ts';

interface InboxItem {
  id: string;
  kind: string;
  title: string;
  excerpt: string | null;
  link_path: string;
  read: boolean;
  created_at: string;
}

interface InboxPage {
  data: InboxItem[];
  next_cursor: string | null;
  unread: number;
}

/** The top bar's bell: unread count (refreshed live over the event stream), the inbox, mark read. */
export function NotificationBell() {
  const qc = useQueryClient();
  const [open, setOpen] = useState(false);
  const count = useQuery({
    queryKey: ['notifications', 'count'],
    queryFn: () => getData<{ unread: number }>('/notifications/unread-count'),
  });
  const inbox = useQuery({
    queryKey: ['notifications', 'inbox'],
    queryFn: () => request<InboxPage>('GET', '/notifications?limit=20'),
    enabled: open,
  });
  const refresh = () => void qc.invalidateQueries({ queryKey: ['notifications'] });
  const markRead = useMutation({
    mutationFn: (id: string) => post(`/notifications/${id}/read`),
    onSuccess: refresh,
  });
  const markAll = useMutation({ mutationFn: () => post('/notifications/read-all'), onSuccess: refresh });
  const unread = count.data?.unread ?? 0;
  return (
    <div className="bell">
      <button
        type="button"
        className="btn btn--ghost btn--small"
        aria-label={`Notifications, ${unread} unread`}
        aria-expanded={open}
        onClick={() => setOpen((v) => !v)}
      >
        🔔
        {unread > 0 ? (
          <span className="badge" data-testid="unread-count">
            {unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <div className="bell__panel panel" role="dialog" aria-label="Notifications">
          <div className="bell__header">
            <strong>Notifications</strong>
            <button
              type="button"
              className="btn btn--small btn--ghost"
              onClick={() => markAll.mutate()}
              disabled={unread === 0}
            >
              Mark all read
            </button>
          </div>
          {inbox.data?.data.length === 0 ? <p className="muted">Nothing yet.</p> : null}
          <ul className="list" aria-label="Inbox">
            {(inbox.data?.data ?? []).map((n) => (
              <li key={n.id} className={`list__row${n.read ? '' : ' bell__unread'}`}>
                <Link
                  to={n.link_path}
                  onClick={() => {
                    if (!n.read) markRead.mutate(n.id);
                    setOpen(false);
                  }}
                >
                  {n.title}
                </Link>
                {n.excerpt ? <q className="muted small">{n.excerpt}</q> : null}
                <time className="muted small" dateTime={n.created_at}>
                  {formatDateTime(n.created_at)}
                </time>
              </li>
            ))}
          </ul>
          <Link to="/settings/notifications" onClick={() => setOpen(false)} className="small">
            Notification settings
          </Link>
        </div>
      ) : null}
    </div>
  );
}
