import type { IncomingMessage } from 'node:http';
import { uploadMetadata } from '@preroll/contracts/versions';
import { FileStore } from '@tus/file-store';
import { EVENTS, Metadata, Server as TusServer, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, badRequest, notFound } from '../../lib/errors.ts';
import type { AcceptedUpload } from '../../services/version.service.ts';
import { actorOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

const UPLOADS_PATH = '/api/v1/uploads';
const UPLOAD_ID = /^[0-9a-f]{32}$/;
/** At most one `upload.progress` event per upload request every this many ms. */
const PROGRESS_INTERVAL_MS = 500;

/** The tus request handed to hooks carries the Node request it was made from (srvx). */
type TusRequest = { runtime?: { node?: { req?: IncomingMessage } } };

/**
 * tus resumable uploads (https://tus.io/protocols/resumable-upload) at /api/v1/uploads. Fastify
 * authenticates and authorizes (our JSON errors, before any byte is read), then hands the raw
 * request to @tus/server, which streams the body to disk: nothing is buffered in memory and no body
 * limit applies. The finished file becomes a deliverable version.
 */
export async function uploadRoutes(app: FastifyInstance, { services, config }: RouteDeps): Promise<void> {
  const versions = services.versions;
  // Set by our pre-check, read by tus's onUploadCreate: the org/user/deliverable we accepted.
  const accepted = new WeakMap<IncomingMessage, AcceptedUpload>();

  const tus = new TusServer({
    path: UPLOADS_PATH,
    datastore: new FileStore({ directory: versions.uploadDirectory }),
    relativeLocation: true,
    // The SPA is same-origin; tus would otherwise answer every request with ACAO: *.
    allowedOrigins: [new URL(config.publicUrl).origin],
    // A finished upload is a version's file now; it goes away with DELETE /versions/:id only.
    disableTerminationForFinishedUploads: true,
    postReceiveInterval: PROGRESS_INTERVAL_MS,
    exposedHeaders: ['Preroll-Version-Id'],
    async onUploadCreate(req, _upload: Upload) {
      const raw = (req as TusRequest).runtime?.node?.req;
      const ours = raw ? accepted.get(raw) : undefined;
      if (!ours) throw { status_code: 401, body: 'Authentication required\n' };
      // Only what we validated is kept: clients cannot smuggle an org_id in.
      return { metadata: { ...ours } };
    },
    async onUploadFinish(_req, upload: Upload) {
      const size = upload.size ?? upload.offset;
      await versions.publishProgress({ uploadId: upload.id, offset: size, size, metadata: upload.metadata });
      const version = await versions.completeUpload(
        { uploadId: upload.id, size, metadata: upload.metadata ?? {} },
        (details, message) => app.log.warn(details, message),
      );
      return { headers: { 'Preroll-Version-Id': version.id } };
    },
    onResponseError(_req, err) {
      if (err instanceof AppError) {
        return {
          status_code: err.status,
          body: JSON.stringify({ error: { message: err.message, code: err.code, ...err.details } }),
        };
      }
      // tus protocol errors carry a status_code; anything else is our bug and must reach the log.
      if (!('status_code' in err)) app.log.error({ err }, 'upload handling failed');
      return undefined;
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

  const handle = async (request: FastifyRequest<{ Params: { uploadId?: string } }>, reply: FastifyReply) => {
    if (request.method !== 'OPTIONS') {
      // CORS preflight carries no credentials; everything else must be authenticated.
      const actor = actorOf(request);
      if (request.method === 'POST') {
        const meta = parseInput(uploadMetadata, decodeMetadata(request.headers['upload-metadata']), 'body');
        accepted.set(request.raw, await versions.acceptUpload(actor, meta));
      } else {
        const id = request.params.uploadId;
        // Our ids are tus's default (32 hex chars); anything else never reaches the file store.
        const upload = id && UPLOAD_ID.test(id) ? await tus.datastore.getUpload(id).catch(() => null) : null;
        if (!upload) throw notFound('Upload');
        versions.checkUploadAccess(actor, upload.metadata);
      }
    }
    reply.hijack();
    await tus.handle(request.raw, reply.raw);
  };

  await app.register(async (scope) => {
    // Upload bodies are left unread for tus to stream to disk (no JSON parsing, no body limit).
    scope.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));
    const methods = ['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'] as const;
    scope.route({ method: [...methods], url: UPLOADS_PATH, handler: handle, exposeHeadRoute: false });
    scope.route({
      method: [...methods],
      url: `${UPLOADS_PATH}/:uploadId`,
      handler: handle,
      exposeHeadRoute: false,
    });
  });
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
