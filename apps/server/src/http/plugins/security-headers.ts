import helmet from '@fastify/helmet';
import type { FastifyInstance } from 'fastify';

/**
 * Security headers on every response (@fastify/helmet), including the hijacked ones (SSE, tus):
 * helmet writes them on the raw response when the request arrives.
 *
 * The CSP is what the SPA needs and nothing more: its bundle, styles and media come from this
 * origin, and it talks only to this origin (JSON API, SSE at /api/v1/events, tus at
 * /api/v1/uploads). The Frame.io consent page is another origin, reached by a top-level
 * navigation, which CSP does not restrict. No page may frame preroll (clickjacking on approve,
 * delete, Send to Frame.io), and no Referer leaves a page: a magic-link URL holds its token.
 * HSTS and upgrade-insecure-requests only when PUBLIC_URL is https: on plain http they would
 * break a LAN or localhost install.
 */
export async function registerSecurityHeaders(app: FastifyInstance, publicUrl: string): Promise<void> {
  const https = publicUrl.startsWith('https://');
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        'default-src': ["'self'"],
        'base-uri': ["'self'"],
        'script-src': ["'self'"],
        'style-src': ["'self'"],
        'img-src': ["'self'"],
        'media-src': ["'self'"],
        'font-src': ["'self'"],
        'connect-src': ["'self'"],
        'object-src': ["'none'"],
        'frame-ancestors': ["'none'"],
        'form-action': ["'self'"],
        ...(https ? { 'upgrade-insecure-requests': [] } : {}),
      },
    },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    // One year, this host only: includeSubDomains would bind other services on the same domain.
    hsts: https ? { maxAge: 31_536_000, includeSubDomains: false } : false,
  });
}
