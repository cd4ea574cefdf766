import type { SecretRegistry } from './redact.ts';

/** Supplies the IMS access token for one connection. The server implements storage behind it. */
export interface TokenProvider {
  getAccessToken(): Promise<string>;
  /** Obtain a new access token (e.g. via the IMS refresh grant) and return it. */
  refresh(): Promise<string>;
}

export interface LeasedToken {
  token: string;
  /** Refresh generation the token belongs to; a 401 on an old generation needs no new refresh. */
  generation: number;
}

/**
 * Single-flight refresh: a 401 triggers one `refresh()`; every caller that got a 401 for the same
 * token generation, or asks for a token while it runs, awaits that same promise
 * (frameio-api-notes.md, "Token expiry in the API": refresh and retry once). Callers whose token
 * predates a finished refresh just take the new token.
 */
export class TokenManager {
  readonly #provider: TokenProvider;
  readonly #secrets: SecretRegistry;
  #generation = 0;
  #refreshing: Promise<LeasedToken> | null = null;
  #refreshedFrom: string | undefined;
  #latest: string | undefined;

  constructor(provider: TokenProvider, secrets: SecretRegistry) {
    this.#provider = provider;
    this.#secrets = secrets;
  }

  async lease(): Promise<LeasedToken> {
    if (this.#refreshing) return this.#refreshing;
    const generation = this.#generation;
    let token = await this.#provider.getAccessToken();
    // A provider that still hands out the token we just replaced would loop us into 401s.
    if (token === this.#refreshedFrom && this.#latest !== undefined) token = this.#latest;
    this.#secrets.add(token);
    return { token, generation };
  }

  /** Called after a 401 with the token that was rejected. */
  async refreshAfterUnauthorized(rejected: LeasedToken): Promise<LeasedToken> {
    if (this.#refreshing) return this.#refreshing;
    if (rejected.generation < this.#generation) return this.lease();
    this.#refreshedFrom = rejected.token;
    this.#refreshing = (async () => {
      try {
        const token = await this.#provider.refresh();
        this.#secrets.add(token);
        this.#latest = token;
        this.#generation += 1;
        return { token, generation: this.#generation };
      } finally {
        this.#refreshing = null;
      }
    })();
    return this.#refreshing;
  }
}
