import type { ErrorObject, ValidateFunction } from 'ajv';
import { createSpecAjv, schemaRef } from '../spec/ajv-schema.ts';
import type { SpecOperation } from '../spec/openapi-spec.ts';
import { ApiError, type ApiErrorItem } from './api-error.ts';

/**
 * Validates request bodies and query parameters against the operation's schema in the spec. Unknown
 * body fields are rejected with 422 and a JSON pointer, mirroring the Getting Started example
 * `{"detail":"Unexpected field: foo","source":{"pointer":"/data/foo"},"title":"Invalid value"}`
 * (frameio-api-notes.md, "Errors"; 422 rather than 400 is a choice, see
 * packages/frameio-sandbox/README.md, "Deviations").
 */
const ajv = createSpecAjv();
const cache = new Map<string, ValidateFunction>();

function validatorFor(schemaName: string): ValidateFunction {
  let v = cache.get(schemaName);
  if (!v) {
    const found = ajv.getSchema(schemaRef(schemaName));
    if (!found) throw new Error(`schema ${schemaName} missing`);
    v = found;
    cache.set(schemaName, v);
  }
  return v;
}

const NOISE = new Set(['if', 'anyOf', 'oneOf', 'allOf', 'then']);

function toItem(e: ErrorObject): ApiErrorItem {
  const title = 'Invalid value';
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
    const field = String(p.additionalProperty ?? p.unevaluatedProperty);
    return { detail: `Unexpected field: ${field}`, source: { pointer: `${e.instancePath}/${field}` }, title };
  }
  if (e.keyword === 'required') {
    const field = String(p.missingProperty);
    return { detail: `Missing field: ${field}`, source: { pointer: `${e.instancePath}/${field}` }, title };
  }
  return {
    detail: `${e.instancePath.split('/').pop() || 'body'} ${e.message ?? 'is invalid'}`,
    source: { pointer: e.instancePath || '/' },
    title,
  };
}

export function validateBody(op: SpecOperation, body: unknown): void {
  if (!op.requestSchema) return;
  const v = validatorFor(op.requestSchema);
  const value = body === undefined || body === null ? {} : body;
  if (v(value)) return;
  const seen = new Set<string>();
  const items: ApiErrorItem[] = [];
  for (const e of v.errors ?? []) {
    if (NOISE.has(e.keyword)) continue;
    const item = toItem(e);
    const key = `${item.detail}|${item.source?.pointer}`;
    if (seen.has(key)) continue;
    seen.add(key);
    items.push(item);
  }
  if (items.length === 0)
    items.push({ detail: 'Unprocessable content', source: { pointer: '/data' }, title: 'Invalid value' });
  throw new ApiError(422, items);
}

/**
 * Query parameters: enumerated `include` values may be comma-separated (the spec's own examples are
 * comma lists, frameio-api-notes.md, "List parameters"); `sort` is one enum value; booleans are
 * `true|false`. Unknown query parameters are ignored.
 */
export function validateQuery(op: SpecOperation, query: Record<string, string | undefined>): void {
  for (const p of op.queryParams) {
    const raw = query[p.name];
    if (raw === undefined) continue;
    const schema = p.schema as { enum?: string[]; type?: string };
    const fail = (detail: string): never => {
      throw new ApiError(422, [{ detail, source: { pointer: `/${p.name}` }, title: 'Invalid value' }]);
    };
    if (schema.type === 'boolean' && raw !== 'true' && raw !== 'false') fail(`${p.name} must be a boolean`);
    if (schema.enum) {
      const values = p.name === 'include' ? raw.split(',').map((s) => s.trim()) : [raw];
      for (const v of values) {
        // `media_links` (all renditions) is accepted too: F lists it for folder children.
        const ok =
          schema.enum.includes(v) || (v === 'media_links' && schema.enum.includes('media_links.original'));
        if (!ok) fail(`Invalid ${p.name} value: ${v}`);
      }
    }
  }
}

export function pageSizeMax(op: SpecOperation): number {
  const p = op.queryParams.find((q) => q.name === 'page_size');
  const ref = (p?.schema as { $ref?: string } | undefined)?.$ref ?? '';
  return ref.endsWith('AssetRequestPageSize') ? 500 : 100;
}
