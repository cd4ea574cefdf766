import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, getPage, post, request, withQuery } from '../src/api/api-client.ts';

type Call = { url: string; init: RequestInit };

function stubFetch(status: number, body: unknown, calls: Call[] = []) {
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    const text = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
    return new Response(status === 204 ? null : text, { status });
  });
  return calls;
}

beforeEach(() => {
  vi.stubGlobal('document', { cookie: 'other=1; preroll_csrf=tok%2Den; x=y' });
});
afterEach(() => {
  vi.unstubAllGlobals();
});

describe('request', () => {
  it('sends the CSRF cookie value as x-csrf-token on writes, with the session cookie', async () => {
    const calls = stubFetch(201, { data: { id: 'c1' } });
    expect(await post('/clients', { name: 'Acme' })).toEqual({ id: 'c1' });
    const { url, init } = calls[0]!;
    expect(url).toBe('/api/v1/clients');
    expect(init.method).toBe('POST');
    expect(init.credentials).toBe('include');
    expect((init.headers as Record<string, string>)['x-csrf-token']).toBe('tok-en');
    expect(init.body).toBe('{"name":"Acme"}');
  });

  it('does not send the CSRF header on reads', async () => {
    const calls = stubFetch(200, { data: [], next_cursor: null });
    expect(await getPage('/clients', { limit: 50, cursor: undefined })).toEqual({
      data: [],
      next_cursor: null,
    });
    expect(calls[0]!.url).toBe('/api/v1/clients?limit=50');
    expect((calls[0]!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('turns the API error envelope into an ApiError with its field', async () => {
    stubFetch(400, { error: { message: 'name: Too small', code: 'invalid_name', field: 'name' } });
    const err = await post('/clients', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 400,
      code: 'invalid_name',
      field: 'name',
      message: 'name: Too small',
    });
  });

  it('keeps extra error details and survives non-JSON error bodies', async () => {
    stubFetch(429, { error: { message: 'Too many requests', code: 'rate_limited', retry_after: 3 } });
    await expect(request('GET', '/me')).rejects.toMatchObject({
      code: 'rate_limited',
      details: { retry_after: 3 },
    });
    stubFetch(502, '<html>Bad gateway</html>');
    await expect(request('GET', '/me')).rejects.toMatchObject({ status: 502, code: 'http_502' });
  });

  it('reports a network failure as network_error', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(request('GET', '/me')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });

  it('resolves 204 to undefined', async () => {
    stubFetch(204, undefined);
    expect(await request('DELETE', '/clients/x')).toBeUndefined();
  });
});

describe('withQuery', () => {
  it('drops empty values and appends to an existing query', () => {
    expect(withQuery('/episodes', { show_id: 's', status: '', cursor: null, limit: 50 })).toBe(
      '/episodes?show_id=s&limit=50',
    );
    expect(withQuery('/a?x=1', { y: 2 })).toBe('/a?x=1&y=2');
    expect(withQuery('/a', {})).toBe('/a');
  });
});
