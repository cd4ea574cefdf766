/** (choice) authorization codes live 5 minutes and work once (RFC 6749 §4.1.2). */
export const CODE_TTL_MS = 5 * 60_000;
export const REQUEST_TTL_MS = 30 * 60_000;

export interface AuthRequest {
  id: string;
  client_id: string;
  redirect_uri: string;
  redirect_uri_given: boolean;
  scope: string[];
  state: string | undefined;
  nonce: string | undefined;
  challenge: string | undefined;
  method: 'S256' | 'plain';
  expires_at: number;
}

export interface AuthCode extends AuthRequest {
  code: string;
  user_id: string;
  used: boolean;
  grant_id: string;
}

/** Pending consent requests and issued codes; in memory only (a restart simply restarts sign-in). */
export interface AuthFlowStore {
  requests: Map<string, AuthRequest>;
  codes: Map<string, AuthCode>;
}

export function createAuthFlowStore(): AuthFlowStore {
  return { requests: new Map(), codes: new Map() };
}
