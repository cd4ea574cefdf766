import { type Sandbox, startSandbox } from '../../src/index.ts';
import { ApiClient } from '../helpers/api-client.ts';

/**
 * The one sandbox every conformance spec talks to, and the ids they use. Exported as live bindings:
 * they are set when conformance.test.ts's beforeAll starts the sandbox, before any spec runs.
 */
export let sb: Sandbox;
export let api: ApiClient;
export let acc: string;
export let ws: string;
export const NOPE = '00000000-0000-4000-8000-000000000000';

export async function startConformanceSandbox(): Promise<void> {
  sb = await startSandbox({ port: 0, transcodeDelayMs: 10 });
  acc = sb.seed.accountId;
  ws = sb.seed.workspaceId;
  api = new ApiClient(sb.url, sb.control.mintTokens({ client_id: 'preroll-local' }).access_token);
}

export async function stopConformanceSandbox(): Promise<void> {
  await sb.close();
}
