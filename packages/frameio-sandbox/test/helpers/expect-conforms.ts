import { createSpecAjv, schemaRef } from '../../src/spec/ajv-schema.ts';
import { loadSpec } from '../../src/spec/openapi-spec.ts';

const ajv = createSpecAjv();

/**
 * Fails unless `body` matches the response schema that openapi-subset.json declares for
 * (method, pathTemplate, status). A status the operation does not declare fails too; 204 must
 * have no body. Injected 5xx are checked against the shared error shape.
 */
export function expectConforms(method: string, pathTemplate: string, status: number, body: unknown): void {
  const spec = loadSpec();
  const op = spec.paths[pathTemplate]?.[method.toLowerCase()] as
    | { responses: Record<string, { content?: Record<string, { schema: { $ref: string } }> }> }
    | undefined;
  if (!op) throw new Error(`no operation ${method} ${pathTemplate} in the spec`);
  // 5xx are documented in prose (frameio-api-notes.md, "Errors": wait at least 30 s) but not in the
  // schema; they must still use the common error shape, which every declared error schema shares.
  const response = op.responses[String(status)] ?? (status >= 500 ? op.responses['400'] : undefined);
  if (!response)
    throw new Error(`${method} ${pathTemplate} does not declare status ${status}: ${JSON.stringify(body)}`);
  if (status === 204) {
    if (body !== undefined && body !== '') throw new Error(`204 with a body: ${JSON.stringify(body)}`);
    return;
  }
  const ref = response.content?.['application/json']?.schema.$ref;
  if (!ref) throw new Error(`${method} ${pathTemplate} ${status} has no JSON schema`);
  const name = ref.split('/').pop()!;
  const validate = ajv.getSchema(schemaRef(name));
  if (!validate) throw new Error(`schema ${name} missing`);
  if (!validate(body)) {
    const errs = (validate.errors ?? [])
      .map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
      .join('\n  ');
    throw new Error(
      `${method} ${pathTemplate} ${status} does not conform to ${name}:\n  ${errs}\nbody: ${JSON.stringify(body).slice(0, 2000)}`,
    );
  }
}
