import { conflict } from '../../../lib/errors.ts';

/**
 * IMS returns to PUBLIC_URL, and the state's cookie belongs to the host the browser is on: begun
 * on another host name (127.0.0.1 for localhost, a LAN address for a name), the callback could
 * only fail with state_mismatch. Refused before anything is stored, saying where to go instead.
 */
export function refuseForeignHost(publicUrl: string, browserOrigin: string | undefined): void {
  if (!browserOrigin) return;
  let from: URL;
  try {
    from = new URL(browserOrigin);
  } catch {
    return;
  }
  const to = new URL(publicUrl);
  if (from.hostname.toLowerCase() === to.hostname.toLowerCase()) return;
  throw conflict(
    'frameio_wrong_origin',
    `Open preroll at ${to.origin} to connect Frame.io: the sign-in returns there, and this browser is on ${from.origin}.`,
    { public_url: to.origin },
  );
}
