import { Link, useLocation } from 'react-router';
import { useFrameioCard } from './frameio-queries.ts';

/** A message as a sentence: the stored reason may lack its full stop. */
function asSentence(text: string): string {
  const t = text.trim();
  return /[.!?…]$/.test(t) ? t : `${t}.`;
}

/**
 * Across the studio, for owners and admins: Frame.io needs a reconnect (IMS refused the refresh
 * token). Frame.io work is parked, not lost, until someone reconnects, so say how much is waiting.
 * Not on Settings → Integrations, whose card says the same next to its Reconnect button.
 */
export function FrameioReconnectBanner({ isAdmin }: { isAdmin: boolean }) {
  const card = useFrameioCard(isAdmin);
  const location = useLocation();
  if (!isAdmin || card.data?.status !== 'needs_reconnect' || !card.data.can_manage) return null;
  if (location.pathname === '/settings/integrations') return null;
  const waiting = card.data.waiting_jobs;
  return (
    <div className="banner banner--warn" role="alert" aria-label="Frame.io needs a reconnect">
      <strong>Frame.io needs a reconnect.</strong>{' '}
      <span>
        {card.data.last_error ? `${asSentence(card.data.last_error)} ` : ''}
        {waiting > 0
          ? `${waiting} Frame.io ${waiting === 1 ? 'job is' : 'jobs are'} waiting and will resume after reconnecting.`
          : 'Frame.io work waits until then.'}
      </span>{' '}
      <Link to="/settings/integrations">Reconnect Frame.io</Link>
    </div>
  );
}
