import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { mayCallFrameio } from '../ims/scope-claims.ts';
import { getOperation, type SpecOperation } from '../spec/openapi-spec.ts';
import type { TokenRec, UserRec } from '../state/state-types.ts';
import { ApiError, notFound, unauthorized } from './api-error.ts';
import { FAULT_DETAIL } from './fault-injector.ts';
import type { RateDecision } from './rate-limiter.ts';
import { validateBody, validateQuery } from './request-validator.ts';
import type { SandboxRuntime } from './runtime.ts';

export interface OpContext {
  rt: SandboxRuntime;
  op: SpecOperation;
  user: UserRec;
  token: TokenRec;
  params: Record<string, string>;
  query: Record<string, string | undefined>;
  // biome-ignore lint/suspicious/noExplicitAny: validated against the spec schema before use
  body: any;
  req: FastifyRequest;
  /** path without query, used for links.next */
  path: string;
}

export type OpHandler = (ctx: OpContext) => unknown | Promise<unknown>;

/** 429 with `Retry-After` in whole seconds, at least 1 (frameio-api-notes.md, "Rate limits"). */
function tooManyRequests(retryAfterMs: number): ApiError {
  return new ApiError(429, [{ detail: 'Too many requests' }], {
    'retry-after': String(Math.max(1, Math.ceil(retryAfterMs / 1000))),
  });
}

function rateHeaders(reply: FastifyReply, d: RateDecision): void {
  reply.header('x-ratelimit-limit', String(d.limit));
  reply.header('x-ratelimit-remaining', String(d.remaining));
  reply.header('x-ratelimit-window', String(d.windowMs));
}

/**
 * Registers one spec operation. Order: bearer auth and the token's scope (401, frameio-api-notes.md,
 * "Scopes") → leaky bucket (429) → injected faults
 * → account membership (404, also for other accounts' ids) → query and body validation (422)
 * → handler. Rate-limit headers go on every non-204 answer (frameio-api-notes.md, "Rate limits").
 * A handler returns the body; `undefined` means 204 with no body and no headers.
 */
export function defineOp(
  app: FastifyInstance,
  rt: SandboxRuntime,
  operationId: string,
  handler: OpHandler,
): void {
  const op = getOperation(operationId);
  app.route({
    method: op.method,
    url: op.routePath,
    handler: async (req, reply) => {
      let decision: RateDecision | null = null;
      try {
        const auth = rt.tokens.authenticate(req.headers.authorization);
        if (!auth || !mayCallFrameio(auth.token)) {
          decision = rt.limiter.peek(op.rateLimit);
          throw unauthorized();
        }
        decision = rt.limiter.take(
          `${(req.params as Record<string, string>).account_id ?? '-'}|${auth.user.id}|${op.operationId}`,
          op.rateLimit,
        );
        if (!decision.allowed) throw tooManyRequests(decision.retryAfterMs);
        const faultStatus = await rt.faults.apply(op.operationId);
        if (faultStatus === 429) {
          // An injected 429 looks like an organic one: bucket empty, Retry-After for one slot.
          decision = { ...decision, allowed: false, remaining: 0 };
          throw tooManyRequests(decision.windowMs / decision.limit);
        }
        if (faultStatus) throw new ApiError(faultStatus, [{ detail: FAULT_DETAIL[faultStatus] ?? 'Error' }]);
        const params = req.params as Record<string, string>;
        if (params.account_id !== undefined) {
          const member = rt.store.state.memberships.some(
            (m) => m.account_id === params.account_id && m.user_id === auth.user.id,
          );
          if (!member) throw notFound();
        }
        const query = req.query as Record<string, string | undefined>;
        validateQuery(op, query);
        validateBody(op, req.body);
        const result = await handler({
          rt,
          op,
          user: auth.user,
          token: auth.token,
          params,
          query,
          body: req.body,
          req,
          path: req.url.split('?')[0] ?? req.url,
        });
        if (result === undefined) {
          reply.code(204).send();
          return reply;
        }
        rateHeaders(reply, decision);
        reply.code(op.successStatus).send(result);
        return reply;
      } catch (err) {
        if (!(err instanceof ApiError)) throw err;
        if (decision) rateHeaders(reply, decision);
        reply.headers(err.headers).code(err.status).send(err.body());
        return reply;
      }
    },
  });
}
