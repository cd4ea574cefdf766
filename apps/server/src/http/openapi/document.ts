import { errorEnvelope } from '@preroll/contracts/responses/envelope';
import { z } from 'zod';
import type { ApiAccess, ApiOperation, ApiResponse } from './api-operation.ts';

/** JSON Schema as it appears in the document (zod's draft 2020-12 output, which OpenAPI 3.1 uses). */
type JsonSchema = Record<string, unknown>;

const ERROR_REF = { $ref: '#/components/schemas/Error' };
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `/api/v1/shows/:id` → `/api/v1/shows/{id}` (OpenAPI's template syntax). */
export function openApiPath(fastifyPath: string): string {
  return fastifyPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function jsonSchema(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  // `unrepresentable: 'any'`: a refinement (the NUL rule) or a transform has no JSON Schema
  // form; the document then says what the base type is, and the server still enforces the rest.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io,
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
}

function security(access: ApiAccess, method: string): Array<Record<string, string[]>> {
  const session: Record<string, string[]> = UNSAFE.has(method)
    ? { sessionCookie: [], csrfHeader: [] }
    : { sessionCookie: [] };
  if (access === 'public') return [];
  if (access === 'portal') return [session];
  return [session, { apiKey: [] }];
}

/** The errors any route may answer, by what it takes and who may call it (docs/api.md, "Errors"). */
function sharedErrors(op: ApiOperation): number[] {
  const statuses = [400, 429, 500];
  if (op.access !== 'public') statuses.push(401);
  if (op.access !== 'public' || UNSAFE.has(op.method)) statuses.push(403);
  if (op.path.includes(':')) statuses.push(404);
  if (op.body || op.bodyMediaType) statuses.push(413, 415);
  return statuses;
}

const REASONS: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No content',
  206: 'Partial content',
  302: 'Redirect',
  304: 'Not modified',
  400: 'Bad input: the code names the field (`invalid_<field>`, `unknown_field_<field>`, …)',
  401: 'Not signed in (`unauthenticated`) or an unknown API key',
  403: 'Not allowed for this role or session kind, or a missing CSRF header (`csrf_failed`)',
  404: 'Not found (also for another organization’s ids)',
  409: 'Conflict with the current state',
  413: 'The request body is too large',
  415: 'Send JSON with Content-Type: application/json',
  416: 'Range not satisfiable',
  422: 'Well-formed but not acceptable',
  429: 'Too many requests (`retry-after` says when to try again)',
  500: 'Something went wrong on preroll’s side',
  502: 'Frame.io or the remote endpoint answered with an error',
  503: 'Not available right now',
  507: 'The server’s storage is full (`storage_full`)',
};

function response(status: number, spec: ApiResponse | null): Record<string, unknown> {
  const description = REASONS[status] ?? `Status ${status}`;
  // null on an error status: the shared error envelope, with a code particular to the route.
  if (spec === null) {
    return status >= 400
      ? { description, content: { 'application/json': { schema: ERROR_REF } } }
      : { description };
  }
  if (spec instanceof z.ZodType) {
    return { description, content: { 'application/json': { schema: jsonSchema(spec, 'output') } } };
  }
  const content: Record<string, unknown> = {};
  if (spec.json) content['application/json'] = { schema: jsonSchema(spec.json, 'output') };
  if (spec.mediaType) content[spec.mediaType] = { schema: {} };
  const headers = spec.headers
    ? Object.fromEntries(
        Object.entries(spec.headers).map(([name, text]) => [
          name,
          { description: text, schema: { type: 'string' } },
        ]),
      )
    : undefined;
  return {
    description: spec.description,
    ...(Object.keys(content).length > 0 ? { content } : {}),
    ...(headers ? { headers } : {}),
  };
}

function parameters(op: ApiOperation): JsonSchema[] {
  const out: JsonSchema[] = [];
  const names = [...op.path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!);
  const pathProps = op.params
    ? ((jsonSchema(op.params, 'input').properties ?? {}) as Record<string, JsonSchema>)
    : {};
  for (const name of names) {
    out.push({ name, in: 'path', required: true, schema: pathProps[name] ?? { type: 'string' } });
  }
  if (op.query) {
    const query = jsonSchema(op.query, 'input');
    const required = new Set((query.required as string[] | undefined) ?? []);
    for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, JsonSchema>)) {
      out.push({ name, in: 'query', required: required.has(name), schema });
    }
  }
  return out;
}

