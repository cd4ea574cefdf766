import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../lib/errors.ts';
import { mediaStorageErrorFor } from '../../services/upload-errors.ts';
import { redactUrl } from '../log-redaction.ts';

/**
 * Errors Fastify raises before routing (a URL that is not valid percent-encoding). Its own answer
 * would quote the URL, which may carry a token; ours does not.
 */
export function frameworkErrorHandler(
  _err: FastifyError,
  _request: FastifyRequest,
  reply: FastifyReply,
): void {
  void reply.status(400).send({ error: { message: 'The URL is malformed', code: 'malformed_url' } });
}

/**
 * One error shape for the whole API: `{"error": {"message", "code", ...details}}`.
 * Unknown errors are logged with the request id and answered with a generic 500, so internals
 * (SQL, file paths, tokens) never reach a client.
 */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError, request, reply) => {
    // Media storage that cannot be used (disk, or an object store unreachable or refusing our
    // credentials): the code, never the raw message; the cause goes to the log.
    const storage = mediaStorageErrorFor(err);
    if (storage) {
      request.log.warn({ err }, 'media storage failure');
      return reply
        .status(storage.status)
        .send({ error: { message: storage.message, code: storage.code, ...storage.details } });
    }
    if (err instanceof AppError) {
      if (err.status === 429 && typeof err.details.retry_after === 'number') {
        void reply.header('retry-after', String(err.details.retry_after));
      }
      return reply
        .status(err.status)
        .send({ error: { message: err.message, code: err.code, ...err.details } });
    }
    const fe = err as FastifyError;
    if (fe.code === 'FST_ERR_CTP_BODY_TOO_LARGE' || fe.statusCode === 413) {
      return reply
        .status(413)
        .send({ error: { message: 'The request body is too large', code: 'payload_too_large' } });
    }
    if (fe.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' || fe.statusCode === 415) {
      return reply.status(415).send({
        error: { message: 'Send JSON with Content-Type: application/json', code: 'unsupported_media_type' },
      });
    }
    if (
      fe.code?.startsWith('FST_ERR_CTP') ||
      fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' ||
      err instanceof SyntaxError
    ) {
      return reply
        .status(400)
        .send({ error: { message: 'The body is not valid JSON', code: 'malformed_json' } });
    }
    if (fe.statusCode === 429) {
      return reply.status(429).send({ error: { message: 'Too many requests', code: 'rate_limited' } });
    }
    if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
      return reply.status(fe.statusCode).send({ error: { message: fe.message, code: 'bad_request' } });
    }
    request.log.error({ err }, 'unhandled error');
    return reply
      .status(500)
      .send({ error: { message: 'Something went wrong on our side', code: 'internal_error' } });
  });

  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send({
      error: {
        message: `No route for ${request.method} ${redactUrl(request.url.split('?')[0]!)}`,
        code: 'route_not_found',
      },
    });
  });
}
