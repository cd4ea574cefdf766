import type { ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import { unauthorized } from '../../lib/errors.ts';
import type { StreamCredential } from '../../realtime/access-events.ts';
import type { RealtimeEvent } from '../../realtime/event-bus.ts';
import { eventFor } from '../../realtime/event-visibility.ts';
import { StreamAccessGuard } from '../../realtime/stream-access-guard.ts';
import { actorOf, type RequestAuth } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';

/** Comment lines keep proxies and load balancers from closing an idle stream (most cut at 30–60 s). */
export const SSE_HEARTBEAT_MS = 15_000;
/** Tells EventSource how soon to reconnect after a drop. */
export const SSE_RETRY_MS = 3_000;

/**
 * `GET /api/v1/events`: Server-Sent Events for the caller's organization.
 *
 * Each event is an unnamed SSE message (`data: {"type": "comment.created", "data": {…}}`), so a
 * client needs one `onmessage` handler. There are no event ids and `Last-Event-ID` is ignored:
 * events are change notifications, and a client refetches what it shows after (re)connecting.
 * Portal users receive only their client's non-internal events (realtime/event-visibility.ts).
 *
 * A stream lasts only as long as the access it was opened with: logout, a role change, member
 * removal, API key revocation or portal-user deletion end it at once (access events on the bus,
 * realtime/stream-access-guard.ts), and every `config.sseRecheckMs` it re-checks its credential
 * anyway (an expired session). The browser's reconnect then gets 401/403 and stops, or, after a
 * role change, opens a stream with the new view.
 */
export async function eventRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const open = new Set<ServerResponse>();

  // Fastify's close waits for open connections; end the streams first so shutdown is not held up.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
    open.clear();
  });

  app.get('/api/v1/events', async (request, reply) => {
    const actor = actorOf(request);
    const credential = credentialOf(request.auth);
    const res = reply.raw;
    const send = (event: RealtimeEvent) => {
      const visible = eventFor(actor, event);
      if (res.writableEnded || res.destroyed || !visible) return;
      res.write(`data: ${JSON.stringify({ type: visible.type, data: visible.data })}\n\n`);
    };
    const guard = new StreamAccessGuard({
      credential,
      actor,
      currentActor: (c) => deps.services.auth.currentActor(c),
      deliver: send,
      end: () => res.end(),
    });
    // Subscribe before the headers go out, so anything published after the client sees the
    // response is delivered.
    const unsubscribe = deps.events.subscribe(actor.orgId, guard.onEvent);
    // Access taken away between authenticating this request and subscribing was announced before
    // we listened: one check now closes that gap (later changes arrive as events).
    guard.recheck();
    reply.hijack();
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      // nginx buffers proxied responses unless told otherwise; buffering would hold events back.
      'x-accel-buffering': 'no',
    });
    res.write(`retry: ${SSE_RETRY_MS}\n: connected\n\n`);
    open.add(res);
    deps.metrics.sseConnections.inc();
    const heartbeat = setInterval(() => {
      if (!res.writableEnded && !res.destroyed) res.write(': heartbeat\n\n');
    }, SSE_HEARTBEAT_MS);
    heartbeat.unref();
    const recheck = setInterval(() => guard.recheck(), deps.config.sseRecheckMs);
    recheck.unref();
    let cleanedUp = false;
    // Runs once (an unsubscribe called twice could drop another stream's subscription).
    const cleanup = () => {
      if (cleanedUp) return;
      cleanedUp = true;
      clearInterval(heartbeat);
      clearInterval(recheck);
      guard.stop();
      unsubscribe();
      open.delete(res);
      deps.metrics.sseConnections.dec();
    };
    // The response's 'close' fires when the client goes away (the request's fires once it is read).
    res.on('close', cleanup);
    res.on('error', cleanup);
  });
}

function credentialOf(auth: RequestAuth): StreamCredential {
  if (auth.apiKeyId) return { kind: 'api_key', apiKeyId: auth.apiKeyId };
  if (auth.sessionId) return { kind: 'session', sessionId: auth.sessionId };
  // actorOf succeeded, so the request carried one of the two.
  throw unauthorized();
}
