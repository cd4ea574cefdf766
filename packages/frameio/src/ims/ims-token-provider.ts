import type { TokenProvider } from '../http/token-manager.ts';
import type { ImsClient, ImsTokenSet } from './ims-oauth.ts';

export interface ImsTokenProviderOptions {
  ims: ImsClient;
  /** Current tokens of the connection (decrypted by the caller). */
  load(): Promise<ImsTokenSet>;
  /** Persist the refreshed set (encrypt it) before it is used. */
  save(tokens: ImsTokenSet): Promise<void>;
  /**
   * Refresh proactively when less than this remains (~5 min, frameio-api-notes.md,
   * "Token expiry in the API").
   */
  refreshMarginMs?: number;
  now?: () => number;
}

/**
 * A TokenProvider over IMS refresh. The client already makes concurrent 401s share one refresh
 * within a process; refreshes across processes must be serialised by the caller's `load`/`save`
 * (e.g. a row lock), which is the server's concern, not this package's.
 */
export function createImsTokenProvider(options: ImsTokenProviderOptions): TokenProvider {
  const margin = options.refreshMarginMs ?? 5 * 60_000;
  const now = options.now ?? Date.now;
  let inflight: Promise<string> | null = null;

  const refresh = (): Promise<string> => {
    inflight ??= (async () => {
      try {
        const current = await options.load();
        if (!current.refreshToken) throw new Error('no refresh token stored for this connection');
        const next = await options.ims.refresh(current.refreshToken);
        await options.save(next);
        return next.accessToken;
      } finally {
        inflight = null;
      }
    })();
    return inflight;
  };

  return {
    async getAccessToken() {
      if (inflight) return inflight;
      const current = await options.load();
      if (current.expiresAt - now() < margin && current.refreshToken) return refresh();
      return current.accessToken;
    },
    refresh,
  };
}
