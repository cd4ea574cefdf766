import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import type { TestApp } from './test-app.ts';

/**
 * tus requests sent byte for byte as written: `fetch` and `new URL` normalise a request target
 * (`..`, `\`, `//`), which would hide exactly the paths the upload security tests are about.
 */
export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** The body parsed as our JSON error (undefined at run time when it is not JSON). */
  json: { error: { code: string; message: string; [detail: string]: unknown } };
}

export function rawRequest(
  app: TestApp,
  method: string,
  target: string,
  headers: Record<string, string> = {},
  body?: Buffer,
): Promise<RawResponse> {
  const { hostname, port } = new URL(app.url);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: hostname,
        port,
        method,
        path: target,
        headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: RawResponse['json'] | undefined;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: json! });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The headers of a tus request made with an API key. */
export function tusHeaders(apiKey: string, extra: Record<string, string> = {}): Record<string, string> {
  return { 'tus-resumable': '1.0.0', authorization: `Bearer ${apiKey}`, ...extra };
}

export const b64 = (s: string) => Buffer.from(s).toString('base64');

/** POST /api/v1/uploads; returns the new upload's id (the last segment of its Location). */
export async function createUpload(
  app: TestApp,
  apiKey: string,
  deliverableId: string,
  size: number,
  filename = 'cut.mov',
): Promise<string> {
  const res = await rawRequest(
    app,
    'POST',
    '/api/v1/uploads',
    tusHeaders(apiKey, {
      'upload-length': String(size),
      'upload-metadata': `deliverable_id ${b64(deliverableId)},filename ${b64(filename)}`,
    }),
  );
  if (res.status !== 201) throw new Error(`create upload: ${res.status} ${res.text}`);
  const id = String(res.headers.location).split('/').pop()!;
  return id;
}

/** PATCH bytes at an offset to an upload id (the plain, well-formed target). */
export function patchUpload(app: TestApp, apiKey: string, id: string, offset: number, bytes: Buffer) {
  return rawRequest(
    app,
    'PATCH',
    `/api/v1/uploads/${id}`,
    tusHeaders(apiKey, {
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
    }),
    bytes,
  );
}

/** Every file in the tus directory (uploads and their `.json` sidecars) → SHA-256 of its bytes. */
export function tusDirSnapshot(app: TestApp): Record<string, string> {
  const dir = path.join(app.dataDir, 'uploads', 'tus');
  const out: Record<string, string> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (!fs.statSync(file).isFile()) continue;
    out[name] = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  }
  return out;
}
