import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { type Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface PartPutInput {
  url: string;
  /** The file on local disk, or `open` (a file in media storage, local or S3). */
  path?: string;
  open?: (range: { start: number; end: number }) => Promise<Readable>;
  /** Byte offset of the part in the file. */
  start: number;
  size: number;
  contentType: string;
  signal?: AbortSignal;
  /** Bytes handed to the socket so far for this attempt (live progress; a failed attempt restarts at 0). */
  onBytes?: (sent: number) => void;
}

export interface PartPutResult {
  status: number;
  /** The first 2 KB of the body (S3-style XML errors name the cause). */
  body: string;
}

const keepAliveHttp = new http.Agent({ keepAlive: true, maxSockets: 16 });
const keepAliveHttps = new https.Agent({ keepAlive: true, maxSockets: 16 });

/**
 * PUTs bytes [start, start + size) of a file to a presigned upload URL, streamed from disk:
 * memory stays at the stream's buffers (64 KiB read chunks + socket buffers) whatever the part
 * size. node:http rather than fetch because the S3-like endpoint requires an exact
 * Content-Length and fetch sends a streamed body chunked. Headers per docs/frameio-api-notes.md, "Local upload flow":
 * `x-amz-acl: private` and `Content-Type` equal to the file's media_type (both signed).
 */
export async function putPart(input: PartPutInput): Promise<PartPutResult> {
  // An empty part (a 0-byte file) cannot use an inclusive `end`.
  const range = { start: input.start, end: input.start + input.size - 1 };
  let source: Readable | null = null;
  if (input.size > 0) {
    if (input.open) source = await input.open(range);
    else if (input.path) source = fs.createReadStream(input.path, range);
    else throw new Error('putPart needs a path or open()');
  }
  return send(input, source);
}

function send(input: PartPutInput, source: Readable | null): Promise<PartPutResult> {
  const url = new URL(input.url);
  const client = url.protocol === 'https:' ? https : http;
  return new Promise<PartPutResult>((resolve, reject) => {
    const req = client.request(url, {
      method: 'PUT',
      agent: url.protocol === 'https:' ? keepAliveHttps : keepAliveHttp,
      headers: {
        'content-length': String(input.size),
        'content-type': input.contentType,
        'x-amz-acl': 'private',
      },
      signal: input.signal,
    });
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      req.destroy();
      reject(err);
    };
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let kept = 0;
      res.on('data', (c: Buffer) => {
        if (kept < 2048) {
          chunks.push(c);
          kept += c.length;
        }
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8').slice(0, 2048) });
      });
      res.on('error', fail);
    });
    req.on('error', fail);
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        sent += chunk.length;
        input.onBytes?.(sent);
        cb(null, chunk);
      },
    });
    if (!source) {
      req.end();
      return;
    }
    pipeline(source, counter, req).catch((err: unknown) => {
      // The server may answer (e.g. 403) and close before the body is sent: the response wins.
      if (!req.writableFinished && !settled) {
        setTimeout(() => fail(err), 50);
      }
    });
  });
}
