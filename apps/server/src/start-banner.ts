import { canonicalPageRedirect } from './http/canonical-origin.ts';

export interface StartBannerInput {
  publicUrl: string;
  /** The address the server listens on (HOST) and its port. */
  host: string;
  port: number;
  database: string;
  demo: { email: string; password: string } | undefined;
  /** The local Frame.io sandbox, when no FRAMEIO_CLIENT_ID is set. */
  sandboxUrl: string | undefined;
  mail: string;
}

/**
 * What `npm start` prints. The address to open is PUBLIC_URL: sign-in cookies, links in mail and
 * the Frame.io callback all use it, so it is the one that works (another name of the same
 * machine loses the session on the way back from Frame.io; canonical-origin.ts). The sandbox's
 * reviewer UI lives under /ui/.
 */
export function startBanner(input: StartBannerInput): string {
  const listening = `http://${input.host.includes(':') ? `[${input.host}]` : input.host}:${input.port}`;
  const redirected = canonicalPageRedirect(input.publicUrl, `${listening.slice('http://'.length)}`, '/');
  const lines = [
    '',
    `  preroll is running: open ${input.publicUrl}`,
    redirected
      ? `    (PUBLIC_URL: sign-in and Frame.io return there; ${listening} redirects to it)`
      : '    (PUBLIC_URL: sign-in and Frame.io return there)',
    `  database: ${input.database}`,
    input.demo ? `  demo login: ${input.demo.email} / ${input.demo.password}` : '  demo data: off',
    input.sandboxUrl
      ? `  Frame.io: local sandbox at ${input.sandboxUrl} (no FRAMEIO_CLIENT_ID set)\n    reviewer UI (a client working in Frame.io): ${input.sandboxUrl}/ui/`
      : '  Frame.io: Adobe IMS + api.frame.io (FRAMEIO_CLIENT_ID is set)',
    `  mail: ${input.mail}`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}
