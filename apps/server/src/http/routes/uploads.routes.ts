import type { IncomingMessage } from 'node:http';
import { uploadMetadata } from '@preroll/contracts/versions';
import { EVENTS, Metadata, Server as TusServer, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest, notFound } from '../../lib/errors.ts';
import { uploadErrorFor } from '../../services/upload-errors.ts';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';
import { UPLOADS_PATH, UploadGrants, uploadIdFromTarget, uploadLocation } from './tus-upload-ids.ts';

/** At most one `upload.progress` event per upload request every this many ms. */
const PROGRESS_INTERVAL_MS = 500;

/** The tus request handed to hooks carries the Node request it was made from (srvx). */
type TusRequest = { runtime?: { node?: { req?: IncomingMessage } } };
const nodeRequestOf = (req: unknown) => (req as TusRequest).runtime?.node?.req;

/**
 * tus resumable uploads (https://tus.io/protocols/resumable-upload) at /api/v1/uploads. Fastify
 * authenticates and authorizes (our JSON errors, before any byte is read), then hands the raw
 * request to @tus/server, which streams the body to disk: nothing is buffered in memory and no body
 * limit applies. The finished file becomes a deliverable version.
 *
 * The upload tus acts on is the one our pre-check authorized, handed over in UploadGrants; tus
 * never reads an id from the URL itself (it would take the last `/` segment of the whole URL,
 * query string included, and so act on another organization's upload).
 */
