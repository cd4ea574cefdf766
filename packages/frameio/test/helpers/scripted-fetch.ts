// A fake `fetch` that replays scripted responses and records every request, so tests can assert
// exactly what went over the wire without a server.

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** Parsed JSON body, or the raw text for form bodies. */
  body: unknown;
  rawBody: string | undefined;
}

export interface ScriptedResponse {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Step =
  | ScriptedResponse
  | { error: unknown }
  | ((req: RecordedRequest) => ScriptedResponse | Promise<ScriptedResponse>);

export interface ScriptedFetch {
  fetch: typeof fetch;
  requests: RecordedRequest[];
  /** Steps not consumed yet. */
  remaining(): number;
}

/**
 * Steps are consumed in order; when `fallback` is given it answers once the script is exhausted
 * (handy for concurrency tests). Running out of steps without a fallback fails the request loudly.
 */
export function scriptedFetch(steps: Step[], fallback?: Step): ScriptedFetch {
  const queue = [...steps];
  const requests: RecordedRequest[] = [];
  const fake = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
    const rawBody = typeof init?.body === 'string' ? init.body : undefined;
    let body: unknown = rawBody;
    if (rawBody !== undefined) {
      try {
        body = JSON.parse(rawBody);
      } catch {
        body = rawBody;
      }
    }
    const req: RecordedRequest = {
      method: init?.method ?? 'GET',
      url,
      headers: new Headers(init?.headers),
      body,
      rawBody,
    };
    requests.push(req);
    const step = queue.shift() ?? fallback;
    if (step === undefined)
      throw new Error(`scriptedFetch: no response scripted for ${req.method} ${url.pathname}`);
    const spec = typeof step === 'function' ? await step(req) : step;
    if ('error' in spec) throw (spec as { error: unknown }).error;
    return toResponse(spec);
  };
  return { fetch: fake as typeof fetch, requests, remaining: () => queue.length };
}

export function toResponse(spec: ScriptedResponse): Response {
  const status = spec.status ?? 200;
  const headers = new Headers(spec.headers);
  if (status === 204 || spec.body === undefined) return new Response(null, { status, headers });
  if (typeof spec.body === 'string') return new Response(spec.body, { status, headers });
  headers.set('content-type', 'application/json');
  return new Response(JSON.stringify(spec.body), { status, headers });
}

/** undici's shape for socket errors: `TypeError('fetch failed', { cause: { code } })`. */
export function networkError(code: string): TypeError {
  const cause = Object.assign(new Error(`socket error ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}

export const ok = (data: unknown, headers?: Record<string, string>): ScriptedResponse => ({
  status: 200,
  body: { data },
  ...(headers ? { headers } : {}),
});

export const vendorError = (
  status: number,
  detail: string,
  headers?: Record<string, string>,
): ScriptedResponse => ({
  status,
  body: { errors: [{ detail }] },
  ...(headers ? { headers } : {}),
});
