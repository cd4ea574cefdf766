import type { FastifyInstance } from 'fastify';
import type { RouteDeps } from '../route-deps.ts';

/**
 * `/` until the studio web app is served here: says what is running and where to look, so
 * `npm start` gives a person something to open.
 */
export async function homeRoutes(app: FastifyInstance, { config }: RouteDeps): Promise<void> {
  const frameio = config.frameio.clientId
    ? 'Frame.io: connected to Adobe IMS and api.frame.io (FRAMEIO_CLIENT_ID is set).'
    : `Frame.io: the local sandbox (no FRAMEIO_CLIENT_ID set) at <a href="http://localhost:${config.frameio.sandboxPort}/">localhost:${config.frameio.sandboxPort}</a>.`;
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>preroll</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font:15px/1.5 system-ui,sans-serif;max-width:44rem;margin:3rem auto;padding:0 1rem;color:#e8e8ea;background:#15161a}
a{color:#8ab4ff}code{background:#24262d;padding:.1rem .3rem;border-radius:3px}</style></head>
<body><main>
<h1>preroll</h1>
<p>The production pipeline for video and podcast teams is running.</p>
<ul>
<li>API: <code>/api/v1</code> (JSON, <code>Authorization: Bearer pr_…</code> or a session cookie), see <code>docs/api.md</code>.</li>
<li>Health: <a href="/healthz">/healthz</a></li>
<li>${frameio}</li>
</ul>
</main></body></html>`;
  app.get('/', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
}
