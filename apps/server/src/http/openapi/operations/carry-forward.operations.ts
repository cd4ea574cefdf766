import { applyCarryForwardBody, carryForwardQuery } from '@preroll/contracts/carry-forward';
import { carryApplyView, carryForwardView } from '@preroll/contracts/responses/carry-forward';
import { dataOf } from '@preroll/contracts/responses/envelope';
import { versionParams } from '@preroll/contracts/versions';
import type { ApiOperation } from '../api-operation.ts';

/** Carrying an earlier version's open notes to this one (docs/editors.md). */
export const carryForwardOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/api/v1/versions/:id/carry-forward',
    operationId: 'getCarryForward',
    summary: 'Proposals for the earlier version’s open notes on this one (starts the alignment job)',
    tag: 'Comments',
    access: 'team',
    params: versionParams,
    query: carryForwardQuery,
    responses: { 200: dataOf(carryForwardView), 422: null },
  },
  {
    method: 'POST',
    path: '/api/v1/versions/:id/carry-forward',
    operationId: 'applyCarryForward',
    summary: 'Carry all or the named proposals as notes on this version (idempotent)',
    tag: 'Comments',
    access: 'team',
    params: versionParams,
    query: carryForwardQuery,
    body: applyCarryForwardBody,
    responses: { 200: dataOf(carryApplyView), 201: dataOf(carryApplyView), 422: null },
  },
];
