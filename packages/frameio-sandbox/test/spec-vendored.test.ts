import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listOperations, SPEC_PATH } from '../src/spec/openapi-spec.ts';

const SHARED = new URL('../../../../shared/frameio/openapi-subset.json', import.meta.url);

describe('vendored spec', () => {
  it.skipIf(!existsSync(SHARED))('equals ../shared/frameio/openapi-subset.json', () => {
    expect(readFileSync(SPEC_PATH, 'utf8')).toBe(readFileSync(SHARED, 'utf8'));
  });

  it('has the 41 operations of the subset and 6 beyond it, each with a documented rate limit', () => {
    const ops = listOperations();
    expect(ops.filter((o) => !o.beyondSubset)).toHaveLength(41);
    expect(
      ops
        .filter((o) => o.beyondSubset)
        .map((o) => o.operationId)
        .sort(),
    ).toEqual([
      'account_permissions.index',
      'files.copy',
      'files.create_remote_upload',
      'version_stacks.show',
      'workspaces.create',
      'workspaces.show',
    ]);
    for (const op of ops) expect(op.rateLimit.limit).toBeGreaterThan(0);
    expect(ops.find((o) => o.operationId === 'folders.create')!.rateLimit).toEqual({
      limit: 3,
      windowMs: 1000,
    });
  });
});
