import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { FileRec } from '../state/state-types.ts';
import { parseAmzDate, partSignatureInput } from './signed-urls.ts';
import { finishUpload } from './upload-lifecycle.ts';

/** An S3-style XML error, the way a presigned PUT fails on S3. */
function s3Error(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>${randomBytes(
    8,
  )
    .toString('hex')
    .toUpperCase()}</RequestId></Error>`;
  return reply.code(status).header('content-type', 'application/xml').send(xml);
}

async function drain(req: FastifyRequest): Promise<void> {
  const raw = req.raw;
  if (raw.readableEnded) return;
  raw.resume();
  await once(raw, 'end').catch(() => undefined);
}

/**
 * `PUT /_s3/parts/<file_id>/part_<n>?X-Amz-...` — the sandbox's own presigned-URL endpoint.
 * Rules (frameio-api-notes.md, "Local upload flow"; the exact refusals are choices, see
 * packages/frameio-sandbox/README.md, "Deviations"): valid signature and not expired;
 * `x-amz-acl: private` and `Content-Type` equal to the file's media_type (both are signed headers,
 * so a mismatch is SignatureDoesNotMatch); Content-Length required (411) and exactly the part
 * size; anything else 403. Parts may arrive concurrently and repeatedly.
 */
export function registerS3Routes(app: FastifyInstance, rt: SandboxRuntime): void {
  app.register(async (s3) => {
    s3.removeAllContentTypeParsers();
    s3.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

    s3.put('/_s3/parts/:fileId/:part', async (req, reply) => {
      const { fileId, part } = req.params as { fileId: string; part: string };
      const q = req.query as Record<string, string | undefined>;
      const asset = rt.store.state.assets[fileId];
      const n = Number(/^part_(\d+)$/.exec(part)?.[1] ?? Number.NaN);
      const reject = async (status: number, code: string, message: string): Promise<FastifyReply> => {
        await drain(req);
        return s3Error(reply, status, code, message);
      };
      if (asset?.type !== 'file' || !Number.isInteger(n) || n < 1 || n > asset.parts.length) {
        return reject(404, 'NoSuchUpload', 'The specified upload does not exist.');
      }
      const file: FileRec = asset;
      const date = q['X-Amz-Date'] ?? '';
      const expires = q['X-Amz-Expires'] ?? '';
      const sig = q['X-Amz-Signature'] ?? '';
      if (!rt.uploads.verify(partSignatureInput(file.id, n, date, expires), sig)) {
        return reject(
          403,
          'SignatureDoesNotMatch',
          'The request signature we calculated does not match the signature you provided.',
        );
      }
      const issued = parseAmzDate(date) ?? 0;
      const now = rt.store.clock.now();
      if (issued + Number(expires) * 1000 < now || file.upload_expires_at < now) {
        return reject(403, 'AccessDenied', 'Request has expired');
      }
      if (req.headers['x-amz-acl'] !== 'private') {
        return reject(
          403,
          'SignatureDoesNotMatch',
          'x-amz-acl: private is a signed header and must be sent.',
        );
      }
      const contentType = (req.headers['content-type'] ?? '').trim();
      if (contentType !== file.media_type) {
        return reject(
          403,
          'SignatureDoesNotMatch',
          `Content-Type must be the file's media_type (${file.media_type}).`,
        );
      }
      const expected = file.parts[n - 1]!.size;
      const lengthHeader = req.headers['content-length'];
      if (lengthHeader === undefined)
        return reject(411, 'MissingContentLength', 'You must provide the Content-Length HTTP header.');
      if (Number(lengthHeader) !== expected) {
        return reject(403, 'AccessDenied', `Part ${n} must be exactly ${expected} bytes.`);
      }
      if (file.status !== 'created') {
        await drain(req);
        file.parts[n - 1]!.puts += 1;
        return reply
          .code(200)
          .header('etag', `"${randomBytes(16).toString('hex')}"`)
          .send();
      }
      file.uploaded_at ??= rt.store.clock.iso();
      const ok = await rt.uploads.writePart(file.id, n, req.body as Readable, expected);
      if (!ok) return s3Error(reply, 403, 'AccessDenied', `Part ${n} must be exactly ${expected} bytes.`);
      const current = rt.store.state.assets[file.id];
      if (current?.type !== 'file')
        return s3Error(reply, 404, 'NoSuchUpload', 'The specified upload does not exist.');
      const rec = current.parts[n - 1]!;
      rec.puts += 1;
      rec.done = true;
      rt.store.changed();
      if (current.parts.every((p) => p.done) && current.status === 'created') {
        finishUpload(rt, current).catch(() => {
          current.upload_failed = true;
        });
      }
      return reply
        .code(200)
        .header('etag', `"${randomBytes(16).toString('hex')}"`)
        .send();
    });
  });
}
