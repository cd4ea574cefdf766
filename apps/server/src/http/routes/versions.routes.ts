import { deliverableVersionsParams, listVersionsQuery, versionParams } from '@preroll/contracts/versions';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decodeCursor } from '../../lib/pagination.ts';
import type { MediaFile } from '../../services/version.service.ts';
import type { PreviewKind } from '../../services/version-media.service.ts';
import { resolveRange } from '../byte-range.ts';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

export async function versionRoutes(app: FastifyInstance, { services }: RouteDeps): Promise<void> {
  app.get('/api/v1/deliverables/:id/versions', async (request) => {
    const { id } = parseInput(deliverableVersionsParams, request.params, 'params');
    const query = parseInput(listVersionsQuery, request.query, 'query');
    const page = await services.versions.list(actorOf(request), id, {
      limit: query.limit,
      after: decodeCursor(query.cursor),
    });
    return { data: page.items, next_cursor: page.nextCursor };
  });

  app.get('/api/v1/versions/:id', async (request) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    return { data: await services.versions.get(actorOf(request), id) };
  });

  // GET and HEAD share one handler so HEAD reports exactly the headers GET would send.
  // Cookie auth works here: a <video src> sends the session cookie (GET needs no CSRF header).
  const media = (purpose: 'play' | 'download') => async (request: FastifyRequest, reply: FastifyReply) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    const file = await services.versions.media(actorOf(request), id, purpose);
    return sendFile(request, reply, file, purpose === 'download' ? 'attachment' : 'inline');
  };
  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/v1/versions/:id/media',
    handler: media('play'),
    exposeHeadRoute: false,
  });
  // The original as a file to keep; a client needs the deliverable's download switch on.
  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/v1/versions/:id/original',
    handler: media('download'),
    exposeHeadRoute: false,
  });

  // The playback proxy, as the original above: Range, HEAD, ETag.
  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/v1/versions/:id/playback',
    exposeHeadRoute: false,
    handler: async (request, reply) => {
      const { id } = parseInput(versionParams, request.params, 'params');
      return sendFile(request, reply, await services.versionMedia.proxy(actorOf(request), id));
    },
  });

  // Previews made by the `versions.previews` job; cached by the browser and revalidated by ETag.
  for (const [file, kind] of PREVIEW_FILES) {
    app.get(`/api/v1/versions/:id/${file}`, async (request, reply) => {
      const { id } = parseInput(versionParams, request.params, 'params');
      return sendFile(request, reply, await services.versionMedia.preview(actorOf(request), id, kind));
    });
  }

  app.post('/api/v1/versions/:id/proxy/retry', async (request, reply) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    return reply.code(202).send({ data: await services.versionMedia.retryProxy(actorOf(request), id) });
  });

  app.delete('/api/v1/versions/:id', async (request, reply) => {
    const { id } = parseInput(versionParams, request.params, 'params');
    await services.versions.delete(actorOf(request), id);
    return reply.status(204).send();
  });
}

const PREVIEW_FILES: [string, PreviewKind][] = [
  ['poster.jpg', 'poster'],
  ['thumbnails.jpg', 'thumbnails'],
  ['thumbnails.vtt', 'thumbnails_vtt'],
  ['waveform.json', 'waveform'],
];

/**
 * Sends a version's file: Range (206/416), HEAD, and a 304 when the browser's copy
 * (`If-None-Match`) is still the file's. `attachment` for the original as a file to keep.
 */
async function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  file: MediaFile,
  disposition: 'inline' | 'attachment' = 'inline',
) {
  void reply
    .header('accept-ranges', 'bytes')
    .header('content-type', file.contentType)
    .header('content-disposition', `${disposition}; filename*=UTF-8''${rfc5987(file.filename)}`)
    .header('cache-control', 'private, no-cache')
    // The bytes are user-supplied: never let a browser sniff them into something executable.
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; media-src 'self'; sandbox");
  if (file.etag) void reply.header('etag', file.etag);
  if (file.etag && request.headers['if-none-match'] === file.etag) return reply.status(304).send();

  const ifRange = request.headers['if-range'];
  const honourRange = ifRange === undefined || (file.etag !== null && ifRange === file.etag);
  const range = resolveRange(honourRange ? request.headers.range : undefined, file.size);
  if (range.kind === 'unsatisfiable') {
    return reply
      .status(416)
      .header('content-range', `bytes */${file.size}`)
      .header('content-type', 'application/json; charset=utf-8')
      .send({
        error: {
          message: 'The requested range is outside the file',
          code: 'range_not_satisfiable',
          size: file.size,
        },
      });
  }
  const slice = range.kind === 'partial' ? { start: range.start, end: range.end } : undefined;
  const length = slice ? slice.end - slice.start + 1 : file.size;
  if (slice) void reply.status(206).header('content-range', `bytes ${slice.start}-${slice.end}/${file.size}`);
  void reply.header('content-length', String(length));
  if (request.method === 'HEAD' || length === 0) return reply.send();
  return reply.send(await file.open(slice));
}

/** RFC 5987 ext-value: encodeURIComponent leaves ' ( ) * unescaped, which attr-char does not allow. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
