import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeTable } from '../helpers/route-table.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type Json = Record<string, unknown>;
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Json & { operationId: string; responses: Record<string, Json> }>>;
  components: { schemas: Record<string, Json>; securitySchemes: Record<string, Json> };
}

/**
 * The OpenAPI document describes exactly the routes Fastify serves under /api/v1: a route added
 * without an entry (core: http/openapi/operations/, an integration: its openapi.ts) fails here,
 * and so does an entry left behind after its route went. The router is read as the tenancy sweep
 * reads it (helpers/route-table.ts), so no list is kept by hand.
 */
describe('OpenAPI coverage of /api/v1', () => {
  let app: TestApp;
  let document: OpenApiDocument;

  beforeAll(async () => {
    app = await startTestApp();
    const res = await fetch(`${app.url}/api/v1/openapi.json`);
    expect(res.status).toBe(200);
    document = (await res.json()) as OpenApiDocument;
  });
  afterAll(async () => {
    await app?.close();
  });

  function routerOperations(): string[] {
    const routes = routeTable(app.preroll.app).filter((r) => r.url.startsWith('/api/v1/'));
    const keys = new Set(routes.map((r) => `${r.method} ${r.url}`));
    return [...keys]
      .filter((key) => {
        // Fastify adds a HEAD for every GET; only a HEAD declared on its own needs its own entry.
        const [method, url] = key.split(' ');
        return !(method === 'HEAD' && keys.has(`GET ${url}`) && !documented().has(key));
      })
      .map((key) => key.replace(/:([A-Za-z0-9_]+)/g, '{$1}'))
      .sort();
  }

  function documented(): Set<string> {
    const out = new Set<string>();
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const method of Object.keys(methods)) {
        out.add(`${method.toUpperCase()} ${path.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1')}`);
      }
    }
    return out;
  }

  it('every /api/v1 route Fastify serves has an entry, and every entry has a route', () => {
    const inDocument = [...documented()].map((k) => k.replace(/:([A-Za-z0-9_]+)/g, '{$1}')).sort();
    const inRouter = routerOperations();
    expect(inRouter.length).toBeGreaterThan(90);
    expect(
      inRouter.filter((k) => !inDocument.includes(k)),
      'routes without an OpenAPI entry',
    ).toEqual([]);
    expect(
      inDocument.filter((k) => !inRouter.includes(k)),
      'entries without a route',
    ).toEqual([]);
  });

  it('the Frame.io and webhooks integrations contribute their own entries', () => {
    expect(document.paths['/api/v1/integrations/frameio/settings']?.patch?.operationId).toBe(
      'updateFrameioSettings',
    );
    expect(document.paths['/api/v1/webhook-endpoints/{id}/test']?.post?.operationId).toBe('sendWebhookTest');
  });

  it('is OpenAPI 3.1 with unique operation ids, known security schemes and schemas ajv compiles', () => {
    expect(document.openapi).toBe('3.1.0');
    const ids = new Set<string>();
    const ajv = new Ajv2020({ strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    ajv.addSchema(document.components.schemas.Error!, '#/components/schemas/Error');
    for (const [path, methods] of Object.entries(document.paths)) {
      for (const [method, op] of Object.entries(methods)) {
        expect(ids.has(op.operationId), `${method} ${path}: duplicate operationId`).toBe(false);
        ids.add(op.operationId);
        for (const requirement of (op.security ?? []) as Array<Record<string, string[]>>) {
          for (const scheme of Object.keys(requirement)) {
            expect(Object.keys(document.components.securitySchemes)).toContain(scheme);
          }
        }
        for (const [status, response] of Object.entries(op.responses)) {
          const schema = (response.content as Record<string, { schema: Json }> | undefined)?.[
            'application/json'
          ]?.schema;
          if (schema && !('$ref' in schema)) {
            expect(() => ajv.compile(schema), `${method} ${path} ${status}`).not.toThrow();
          }
        }
      }
    }
  });

  it('describes both auth schemes: the session cookie with its CSRF header on writes, and pr_ API keys', () => {
    const schemes = document.components.securitySchemes;
    expect(schemes.sessionCookie).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'preroll_session' });
    expect(schemes.csrfHeader).toMatchObject({ type: 'apiKey', in: 'header', name: 'x-csrf-token' });
    expect(schemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.paths['/api/v1/shows/{id}']?.patch?.security).toEqual([
      { sessionCookie: [], csrfHeader: [] },
      { apiKey: [] },
    ]);
    expect(document.paths['/api/v1/shows/{id}']?.get?.security).toEqual([
      { sessionCookie: [] },
      { apiKey: [] },
    ]);
    expect(document.paths['/api/v1/portal/me']?.get?.security).toEqual([{ sessionCookie: [] }]);
    expect(document.paths['/api/v1/auth/login']?.post?.security).toEqual([]);
  });

  it('is served without credentials, and so is the reference page with its own script and style', async () => {
    const page = await fetch(`${app.url}/api/v1/reference`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    expect(html).toContain('src="/api/v1/reference/reference.js"');
    expect(html).not.toMatch(/https?:\/\//);
    const script = await fetch(`${app.url}/api/v1/reference/reference.js`);
    expect(script.headers.get('content-type')).toContain('text/javascript');
    const style = await fetch(`${app.url}/api/v1/reference/reference.css`);
    expect(style.headers.get('content-type')).toContain('text/css');
    expect((await fetch(`${app.url}/api/v1/reference/other.js`)).status).toBe(404);
  });
});
