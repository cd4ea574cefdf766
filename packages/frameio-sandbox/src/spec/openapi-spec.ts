import { readFileSync } from 'node:fs';

/**
 * The vendored Frame.io V4 OpenAPI subset (spec/openapi-subset.json), plus the few operations the
 * sandbox emulates beyond it (spec/openapi-extra.json, transcribed from the API reference pages;
 * docs/frameio-api-notes.md, "Operations beyond the subset"). The route table, the per-operation
 * rate limits and the request validation are all derived from them, so the sandbox cannot
 * silently drift from the schema it is tested against.
 */
export const SPEC_PATH = new URL('../../spec/openapi-subset.json', import.meta.url);
export const EXTRA_SPEC_PATH = new URL('../../spec/openapi-extra.json', import.meta.url);

export interface OpenApiParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required?: boolean;
  schema: Record<string, unknown>;
}

export interface SpecOperation {
  operationId: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
  /** OpenAPI template, e.g. /v4/accounts/{account_id}/files/{file_id} */
  path: string;
  /** Fastify form, e.g. /v4/accounts/:account_id/files/:file_id */
  routePath: string;
  /** Schema name of the JSON request body, when there is one. */
  requestSchema: string | null;
  queryParams: OpenApiParameter[];
  /** True for the operations of openapi-extra.json (not in the vendored subset). */
  beyondSubset: boolean;
  /** Documented limit, parsed from the operation description (frameio-api-notes.md, "Rate limits"). */
  rateLimit: { limit: number; windowMs: number };
  successStatus: number;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, Record<string, unknown>>>;
  components: { schemas: Record<string, Record<string, unknown>> };
  [key: string]: unknown;
}

let cached: OpenApiDocument | null = null;
let extraCached: OpenApiDocument | null = null;

function loadExtra(): OpenApiDocument {
  extraCached ??= JSON.parse(readFileSync(EXTRA_SPEC_PATH, 'utf8')) as OpenApiDocument;
  return extraCached;
}

/** The subset and the extra operations as one document (paths and component schemas merged). */
export function loadSpec(): OpenApiDocument {
  if (cached) return cached;
  const subset = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as OpenApiDocument;
  const extra = loadExtra();
  for (const [path, methods] of Object.entries(extra.paths)) {
    subset.paths[path] = { ...(subset.paths[path] ?? {}), ...methods };
  }
  for (const [name, schema] of Object.entries(extra.components.schemas)) {
    if (subset.components.schemas[name]) throw new Error(`openapi-extra.json redefines ${name}`);
    subset.components.schemas[name] = schema;
  }
  cached = subset;
  return cached;
}

const RATE_RE = /Rate Limits:\s*(\d+)\s*calls per\s*([\d.]+)\s*(second|minute)/;

function parseRateLimit(description: string): { limit: number; windowMs: number } {
  const m = RATE_RE.exec(description);
  if (!m) throw new Error(`no rate limit in description: ${description}`);
  const unitMs = m[3] === 'second' ? 1000 : 60_000;
  return { limit: Number(m[1]), windowMs: Math.round(Number(m[2]) * unitMs) };
}

function refName(ref: unknown): string | null {
  if (typeof ref !== 'string') return null;
  return ref.split('/').pop() ?? null;
}

export function listOperations(): SpecOperation[] {
  const spec = loadSpec();
  const extra = loadExtra();
  const ops: SpecOperation[] = [];
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, raw] of Object.entries(methods)) {
      const op = raw as {
        operationId: string;
        description?: string;
        parameters?: OpenApiParameter[];
        requestBody?: { content: Record<string, { schema: { $ref?: string } }> };
        responses: Record<string, unknown>;
      };
      if (!op.operationId) continue;
      const body = op.requestBody?.content['application/json']?.schema.$ref;
      const success = Object.keys(op.responses).find((c) => c.startsWith('2')) ?? '200';
      ops.push({
        operationId: op.operationId,
        method: method.toUpperCase() as SpecOperation['method'],
        path,
        routePath: path.replace(/\{(\w+)\}/g, ':$1'),
        beyondSubset: extra.paths[path]?.[method] !== undefined,
        requestSchema: refName(body),
        queryParams: (op.parameters ?? []).filter((p) => p.in === 'query'),
        rateLimit: parseRateLimit(op.description ?? ''),
        successStatus: Number(success),
      });
    }
  }
  return ops;
}

let opIndex: Map<string, SpecOperation> | null = null;

export function getOperation(operationId: string): SpecOperation {
  opIndex ??= new Map(listOperations().map((o) => [o.operationId, o]));
  const op = opIndex.get(operationId);
  if (!op) throw new Error(`unknown operation ${operationId}`);
  return op;
}
