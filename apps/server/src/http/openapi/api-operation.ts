import type { z } from 'zod';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';

/**
 * Who may call an operation, as the document's security requirements say it:
 * - `team`: a team session (cookie, plus `x-csrf-token` on writes) or a `Bearer pr_…` API key;
 * - `portal`: a client portal session (cookie, plus the CSRF header on writes);
 * - `anyone`: a team or portal session, or an API key;
 * - `public`: no credentials (sign-up, login, the document itself).
 */
export type ApiAccess = 'team' | 'portal' | 'anyone' | 'public';

/** What one status answers: a JSON body schema, another media type, or nothing (204). */
export type ApiResponse =
  | z.ZodType
  | { description: string; json?: z.ZodType; mediaType?: string; headers?: Record<string, string> };

/**
 * One `/api/v1` route's entry in the OpenAPI document. Adding a route means adding one of these
 * next to its neighbours (core: `http/openapi/operations/`, an integration: its own
 * `openapi.ts`); `apps/server/test/architecture/openapi-coverage.test.ts` fails while a route
 * registered in Fastify has no entry, or an entry has no route.
 *
 * `path` is written as Fastify registers it (`/api/v1/shows/:id`). `responses` lists every status
 * the route answers on success and the errors particular to it (409, 422, 502, …); the errors
 * every route may give are added by `document.ts` (400 bad input, 401/403 by access, 404 with a
 * path parameter, 413/415 with a body, 429, 500).
 */
export interface ApiOperation {
  method: HttpMethod;
  path: string;
  operationId: string;
  summary: string;
  tag: string;
  access: ApiAccess;
  params?: z.ZodType;
  query?: z.ZodType;
  /** A JSON request body (`mediaType` for anything else, e.g. marker files). */
  body?: z.ZodType;
  bodyMediaType?: string;
  /**
   * Statuses besides the shared errors. `null` means no body on a success status (204) and the
   * shared error envelope on an error status (`409: null`).
   */
  responses: Record<number, ApiResponse | null>;
  description?: string;
}
