import type { Readable } from 'node:stream';
import { exportMarkersQuery, importMarkersQuery } from '@preroll/contracts/markers';
import { versionParams } from '@preroll/contracts/versions';
import type { FastifyInstance } from 'fastify';
import { MARKER_FILE_MAX_BYTES, markerFileTooLarge } from '../../services/markers/marker-import.service.ts';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

/** Reads a request body as bytes, refusing it with `marker_file_too_large` past the limit. */
function readBody(payload: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    payload.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MARKER_FILE_MAX_BYTES) {
        payload.removeAllListeners('data');
        payload.resume();
        reject(markerFileTooLarge());
        return;
      }
      chunks.push(chunk);
    });
    payload.on('end', () => resolve(Buffer.concat(chunks)));
    payload.on('error', reject);
  });
}

/** RFC 6266 Content-Disposition with an ASCII fallback and the UTF-8 name. */
function disposition(kind: 'attachment' | 'inline', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export async function markerRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  // A version's notes as an NLE marker file or the printable report (docs/editors.md).
  app.get('/api/v1/versions/:id/markers', async (request, reply) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    const query = parseInput(exportMarkersQuery, request.query, 'query');
    const file = await services.markerExport.export(actorOf(request), id, query);
    void reply
      .header('content-type', file.contentType)
      .header(
        'content-disposition',
        disposition(query.format === 'html' ? query.disposition : 'attachment', file.filename),
      )
      .header('cache-control', 'private, no-cache')
      .header('x-content-type-options', 'nosniff');
    if (query.format === 'html') {
      // The report holds people's text: no script may run in it, whatever the text says.
      void reply.header(
        'content-security-policy',
        "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
      );
    }
    return reply.send(file.body);
  });

  // The marker file is the raw request body (any content type), with its format in the query.
  await app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', (_request, payload, done) => {
      readBody(payload).then(
        (bytes) => done(null, bytes),
        (err: Error) => done(err, undefined),
      );
    });

    scope.post('/api/v1/versions/:id/markers/import/preview', async (request) => {
      const { id } = parseInput(versionParams, request.params, 'params');
      const query = parseInput(importMarkersQuery, request.query, 'query');
      const body = Buffer.isBuffer(request.body) ? request.body : undefined;
      return { data: await services.markerImport.preview(actorOf(request), id, query, body) };
    });

    scope.post('/api/v1/versions/:id/markers/import', async (request, reply) => {
      const { id } = parseInput(versionParams, request.params, 'params');
      const query = parseInput(importMarkersQuery, request.query, 'query');
      const body = Buffer.isBuffer(request.body) ? request.body : undefined;
      const result = await services.markerImport.import(actorOf(request), id, query, body);
      return reply.status(result.created > 0 ? 201 : 200).send({ data: result });
    });
  });
}
