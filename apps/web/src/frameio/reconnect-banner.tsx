import { Link, useLocation } from 'react-router';
import { useFrameioCard } from './frameio-queries.ts';

/**
 * Across the studio, for owners and admins: Frame.io needs a reconnect (IMS refused the refresh
 * token). Frame.io work is parked, not lost, until someone reconnects, so say how much is waiting.
 */
export function FrameioReconnectBanner({ isAdmin }: { isAdmin: boolean }) {
  const card = useFrameioCard(isAdmin);
  const location = useLocation();
  if (!isAdmin || card.data?.status !== 'needs_reconnect' || !card.data.can_manage) return null;
  const waiting = card.data.waiting_jobs;
  const onCard = location.pathname === '/settings/integrations';
  return (
    <div className="banner banner--warn" role="alert" aria-label="Frame.io needs a reconnect">
      <strong>Frame.io needs a reconnect.</strong>{' '}
      <span>
        {card.data.last_error ?? 'The Frame.io sign-in expired or was revoked.'}{' '}
        {waiting > 0
          ? `${waiting} Frame.io ${waiting === 1 ? 'job is' : 'jobs are'} waiting and will resume after reconnecting.`
          : 'Frame.io work waits until then.'}
      </span>{' '}
      {onCard ? null : <Link to="/settings/integrations">Reconnect Frame.io</Link>}
    </div>
  );
}
