import type { ApiOperation } from '../api-operation.ts';

/** The document itself and the API reference page that reads it (no credentials needed). */
export const referenceOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/api/v1/openapi.json',
    operationId: 'getOpenApiDocument',
    summary: 'This OpenAPI 3.1 document',
    tag: 'Reference',
    access: 'public',
    responses: { 200: { description: 'The document', mediaType: 'application/json' } },
  },
  {
    method: 'GET',
    path: '/api/v1/reference',
    operationId: 'getApiReference',
    summary: 'The API reference page (HTML), rendered from this document',
    tag: 'Reference',
    access: 'public',
    responses: { 200: { description: 'The page', mediaType: 'text/html' } },
  },
  {
    method: 'GET',
    path: '/api/v1/reference/:asset',
    operationId: 'getApiReferenceAsset',
    summary: 'The reference page’s script and style sheet',
    tag: 'Reference',
    access: 'public',
    responses: {
      200: { description: 'reference.js or reference.css', mediaType: 'application/octet-stream' },
    },
  },
];
