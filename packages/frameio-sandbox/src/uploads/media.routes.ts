import { createReadStream } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { SandboxRuntime } from '../http/runtime.ts';
import { escapeHtml } from '../ui/html.ts';

const THUMBS = new Set(['thumbnail', 'thumbnail_high_quality', 'scrub_sheet']);
const STREAMS = new Set(['original', 'efficient', 'high_quality', 'video_h264_180']);

/**
 * Signed media links (the CDN stand-in). Streams the assembled file from disk with single-range
 * support so the reviewer UI's <video> can seek; thumbnails are a generated SVG (choice).
 */
export function registerMediaRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  app.get('/_media/:fileId/:rendition', async (req, reply) => {
    const { fileId, rendition } = req.params as { fileId: string; rendition: string };
    const q = req.query as { sig?: string; disposition?: string };
    if (!q.sig || !rt.uploads.verify(`media:${fileId}:${rendition}`, q.sig)) {
      return reply.code(403).header('content-type', 'text/plain').send('Forbidden');
    }
    const file = rt.store.state.assets[fileId];
    if (file?.type !== 'file' || file.status === 'created') return reply.code(404).send('Not found');
    const disposition = q.disposition === 'attachment' ? 'attachment' : 'inline';
    if (THUMBS.has(rendition)) {
      const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180"><rect width="100%" height="100%" fill="#222"/><text x="50%" y="50%" fill="#ccc" font-family="sans-serif" font-size="14" text-anchor="middle">${escapeHtml(file.name)}</text></svg>`;
      return reply.header('content-type', 'image/svg+xml').send(svg);
    }
    if (!STREAMS.has(rendition)) return reply.code(404).send('Not found');
    const size = await rt.uploads.assembledSize(file.id);
    if (size === null) return reply.code(404).send('Not found');
    reply.header('accept-ranges', 'bytes');
    reply.header('content-type', file.media_type);
    reply.header('content-disposition', `${disposition}; filename="${file.name.replace(/["\\\r\n]/g, '_')}"`);
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? '');
    if (req.headers.range && range) {
      let start = range[1] === '' ? size - Number(range[2]) : Number(range[1]);
      let end = range[1] === '' || range[2] === '' ? size - 1 : Number(range[2]);
      start = Math.max(0, start);
      end = Math.min(end, size - 1);
      if (start > end || start >= size) {
        return reply.code(416).header('content-range', `bytes */${size}`).send();
      }
      reply
        .code(206)
        .header('content-range', `bytes ${start}-${end}/${size}`)
        .header('content-length', String(end - start + 1));
      return reply.send(createReadStream(rt.uploads.assembledPath(file.id), { start, end }));
    }
    reply.header('content-length', String(size));
    return reply.send(createReadStream(rt.uploads.assembledPath(file.id)));
  });
}
