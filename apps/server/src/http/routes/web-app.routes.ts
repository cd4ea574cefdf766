import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { canonicalPageRedirect } from '../canonical-origin.ts';
import type { RouteDeps } from '../route-deps.ts';

/** apps/web/dist, built by `npm run build -w @preroll/web` (vite). */
export const WEB_DIST_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../../web/dist',
);

/** Paths the SPA never owns: the API, the health check, and the Frame.io callback/webhooks. */
const SERVER_PREFIXES = ['api/', 'healthz'];

function isServerPath(rel: string): boolean {
  return rel === 'api' || SERVER_PREFIXES.some((p) => rel === p || rel.startsWith(p));
}

/** A real file under dist, resolved without letting `..` or symlinks step outside it. */
function distFile(root: string, rel: string): string | null {
  if (rel === '' || rel.includes('\0')) return null;
  const full = path.resolve(root, rel);
  if (full !== root && !full.startsWith(root + path.sep)) return null;
  try {
    return fs.statSync(full).isFile() ? path.relative(root, full) : null;
  } catch {
    return null;
  }
}

function acceptsHtml(request: FastifyRequest): boolean {
  // Browsers navigating send text/html; a missing script or image (*/*) gets a 404, not HTML.
  return (request.headers.accept ?? '').includes('text/html');
}

/**
 * Serves the studio/portal SPA from apps/web/dist at `/`: built files as they are (hashed
 * assets cached for a year), and index.html for any other GET that asks for HTML (the client
 * router's deep links like /episodes/:id or /portal/login?token=…). /api/* and /healthz are
 * never answered here, so an unknown API path still gets the JSON 404. A page asked for under
 * another loopback name than PUBLIC_URL's is redirected there first (canonical-origin.ts).
 */
export async function webAppRoutes(app: FastifyInstance, deps: RouteDeps): Promise<void> {
  const root = WEB_DIST_DIR;

  const sendIndex = (reply: FastifyReply) => {
    if (!fs.existsSync(path.join(root, 'index.html'))) {
      return reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('The web app is not built yet: run `npm run build -w @preroll/web`.');
    }
    // Never cached: it names the current hashed bundles.
    return reply.header('cache-control', 'no-cache').sendFile('index.html', root);
  };

  const handler = async (request: FastifyRequest, reply: FastifyReply) => {
    // find-my-way has already percent-decoded the wildcard.
    const rel = ((request.params as { '*'?: string })['*'] ?? '').replace(/^\/+/, '');
    if (isServerPath(rel)) return reply.callNotFound();
    if (acceptsHtml(request)) {
      // 127.0.0.1 vs localhost: see canonical-origin.ts (cookies and the OAuth callback).
      const canonical = canonicalPageRedirect(deps.config.publicUrl, request.headers.host, request.url);
      if (canonical) return reply.header('cache-control', 'no-store').redirect(canonical, 307);
    }
    const file = distFile(root, rel);
    if (file) {
      const immutable = file.startsWith(`assets${path.sep}`);
      return reply
        .header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
        .sendFile(file, root);
    }
    if (acceptsHtml(request)) return sendIndex(reply);
    return reply.callNotFound();
  };

  // serve: false: we only want reply.sendFile (with its Range/ETag/304 handling); the handler
  // decides what is a file, what is the SPA, and what is not ours. An encapsulated scope keeps
  // the sendFile decorator from clashing with any other plugin that registers @fastify/static.
  await app.register(async (scope) => {
    await scope.register(fastifyStatic, { root, serve: false, decorateReply: true, cacheControl: false });
    scope.get('/*', handler);
  });
}
