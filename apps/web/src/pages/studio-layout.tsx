import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Navigate, NavLink, Outlet, useLocation, useNavigate } from 'react-router';
import { post } from '../api/api-client.ts';
import { useMe } from '../api/queries.ts';
import type { Me } from '../api/types.ts';
import { ErrorNotice, Field, FormError, Spinner } from '../components/form-controls.tsx';
import { FrameioReconnectBanner } from '../frameio/reconnect-banner.tsx';
import { text } from '../lib/format.ts';
import { useLiveEvents } from '../lib/live-events.ts';
import { NotificationBell } from '../notifications/notification-bell.tsx';

/** The studio frame: top bar with navigation, organization switcher and the user's menu. */
export function StudioLayout() {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <Spinner label="Loading preroll" />;
  if (me.isError) return <ErrorNotice error={me.error} onRetry={() => void me.refetch()} />;
  if (!me.data)
    return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <SignedIn me={me.data} />;
}

function SignedIn({ me }: { me: Me }) {
  useLiveEvents(Boolean(me.active_organization));
  return (
    <div className="app">
      <header className="topbar">
        <NavLink to="/clients" className="brand" aria-label="preroll home">
          <span className="brand__mark" aria-hidden="true">
            ▶
          </span>{' '}
          preroll
        </NavLink>
        <nav className="topnav" aria-label="Main">
          <NavLink to="/clients">Clients</NavLink>
          <NavLink to="/team">Team</NavLink>
          <NavLink to="/settings/profile">Settings</NavLink>
        </nav>
        <div className="topbar__spacer" />
        {me.active_organization ? <NotificationBell /> : null}
        <OrgSwitcher me={me} />
        <UserMenu me={me} />
      </header>
      {me.active_organization ? (
        <FrameioReconnectBanner isAdmin={me.active_organization.role !== 'member'} />
      ) : null}
      <main className="main">{me.active_organization ? <Outlet /> : <NoOrganization />}</main>
    </div>
  );
}

function OrgSwitcher({ me }: { me: Me }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const switchOrg = useMutation({
    mutationFn: (organization_id: string) => post('/me/active-organization', { organization_id }),
    onSuccess: async () => {
      // Everything cached belongs to the previous organization: drop it and refetch what is on
      // screen (clear() would also detach the mounted observers, which would then never refetch).
      navigate('/clients');
      await qc.resetQueries();
    },
  });
  if (me.memberships.length === 0) return null;
  return (
    <div className="org-switcher">
      <label htmlFor="org-switcher" className="sr-only">
        Organization
      </label>
      <select
        id="org-switcher"
        value={me.active_organization?.id ?? ''}
        disabled={switchOrg.isPending}
        onChange={(e) => switchOrg.mutate(e.target.value)}
      >
        {me.memberships.map((m) => (
          <option key={m.organization_id} value={m.organization_id}>
            {m.organization_name} ({m.role})
          </option>
        ))}
      </select>
      {switchOrg.error ? <ErrorNotice error={switchOrg.error} /> : null}
    </div>
  );
}

function UserMenu({ me }: { me: Me }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const logout = useMutation({
    mutationFn: () => post('/auth/logout'),
    onSuccess: () => {
      qc.clear();
      navigate('/login');
    },
  });
  return (
    <div className="user-menu">
      <span className="user-menu__name" title={me.user.email}>
        {me.user.name}
      </span>
      <button
        type="button"
        className="btn btn--ghost btn--small"
        onClick={() => logout.mutate()}
        disabled={logout.isPending}
      >
        Log out
      </button>
      {logout.error ? <ErrorNotice error={logout.error} /> : null}
    </div>
  );
}

export function NewOrganizationForm({ onDone }: { onDone?: () => void }) {
  const qc = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: async (name: string) => {
      const org = await post<{ id: string }>('/organizations', { name });
      return org;
    },
    onSuccess: async () => {
      // The server makes the new organization the active one for this session.
      navigate('/clients');
      await qc.resetQueries();
      onDone?.();
    },
  });
  return (
    <form
      noValidate
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate(text(new FormData(e.currentTarget).get('name')));
      }}
    >
      <FormError error={create.error} fields={['name']} />
      <Field label="Organization name" name="name" error={create.error}>
        {(p) => <input {...p} required />}
      </Field>
      <button type="submit" className="btn btn--primary" disabled={create.isPending}>
        Create organization
      </button>
    </form>
  );
}

function NoOrganization() {
  const [open] = useState(true);
  return (
    <div className="page page--narrow">
      <h1>No organization yet</h1>
      <p className="muted">You are not a member of any organization. Create one to start.</p>
      {open ? <NewOrganizationForm /> : null}
    </div>
  );
}
