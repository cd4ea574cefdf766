import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkAgainstOpenApi } from '../helpers/openapi-validator.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

/**
 * The test client's OpenAPI check (helpers/openapi-validator.ts) can fail, and when it does its
 * message names the operation, the status and the field: the whole suite runs through it, so a
 * presenter that drifts from its contract fails whichever test reads that answer.
 */
describe('the OpenAPI response check of the test client', () => {
  let app: TestApp;
  const show = {
    id: '0190a5b2-0000-7000-8000-000000000001',
    org_id: '0190a5b2-0000-7000-8000-000000000002',
    client_id: '0190a5b2-0000-7000-8000-000000000003',
    title: 'Pilot season',
    description: null,
    created_at: '2026-12-07T12:00:00.000Z',
    updated_at: '2026-12-07T12:00:00.000Z',
  };
  const seen = (status: number, body: unknown, method = 'GET') => ({
    method,
    path: `/api/v1/shows/${show.id}`,
    status,
    contentType: 'application/json; charset=utf-8',
    body,
    isJson: true,
  });

  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app?.close();
  });

  it('accepts an answer the document describes', async () => {
    await expect(checkAgainstOpenApi(app.url, seen(200, { data: show }))).resolves.toBeUndefined();
    await expect(
      checkAgainstOpenApi(app.url, seen(404, { error: { message: 'Show not found', code: 'not_found' } })),
    ).resolves.toBeUndefined();
  });

  it('names the route, status and field of a body that drifted (missing, wrong type, extra)', async () => {
    const { title: _title, ...withoutTitle } = show;
    await expect(checkAgainstOpenApi(app.url, seen(200, { data: withoutTitle }))).rejects.toThrow(
      /GET \/api\/v1\/shows\/\{id\} \(getShow\) answered 200 .*\/data must have required property 'title'/,
    );
    await expect(checkAgainstOpenApi(app.url, seen(200, { data: { ...show, title: 7 } }))).rejects.toThrow(
      /\(getShow\) answered 200 .*\/data\/title must be string/,
    );
    await expect(
      checkAgainstOpenApi(app.url, seen(200, { data: { ...show, secret_notes: 'x' } })),
    ).rejects.toThrow(/\/data must NOT have additional properties "secret_notes"/);
  });

  it('refuses a status the operation does not list, and a route the document does not have', async () => {
    await expect(
      checkAgainstOpenApi(app.url, seen(409, { error: { message: 'x', code: 'y' } })),
    ).rejects.toThrow(/\(getShow\) answered 409 .*a status its entry does not list/);
    await expect(
      checkAgainstOpenApi(app.url, { ...seen(200, { data: [] }), path: '/api/v1/not-a-route' }),
    ).rejects.toThrow(/GET \/api\/v1\/not-a-route answered 200, and the document has no operation for it/);
  });

  it('an error answer must carry the error envelope', async () => {
    await expect(checkAgainstOpenApi(app.url, seen(404, { message: 'Show not found' }))).rejects.toThrow(
      /\(getShow\) answered 404 .*must have required property 'error'/,
    );
  });
});
