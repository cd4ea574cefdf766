import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/**
 * Checks every answer the test suite receives from `/api/v1` against the OpenAPI document the
 * server itself serves (`GET /api/v1/openapi.json`): the route must have an entry, the status must
 * be one the entry lists, and a JSON body must match the schema given for that status. A mismatch
 * throws, so the test that received it fails with a message naming the operation, the status and
 * the field (docs/api.md, "The OpenAPI document").
 */
type Json = Record<string, any>;

interface Operation {
  method: string;
  template: string;
  pattern: RegExp;
  params: number;
  entry: Json;
}

interface CompiledDocument {
  operations: Operation[];
  validators: Map<string, ValidateFunction>;
  document: Json;
}

const documents = new Map<string, Promise<CompiledDocument>>();
const compiled = new Map<string, ValidateFunction>();

const ajv = new Ajv2020({ strict: false, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

function compileDocument(document: Json): CompiledDocument {
  const operations: Operation[] = [];
  for (const [template, methods] of Object.entries(document.paths as Json)) {
    const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+');
    for (const [method, entry] of Object.entries(methods as Json)) {
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern: new RegExp(`^${source}$`),
        params: (template.match(/\{/g) ?? []).length,
        entry,
      });
    }
  }
  // Fastify prefers a static segment to a parameter: so does the match (fewest parameters first).
  operations.sort((a, b) => a.params - b.params);
  return { operations, validators: new Map(), document };
}

/** `$ref`s into components/schemas replaced by the schema itself, so each body compiles alone. */
function inlineRefs(schema: unknown, document: Json): unknown {
  if (Array.isArray(schema)) return schema.map((s) => inlineRefs(s, document));
  if (!schema || typeof schema !== 'object') return schema;
  const ref = (schema as Json).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) {
    return inlineRefs(document.components.schemas[ref.slice('#/components/schemas/'.length)], document);
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inlineRefs(v, document)]));
}

async function documentFor(baseUrl: string): Promise<CompiledDocument> {
  let pending = documents.get(baseUrl);
  if (!pending) {
    pending = fetch(new URL('/api/v1/openapi.json', baseUrl)).then(async (res) => {
      if (res.status !== 200) throw new Error(`GET /api/v1/openapi.json answered ${res.status}`);
      return compileDocument((await res.json()) as Json);
    });
    documents.set(baseUrl, pending);
    pending.catch(() => documents.delete(baseUrl));
  }
  return pending;
}

function findOperation(doc: CompiledDocument, method: string, path: string): Operation | undefined {
  const sameMethod = (m: string) => doc.operations.find((o) => o.method === m && o.pattern.test(path));
  // Fastify answers HEAD with the GET handler unless a route declares HEAD itself.
  return sameMethod(method) ?? (method === 'HEAD' ? sameMethod('GET') : undefined);
}

export interface ObservedResponse {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  body: unknown;
  isJson: boolean;
}

/** Throws when the answer is not what the document says; returns quietly otherwise. */
export async function checkAgainstOpenApi(baseUrl: string, seen: ObservedResponse): Promise<void> {
  const path = seen.path.split('?')[0]!.split('#')[0]!;
  if (!path.startsWith('/api/v1/') && path !== '/api/v1') return;
  const doc = await documentFor(baseUrl);
  const op = findOperation(doc, seen.method, path);
  const where = `${seen.method} ${path}`;
  if (!op) {
    // Unknown routes answer the shared 404 (`route_not_found`); that is the router, not a route.
    const code = (seen.body as Json | undefined)?.error?.code;
    if (seen.status === 404 && code === 'route_not_found') return;
    if (seen.status === 400 && code === 'malformed_url') return;
    throw new Error(
      `OpenAPI mismatch: ${where} answered ${seen.status}, and the document has no operation for it`,
    );
  }
  const name = `${op.method} ${op.template} (${op.entry.operationId})`;
  const response = op.entry.responses?.[String(seen.status)];
  if (!response) {
    const listed = Object.keys(op.entry.responses ?? {}).join(', ');
    throw new Error(
      `OpenAPI mismatch: ${name} answered ${seen.status} to ${where}, a status its entry does not list (${listed}); body: ${JSON.stringify(seen.body)?.slice(0, 300)}`,
    );
  }
  if (!seen.isJson || seen.method === 'HEAD') return;
  const schema = response.content?.['application/json']?.schema;
  if (!schema) {
    throw new Error(
      `OpenAPI mismatch: ${name} answered ${seen.status} with JSON to ${where}, but its entry declares no JSON body for ${seen.status}`,
    );
  }
  const key = `${op.method} ${op.template} ${seen.status}`;
  let validate = doc.validators.get(key);
  if (!validate) {
    // Compiled once per schema in this process: every test app serves the same document.
    const inlined = inlineRefs(schema, doc.document) as Json;
    const text = JSON.stringify(inlined);
    validate = compiled.get(text) ?? ajv.compile(inlined);
    compiled.set(text, validate);
    doc.validators.set(key, validate);
  }
  if (validate(seen.body)) return;
  const problems = (validate.errors ?? []).slice(0, 5).map((e) => {
    const extra = (e.params as Json).additionalProperty ?? (e.params as Json).missingProperty;
    return `${e.instancePath || '(body)'} ${e.message}${extra ? ` "${extra}"` : ''}`;
  });
  throw new Error(
    `OpenAPI mismatch: ${name} answered ${seen.status} to ${where} with a body the document does not allow: ${problems.join('; ')}; body: ${JSON.stringify(seen.body)?.slice(0, 500)}`,
  );
}
