import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { OAuthClientRec } from '../state/state-types.ts';

/** Scopes are space- or comma-delimited (frameio-api-notes.md, "IMS authorize"). */
export function parseScope(raw: string | undefined): string[] {
  return (raw ?? '').split(/[\s,]+/).filter(Boolean);
}

export function oauthError(
  reply: FastifyReply,
  status: number,
  error: string,
  description: string,
): FastifyReply {
  return reply
    .code(status)
    .header('cache-control', 'no-store')
    .send({ error, error_description: description });
}

export function withParams(uri: string, params: Record<string, string | undefined>): string {
  const u = new URL(uri);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) u.searchParams.set(k, v);
  return u.toString();
}

export interface ClientAuth {
  client: OAuthClientRec | null;
  error: { status: number; code: string; description: string } | null;
}

/**
 * client_secret_basic or client_secret_post; public clients send only client_id
 * (frameio-api-notes.md, "IMS tokens and refresh").
 */
export function authenticateClient(
  rt: SandboxRuntime,
  req: FastifyRequest,
  p: Record<string, string | undefined>,
): ClientAuth {
  let id = p.client_id;
  let secret = p.client_secret;
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  if (basic?.[1]) {
    // RFC 6749 §2.3.1: client_id and secret are form-urlencoded before base64
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
    const i = decoded.indexOf(':');
    try {
      id = decodeURIComponent(i < 0 ? decoded : decoded.slice(0, i));
      secret = i < 0 ? undefined : decodeURIComponent(decoded.slice(i + 1));
    } catch {
      return {
        client: null,
        error: { status: 401, code: 'invalid_client', description: 'Malformed Basic credentials' },
      };
    }
  }
  const client = id ? rt.store.state.clients[id] : undefined;
  if (!client)
    return { client: null, error: { status: 401, code: 'invalid_client', description: 'Unknown client' } };
  if (client.client_secret !== null && client.client_secret !== secret) {
    return {
      client: null,
      error: { status: 401, code: 'invalid_client', description: 'Client authentication failed' },
    };
  }
  return { client, error: null };
}
