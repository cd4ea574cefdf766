import { useMutation, useQueryClient } from '@tanstack/react-query';
import { NavLink, Outlet, useNavigate } from 'react-router';
import { post } from '../api/api-client.ts';
import { usePortalMe } from '../api/queries.ts';
import { ErrorNotice, Spinner } from '../components/form-controls.tsx';
import { useLiveEvents } from '../lib/live-events.ts';
import { AuthShell } from '../pages/auth-shell.tsx';

/** The client portal frame: the client's name, their shows, and log out. No studio navigation. */
export function PortalLayout() {
  const me = usePortalMe();
  const qc = useQueryClient();
  const navigate = useNavigate();
  useLiveEvents(Boolean(me.data));
  const logout = useMutation({
    mutationFn: () => post('/auth/logout'),
    onSuccess: () => {
      qc.clear();
      navigate('/portal/login');
    },
  });
  if (me.isPending) return <Spinner label="Loading" />;
  if (me.isError) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data) {
    return (
      <AuthShell title="Client review">
        <p className="muted">
          Your login link has expired or was already used. Ask your producer for a new one.
        </p>
      </AuthShell>
    );
  }
  return (
    <div className="app app--portal">
      <header className="topbar">
        <NavLink to="/portal" className="brand" aria-label="Portal home" end>
          <span className="brand__mark" aria-hidden="true">
            ▶
          </span>{' '}
          preroll <span className="muted">review</span>
        </NavLink>
        <span className="topbar__client">{me.data.client.name}</span>
        <div className="topbar__spacer" />
        <span className="user-menu__name">{me.data.user.name}</span>
        <button type="button" className="btn btn--ghost btn--small" onClick={() => logout.mutate()}>
          Log out
        </button>
      </header>
      <main className="main">
        <Outlet />
      </main>
    </div>
  );
}
