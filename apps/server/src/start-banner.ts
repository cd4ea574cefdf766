import { canonicalPageRedirect } from './http/canonical-origin.ts';
import type { FrameioDemoOutcome } from './integrations/frameio/index.ts';
import type { DemoStudio } from './seed/demo-seed.ts';

export interface StartBannerInput {
  publicUrl: string;
  /** The address the server listens on (HOST) and its port. */
  host: string;
  port: number;
  database: string;
  demo: Pick<DemoStudio, 'logins' | 'portalLink' | 'media'> | undefined;
  /** What the demo's Frame.io step did on this start (only the start that built the demo has one). */
  frameioDemo?: FrameioDemoOutcome | undefined;
  /** The local Frame.io sandbox, when no FRAMEIO_CLIENT_ID is set. */
  sandboxUrl: string | undefined;
  mail: string;
}

/**
 * What `npm start` prints, kept short: where to open, the demo logins and the client's portal
 * link, the sandbox's reviewer UI, where mail goes. The address to open is PUBLIC_URL: sign-in
 * cookies, links in mail and the Frame.io callback all use it, so it is the one that works
 * (another name of the same machine loses the session on the way back from Frame.io;
 * canonical-origin.ts). The sandbox's reviewer UI lives under /ui/.
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
    ...demoLines(input.demo),
    ...frameioLines(input),
    `  mail: ${input.mail}`,
    '',
  ];
  return `${lines.join('\n')}\n`;
}

function demoLines(demo: StartBannerInput['demo']): string[] {
  if (!demo) return ['  demo data: off'];
  const lines = demo.logins.map((l) => `  demo login (${l.role}): ${l.email} / ${l.password}`);
  if (demo.portalLink)
    lines.push(`  client portal (Northwind's Nora; works once, 15 minutes): ${demo.portalLink.url}`);
  if (demo.media?.kind === 'none') lines.push(`  demo media: none (${demo.media.detail}); set FFMPEG_PATH`);
  else if (demo.media && !demo.media.textBurnedIn)
    lines.push('  demo media: made without burned-in timecode (no drawtext filter or font in this ffmpeg)');
  return lines;
}

function frameioLines(input: StartBannerInput): string[] {
  if (!input.sandboxUrl) return ['  Frame.io: Adobe IMS + api.frame.io (FRAMEIO_CLIENT_ID is set)'];
  const lines = [
    `  Frame.io: local sandbox at ${input.sandboxUrl} (no FRAMEIO_CLIENT_ID set)`,
    `    reviewer UI (a client working in Frame.io): ${input.sandboxUrl}/ui/`,
  ];
  const outcome = input.frameioDemo;
  if (outcome?.kind === 'failed') lines.push(`    demo connection: not in motion (${outcome.detail})`);
  else if (outcome?.kind === 'in_motion' && !outcome.syncedComment)
    lines.push("    demo connection: the reviewer's comment had not synced back yet");
  return lines;
}