export interface OpenApiDocument {
  openapi: string;
  info: Record<string, unknown>;
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * The OpenAPI 3.1 document of `/api/v1`, built from the route entries (`http/openapi/operations/`
 * and each integration's) and the zod schemas of packages/contracts. Request schemas are turned
 * into JSON Schema as zod parses them (`io: 'input'`: defaults make a field optional), response
 * schemas as preroll writes them.
 */
/**
 * Each entry's part of the document, kept per entry: the entries are module constants, and
 * converting their schemas is the costly step (about a second for all), which every app composed
 * in one process (the test suite starts hundreds) would otherwise repeat.
 */
const operationObjects = new WeakMap<ApiOperation, Record<string, unknown>>();

function operationObject(op: ApiOperation): Record<string, unknown> {
  const cached = operationObjects.get(op);
  if (cached) return cached;
  const responses: Record<string, unknown> = {};
  for (const [status, spec] of Object.entries(op.responses))
    responses[status] = response(Number(status), spec);
  for (const status of sharedErrors(op)) responses[String(status)] ??= response(status, null);
  const params = parameters(op);
  const built = {
    operationId: op.operationId,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [op.tag],
    security: security(op.access, op.method),
    ...(params.length > 0 ? { parameters: params } : {}),
    ...(op.body
      ? {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchema(op.body, 'input') } },
          },
        }
      : op.bodyMediaType
        ? { requestBody: { required: true, content: { [op.bodyMediaType]: { schema: {} } } } }
        : {}),
    responses,
  };
  operationObjects.set(op, built);
  return built;
}

export function buildOpenApiDocument(operations: ApiOperation[], publicUrl: string): OpenApiDocument {
  const paths: OpenApiDocument['paths'] = {};
  const seenIds = new Set<string>();
  for (const op of operations) {
    if (seenIds.has(op.operationId)) throw new Error(`Duplicate operationId ${op.operationId}`);
    seenIds.add(op.operationId);
    const path = openApiPath(op.path);
    paths[path] ??= {};
    const methods = paths[path];
    const key = op.method.toLowerCase();
    if (methods[key]) throw new Error(`Two OpenAPI entries for ${op.method} ${op.path}`);
    methods[key] = operationObject(op);
  }
  const tags = [...new Set(operations.map((op) => op.tag))].map((name) => ({ name }));
  return {
    openapi: '3.1.0',
    info: {
      title: 'preroll API',
      version: '1',
      description:
        'The REST API of preroll (docs/api.md). Every answer is JSON: `{"data": …}` on success, ' +
        '`{"error": {"message", "code", …}}` on failure; lists are cursor pages (`next_cursor`).',
    },
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: publicUrl }],
    tags,
    paths,
    components: {
      schemas: { Error: jsonSchema(errorEnvelope, 'output') },
      securitySchemes: {
        sessionCookie: {
          type: 'apiKey',
          in: 'cookie',
          name: 'preroll_session',
          description: 'The session cookie set by login, sign-up or a portal magic link.',
        },
        csrfHeader: {
          type: 'apiKey',
          in: 'header',
          name: 'x-csrf-token',
          description: 'With a session cookie, every write echoes the `preroll_csrf` cookie in this header.',
        },
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description:
            'An organization API key (`Authorization: Bearer pr_…`), made in Settings → API keys. No CSRF header.',
        },
      },
    },
  };
}
