import { startSandbox } from './index.ts';
import type { RateLimitMode } from './sandbox-types.ts';

/**
 * `npm run sandbox`: SANDBOX_PORT (default 4010), SANDBOX_HOST (127.0.0.1), SANDBOX_CONTROL=off,
 * SANDBOX_STATE (JSON state file), SANDBOX_PUBLIC_URL, SANDBOX_RATE_LIMIT (off|realistic|strict,
 * default realistic), SANDBOX_DATA_DIR, SANDBOX_FFPROBE (ffprobe executable, default on PATH).
 */
const env = process.env;
const mode = (env.SANDBOX_RATE_LIMIT ?? 'realistic') as RateLimitMode;
if (!['off', 'realistic', 'strict'].includes(mode)) {
  console.error('SANDBOX_RATE_LIMIT must be off, realistic or strict');
  process.exit(1);
}

const sb = await startSandbox({
  port: Number(env.SANDBOX_PORT ?? 4010),
  host: env.SANDBOX_HOST ?? '127.0.0.1',
  publicUrl: env.SANDBOX_PUBLIC_URL,
  dataDir: env.SANDBOX_DATA_DIR,
  statePath: env.SANDBOX_STATE,
  control: env.SANDBOX_CONTROL !== 'off',
  rateLimitMode: mode,
  ffprobePath: env.SANDBOX_FFPROBE,
});

const client = sb.seed.clients[0];
const lines = [
  'Frame.io sandbox (local emulator of Frame.io V4 + Adobe IMS)',
  `  API          ${sb.url}/v4`,
  `  IMS          ${sb.imsUrl}  (discovery: ${sb.imsUrl}/.well-known/openid-configuration)`,
  `  Reviewer UI  ${sb.url}/ui/`,
  `  Control API  ${env.SANDBOX_CONTROL === 'off' ? 'off (SANDBOX_CONTROL=off)' : `${sb.url}/_sandbox`}`,
  `  State file   ${env.SANDBOX_STATE ?? '(in memory)'}`,
  `  Rate limits  ${mode}`,
  '',
  'Demo credentials',
  `  FRAMEIO_CLIENT_ID=${client?.client_id ?? ''}`,
  `  FRAMEIO_CLIENT_SECRET=${client?.client_secret ?? ''}`,
  `  redirect URIs: ${client?.redirect_uris.join(', ') ?? ''}`,
  `  users: ${sb.seed.users.map((u) => `${u.name} <${u.email}> (${u.id})`).join(', ')}`,
  `  account ${sb.seed.accountId}, workspace ${sb.seed.workspaceId}`,
];
console.log(lines.join('\n'));

const stop = async (): Promise<void> => {
  await sb.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
