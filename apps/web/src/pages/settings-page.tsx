import { NavLink, useParams } from 'react-router';
import { useMe } from '../api/queries.ts';
import { NotificationSettings } from '../notifications/notification-settings.tsx';
import { WebhooksSettings } from '../webhooks/webhooks-settings.tsx';
import { AccountSettings } from './account-settings.tsx';
import { ApiKeysSettings } from './api-keys-settings.tsx';
import { IntegrationsSettings } from './integrations-settings.tsx';
import { NotFoundPage } from './not-found-page.tsx';
import { OutboxSettings } from './outbox-settings.tsx';
import { NewOrganizationForm } from './studio-layout.tsx';

const TABS = [
  { id: 'profile', label: 'Profile' },
  { id: 'notifications', label: 'Notifications' },
  { id: 'api-keys', label: 'API keys' },
  { id: 'integrations', label: 'Integrations' },
  // Endpoints are registered by admins and owners (the API says so too).
  { id: 'webhooks', label: 'Webhooks', adminOnly: true },
  // The dev outbox holds invitation and login links: admins and owners only (the API says so too).
  { id: 'outbox', label: 'Mail outbox', adminOnly: true },
];

export function SettingsPage() {
  const { tab = 'profile' } = useParams();
  const me = useMe();
  const isAdmin = me.data?.active_organization?.role !== 'member';
  const tabs = TABS.filter((t) => !('adminOnly' in t) || isAdmin);
  const body =
    tab === 'profile' ? (
      <ProfileSettings />
    ) : tab === 'notifications' ? (
      <NotificationSettings />
    ) : tab === 'api-keys' ? (
      <ApiKeysSettings />
    ) : tab === 'integrations' ? (
      <IntegrationsSettings />
    ) : tab === 'webhooks' ? (
      <WebhooksSettings />
    ) : tab === 'outbox' ? (
      <OutboxSettings />
    ) : null;
  if (!body) return <NotFoundPage />;
  return (
    <div className="page settings">
      <h1>Settings</h1>
      <div className="settings__layout">
        <nav className="sidenav" aria-label="Settings">
          {tabs.map((t) => (
            <NavLink key={t.id} to={`/settings/${t.id}`}>
              {t.label}
            </NavLink>
          ))}
        </nav>
        <div className="settings__body">{body}</div>
      </div>
    </div>
  );
}

function ProfileSettings() {
  const me = useMe();
  const m = me.data;
  if (!m) return null;
  return (
    <>
      <section className="panel" aria-labelledby="profile-h">
        <h2 id="profile-h">Profile</h2>
        <dl className="facts">
          <dt>Active organization</dt>
          <dd>
            {m.active_organization?.name ?? '—'}{' '}
            {m.active_organization ? (
              <span className="badge badge--muted">{m.active_organization.role}</span>
            ) : null}
          </dd>
        </dl>
      </section>
      <AccountSettings />
      <section className="panel" aria-labelledby="orgs-h">
        <h2 id="orgs-h">Organizations</h2>
        <ul className="list">
          {m.memberships.map((o) => (
            <li key={o.organization_id} className="list__row">
              <span>{o.organization_name}</span>
              <span className="badge badge--muted">{o.role}</span>
            </li>
          ))}
        </ul>
        <h3>New organization</h3>
        <NewOrganizationForm />
      </section>
    </>
  );
}
