/**
 * Cookies belong to a host name, not to an address: a session or a Frame.io sign-in begun on
 * http://127.0.0.1:3000 is unknown on http://localhost:3000, where PUBLIC_URL sends every link and
 * the OAuth callback. So a page request that reached preroll under another loopback name of
 * PUBLIC_URL's own port is sent to PUBLIC_URL before anything starts there.
 *
 * Only loopback names, on both sides: behind a reverse proxy the Host header may be the proxy's
 * upstream address (nginx sends that by default), and redirecting on it would loop forever.
 */
const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

function hostAndPort(url: URL): { host: string; port: string } {
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  return { host: url.hostname.toLowerCase(), port };
}

/** Where to send a page request for `path` that arrived with this Host header; undefined: serve it. */
export function canonicalPageRedirect(
  publicUrl: string,
  hostHeader: string | undefined,
  path: string,
): string | undefined {
  if (!hostHeader) return undefined;
  let requested: URL;
  let canonical: URL;
  try {
    requested = new URL(`http://${hostHeader}`);
    canonical = new URL(publicUrl);
  } catch {
    return undefined;
  }
  const from = hostAndPort(requested);
  const to = hostAndPort(canonical);
  if (from.host === to.host || from.port !== to.port) return undefined;
  if (!LOOPBACK.test(from.host) || !LOOPBACK.test(to.host)) return undefined;
  return `${canonical.origin}${path.startsWith('/') ? path : `/${path}`}`;
}
