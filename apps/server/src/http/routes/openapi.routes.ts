import fs from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { coreOperations } from '../openapi/core-operations.ts';
import { buildOpenApiDocument } from '../openapi/document.ts';
import type { RouteDeps } from '../route-deps.ts';

const PAGE_DIR = new URL('../openapi/reference-page/', import.meta.url);
const ASSETS: Record<string, string> = {
  'reference.js': 'text/javascript; charset=utf-8',
  'reference.css': 'text/css; charset=utf-8',
};

/**
 * `GET /api/v1/openapi.json` (the core's entries and the integrations') and the API reference page
 * that renders it, both without credentials: the API's shape is no secret, and tools fetch it
 * before they hold a key. The page's script and style come from this origin, as the CSP wants.
 */
export async function openApiRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  // Built on the first request: an app that is never asked for it does not pay for it.
  let body: string | undefined;
  const documentText = () => {
    body ??= JSON.stringify(
      buildOpenApiDocument([...coreOperations, ...deps.integrationOperations], deps.config.publicUrl),
    );
    return body;
  };
  const page = fs.readFileSync(new URL('reference.html', PAGE_DIR), 'utf8');
  const assets = new Map(
    Object.entries(ASSETS).map(([name, type]) => [
      name,
      { type, text: fs.readFileSync(new URL(name, PAGE_DIR), 'utf8') },
    ]),
  );

  app.get('/api/v1/openapi.json', async (_request, reply) =>
    reply
      .header('content-type', 'application/json; charset=utf-8')
      .header('cache-control', 'no-cache')
      .send(documentText()),
  );

  app.get('/api/v1/reference', async (_request, reply) =>
    reply.header('content-type', 'text/html; charset=utf-8').header('cache-control', 'no-cache').send(page),
  );

  app.get<{ Params: { asset: string } }>('/api/v1/reference/:asset', async (request, reply) => {
    const asset = assets.get(request.params.asset);
    if (!asset) {
      return reply.status(404).send({ error: { message: 'No such reference asset', code: 'not_found' } });
    }
    return reply.header('content-type', asset.type).header('cache-control', 'no-cache').send(asset.text);
  });
}
