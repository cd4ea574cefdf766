import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listOperations } from '../src/spec/openapi-spec.ts';
import { accountSpecs, authAndEnvelopeSpecs } from './conformance/auth-and-accounts.ts';
import { beyondSubsetSpecs } from './conformance/beyond-subset.ts';
import { commentAtomicitySpecs, commentSpecs } from './conformance/comments.ts';
import { startConformanceSandbox, stopConformanceSandbox } from './conformance/conformance-fixtures.ts';
import { folderAndFileSpecs, versionStackSpecs } from './conformance/folders-and-files.ts';
import {
  isolationRateLimitAndFaultSpecs,
  realisticRateLimitSpecs,
} from './conformance/isolation-and-limits.ts';
import { metadataSpecs, shareSpecs, webhookSpecs } from './conformance/metadata-shares-webhooks.ts';
import { projectSpecs } from './conformance/projects.ts';
import { covered } from './helpers/api-client.ts';

/**
 * Every operation of openapi-subset.json, with its error cases. Every response body goes
 * through expectConforms (ApiClient does it on each call), so any schema drift fails here.
 *
 * The specs live in conformance/, one module per resource group, but run here as one file
 * against one sandbox: the coverage spec checks that the calls of all of them together exercised
 * every operation, and a file of its own (another fork) would see none of those calls. The
 * order below is the order they run in; the specs after coverage are not counted by it.
 */
beforeAll(startConformanceSandbox);
afterAll(stopConformanceSandbox);

authAndEnvelopeSpecs();
accountSpecs();
projectSpecs();
folderAndFileSpecs();
versionStackSpecs();
commentSpecs();
metadataSpecs();
shareSpecs();
webhookSpecs();
beyondSubsetSpecs();
isolationRateLimitAndFaultSpecs();

describe('coverage', () => {
  it('exercised every operation with a success and an error status', () => {
    for (const op of listOperations()) {
      const hits = [...covered]
        .filter((k) => k.startsWith(`${op.method} ${op.path} `))
        .map((k) => Number(k.split(' ').pop()));
      expect(
        hits.some((s) => s < 300),
        `${op.operationId} success`,
      ).toBe(true);
      expect(
        hits.some((s) => s >= 400 && s !== 401),
        `${op.operationId} error besides 401`,
      ).toBe(true);
    }
  });
});

commentAtomicitySpecs();
realisticRateLimitSpecs();
