import { checkAgainstOpenApi } from './openapi-validator.ts';

/**
 * A small HTTP client for integration tests that behaves like a browser session: it keeps
 * cookies and echoes the CSRF cookie in `x-csrf-token`, over real sockets. Every `/api/v1` answer
 * is checked against the server's OpenAPI document (openapi-validator.ts): a route, status or body
 * the document does not describe fails the test that received it.
 */
export interface TestResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export class TestClient {
  private readonly cookies = new Map<string, string>();
  bearer: string | undefined;

  constructor(readonly baseUrl: string) {}

  withBearer(token: string): TestClient {
    const c = new TestClient(this.baseUrl);
    c.bearer = token;
    return c;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  /** Sets a cookie as if the server had sent it (e.g. a session created directly in a test). */
  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async request<T = any>(
    method: string,
    path: string,
    body?: unknown,
    opts: { headers?: Record<string, string>; raw?: string | Buffer; skipOpenApiCheck?: boolean } = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size > 0) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('preroll_csrf');
    if (csrf && !('x-csrf-token' in headers)) headers['x-csrf-token'] = csrf;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    let payload: string | Buffer | undefined = opts.raw;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    } else if (opts.raw !== undefined) {
      headers['content-type'] ??= 'application/json';
    }
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      headers,
      body: typeof payload === 'string' || payload === undefined ? payload : new Uint8Array(payload),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: leave as text
    }
    if (!opts.skipOpenApiCheck) {
      await checkAgainstOpenApi(this.baseUrl, {
        method,
        path,
        status: res.status,
        contentType: res.headers.get('content-type'),
        body: parsed,
        isJson: /^application\/json\b/i.test(res.headers.get('content-type') ?? '') && text !== '',
      });
    }
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = any>(path: string, opts?: { headers?: Record<string, string> }) {
    return this.request<T>('GET', path, undefined, opts);
  }
  post<T = any>(path: string, body?: unknown, opts?: { headers?: Record<string, string> }) {
    return this.request<T>('POST', path, body ?? {}, opts);
  }
  patch<T = any>(path: string, body?: unknown, opts?: { headers?: Record<string, string> }) {
    return this.request<T>('PATCH', path, body ?? {}, opts);
  }
  delete<T = any>(path: string, opts?: { headers?: Record<string, string> }) {
    return this.request<T>('DELETE', path, undefined, opts);
  }
}