export async function uploadRoutes(
  app: FastifyInstance,
  { services, config, metrics }: RouteDeps,
): Promise<void> {
  const versions = services.versions;
  const grants = new UploadGrants();

  const tus = new TusServer({
    path: UPLOADS_PATH,
    datastore: versions.uploadStore,
    locker: versions.uploadLocker,
    maxSize: config.uploads.maxBytes,
    getFileIdFromRequest: (req) => grants.authorizedId(nodeRequestOf(req)),
    generateUrl: (_req, { id }) => uploadLocation(id),
    // The SPA is same-origin; tus would otherwise answer every request with ACAO: *.
    allowedOrigins: [new URL(config.publicUrl).origin],
    // A finished upload is a version's file now; it goes away with DELETE /versions/:id only.
    disableTerminationForFinishedUploads: true,
    postReceiveInterval: PROGRESS_INTERVAL_MS,
    exposedHeaders: ['Preroll-Version-Id'],
    async onUploadCreate(req, _upload: Upload) {
      const ours = grants.acceptedCreation(nodeRequestOf(req));
      if (!ours) throw { status_code: 401, body: 'Authentication required\n' };
      // Only what we validated is kept: clients cannot smuggle an org_id in.
      return { metadata: { ...ours } };
    },
    async onUploadFinish(_req, upload: Upload) {
      const size = upload.size ?? upload.offset;
      await versions.publishProgress({ uploadId: upload.id, offset: size, size, metadata: upload.metadata });
      const version = await versions.completeUpload({
        uploadId: upload.id,
        size,
        metadata: upload.metadata ?? {},
      });
      return { headers: { 'Preroll-Version-Id': version.id } };
    },
    onResponseError(_req, err) {
      const known = uploadErrorFor(err);
      if (known) {
        // A storage failure's raw error (errno, path) is for the log; the client gets the code.
        if (known.status >= 500) app.log.warn({ err }, 'upload storage failure');
        return jsonError(known);
      }
      // tus protocol errors (409 offset mismatch, 413 over the declared length …) keep tus's answer.
      if ('status_code' in err && err.status_code < 500) return undefined;
      app.log.error({ err }, 'upload handling failed');
      return jsonError(new AppError(500, 'internal_error', 'Something went wrong on our side'));
    },
  });
  tus.on(EVENTS.POST_RECEIVE, (_stream: unknown, upload: Upload) => {
    void versions
      .publishProgress({
        uploadId: upload.id,
        offset: upload.offset,
        size: upload.size,
        metadata: upload.metadata,
      })
      .catch(() => {
        // Progress is best effort; the upload itself must not fail because an event did.
      });
  });

  /** POST /uploads: accepted (org, deliverable, size, free space) before tus creates anything. */
  const create = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = actorOf(request);
    if (request.raw.url !== UPLOADS_PATH) throw notFound('Upload');
    const meta = parseInput(uploadMetadata, decodeMetadata(request.headers['upload-metadata']), 'body');
    const length = declaredLength(request.headers['upload-length']);
    grants.acceptCreation(request.raw, await versions.acceptUpload(actor, meta, length));
    return handOver(reply, request);
  };

  /** HEAD/PATCH/DELETE /uploads/<id>: the id from the path alone, of the caller's organization. */
  const existing = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = actorOf(request);
    const id = uploadIdFromTarget(request.raw.url);
    if (!id) throw notFound('Upload');
    await versions.authorizeUpload(actor, id);
    grants.authorize(request.raw, id);
    if (request.method === 'PATCH') countUploadBytes(request, reply);
    return handOver(reply, request);
  };

  /** CORS preflight carries no credentials, and tus answers it without touching any upload. */
  const preflight = async (request: FastifyRequest, reply: FastifyReply) => handOver(reply, request);

  /**
   * Active uploads and bytes received (docs/operations.md): a PATCH is active until it answers,
   * and its bytes are the offset it answers minus the offset it started from.
   */
  const countUploadBytes = (request: FastifyRequest, reply: FastifyReply) => {
    const from = Number(request.headers['upload-offset']);
    metrics.uploadsActive.inc();
    reply.raw.once('close', () => {
      metrics.uploadsActive.dec();
      const to = Number(reply.raw.getHeader('upload-offset'));
      if (Number.isFinite(from) && Number.isFinite(to) && to > from) metrics.uploadBytes.inc(to - from);
    });
  };

  const handOver = async (reply: FastifyReply, request: FastifyRequest) => {
    reply.hijack();
    await tus.handle(request.raw, reply.raw);
  };

  await app.register(async (scope) => {
    // Upload bodies are left unread for tus to stream to disk (no JSON parsing, no body limit).
    scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    const item = `${UPLOADS_PATH}/:uploadId`;
    scope.route({ method: 'POST', url: UPLOADS_PATH, handler: create });
    scope.route({
      method: ['HEAD', 'PATCH', 'DELETE'],
      url: item,
      handler: existing,
      exposeHeadRoute: false,
    });
    scope.route({ method: 'OPTIONS', url: UPLOADS_PATH, handler: preflight });
    scope.route({ method: 'OPTIONS', url: item, handler: preflight });
  });
}

function jsonError(err: AppError): { status_code: number; body: string } {
  return {
    status_code: err.status,
    body: JSON.stringify({ error: { message: err.message, code: err.code, ...err.details } }),
  };
}

/**
 * tus `Upload-Length`, required: an upload of unknown length (Upload-Defer-Length) could not be
 * held to the size limit nor checked against the free disk space before its bytes arrive.
 */
function declaredLength(header: string | string[] | undefined): number {
  if (typeof header !== 'string' || !/^\d{1,20}$/.test(header)) {
    throw badRequest(
      'invalid_upload_length',
      'Upload-Length must be the upload size in bytes (uploads of unknown length are not accepted)',
    );
  }
  return Number(header);
}

/** tus `Upload-Metadata`: comma-separated `key base64value` pairs. */
function decodeMetadata(header: string | string[] | undefined): Record<string, string | undefined> {
  if (typeof header !== 'string' || header.trim() === '') return {};
  try {
    const parsed = Metadata.parse(header);
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v ?? undefined]));
  } catch {
    throw badRequest(
      'invalid_upload_metadata',
      'Upload-Metadata must be comma-separated "key base64value" pairs',
    );
  }
}
