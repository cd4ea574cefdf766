import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { frameioOperationOf } from '../../src/frameio-call-metrics.ts';

/**
 * `preroll_frameio_requests_total` names each call by the official schema's operationId: every
 * operation of the vendored subset (packages/frameio's fixture, derived from
 * openapi-subset.json) classifies to itself from its method and a concrete path.
 */
const spec = JSON.parse(
  readFileSync(
    new URL('../../../../packages/frameio/test/fixtures/openapi-operations.json', import.meta.url),
    'utf8',
  ),
) as { operations: Array<{ operationId: string; method: string; path: string }> };

describe('frameioOperationOf', () => {
  it.each(spec.operations.map((o) => [o.operationId, o.method, o.path] as const))(
    '%s',
    (operationId, method, template) => {
      const concrete = template.replace(/\{[a-z_]+\}/g, () => crypto.randomUUID());
      expect(frameioOperationOf(method, `/sandbox-prefix${concrete}`)).toBe(operationId);
    },
  );

  it('names IMS calls by path and anything else "other"', () => {
    expect(frameioOperationOf('POST', '/ims/token/v3')).toBe('ims.token.v3');
    expect(frameioOperationOf('GET', '/v4/unknown/thing')).toBe('other');
    expect(frameioOperationOf('PUT', '/_s3/parts/x/part_1')).toBe('other');
  });
});
