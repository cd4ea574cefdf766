import { createFrameioClient, type FrameioClientOptions, type TokenProvider } from '../../src/index.ts';
import { type ScriptedFetch, type Step, scriptedFetch } from './scripted-fetch.ts';
import { VirtualClock } from './virtual-clock.ts';

export const TOKEN = 'tok_live_9f8e7d6c5b4a39281706f5e4d3c2b1a0';
export const REFRESHED = 'tok_refreshed_0a1b2c3d4e5f60718293a4b5c6d7e8f9';

export interface CountingTokenProvider extends TokenProvider {
  refreshCalls: number;
  current: string;
}

export function tokenProvider(
  initial = TOKEN,
  next: () => Promise<string> = async () => REFRESHED,
): CountingTokenProvider {
  const provider: CountingTokenProvider = {
    refreshCalls: 0,
    current: initial,
    async getAccessToken() {
      return provider.current;
    },
    async refresh() {
      provider.refreshCalls += 1;
      provider.current = await next();
      return provider.current;
    },
  };
  return provider;
}

export interface TestClient {
  client: ReturnType<typeof createFrameioClient>;
  transport: ScriptedFetch;
  clock: VirtualClock;
  tokens: CountingTokenProvider;
}

/** A client over a scripted transport and a virtual clock; `random` is fixed at 0.5 unless given. */
export function testClient(
  steps: Step[],
  options: Partial<FrameioClientOptions> & { fallback?: Step; tokens?: CountingTokenProvider } = {},
): TestClient {
  const { fallback, tokens = tokenProvider(), ...rest } = options;
  const transport = scriptedFetch(steps, fallback);
  const clock = new VirtualClock();
  const client = createFrameioClient({
    tokenProvider: tokens,
    fetch: transport.fetch,
    baseUrl: 'https://api.test',
    clock,
    random: () => 0.5,
    timeoutMs: 0,
    ...rest,
  });
  return { client, transport, clock, tokens };
}
