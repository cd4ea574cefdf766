import { expectConforms } from './expect-conforms.ts';

export interface ApiResponse {
  status: number;
  // biome-ignore lint/suspicious/noExplicitAny: test convenience; every body is schema-validated
  body: any;
  headers: Headers;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
  token?: string | null;
  rawBody?: string;
  headers?: Record<string, string>;
}

/** Every call made through this client is validated against the spec (`expectConforms`). */
export const covered = new Set<string>();

export class ApiClient {
  constructor(
    readonly baseUrl: string,
    public token: string | null,
  ) {}

  async call(method: string, template: string, opts: CallOptions = {}): Promise<ApiResponse> {
    let path = template;
    for (const [k, v] of Object.entries(opts.params ?? {}))
      path = path.replace(`{${k}}`, encodeURIComponent(v));
    if (/\{\w+\}/.test(path)) throw new Error(`unfilled path params in ${path}`);
    const qs = opts.query ? `?${new URLSearchParams(opts.query).toString()}` : '';
    return this.raw(method, template, `${path}${qs}`, opts);
  }

  /** Follows a relative links.next exactly as returned. */
  async follow(template: string, next: string, query: Record<string, string> = {}): Promise<ApiResponse> {
    const extra = new URLSearchParams(query).toString();
    return this.raw('GET', template, extra ? `${next}&${extra}` : next, {});
  }

  private async raw(
    method: string,
    template: string,
    pathAndQuery: string,
    opts: CallOptions,
  ): Promise<ApiResponse> {
    const headers: Record<string, string> = { ...(opts.headers ?? {}) };
    const token = opts.token === undefined ? this.token : opts.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (opts.rawBody !== undefined) payload = opts.rawBody;
    else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
    if (payload !== undefined) headers['content-type'] ??= 'application/json';
    const res = await fetch(`${this.baseUrl}${pathAndQuery}`, { method, headers, body: payload });
    const text = await res.text();
    const body = text === '' ? undefined : JSON.parse(text);
    expectConforms(method, template, res.status, body);
    covered.add(`${method} ${template} ${res.status}`);
    return { status: res.status, body, headers: res.headers };
  }
}
