import { dataOf } from '@preroll/contracts/responses/envelope';
import { waveformView } from '@preroll/contracts/responses/media';
import { versionView } from '@preroll/contracts/responses/production';
import { versionParams } from '@preroll/contracts/versions';
import type { z } from 'zod';
import type { ApiOperation, ApiResponse } from '../api-operation.ts';

const ETAG = 'Changes whenever the file does; send it back as `If-None-Match` or `If-Range`';

/**
 * What a version's file routes answer (http/routes/versions.routes.ts, `sendFile`): the whole file,
 * a byte range (`Range`, honoured under `If-Range` only while the ETag still matches), 304 when
 * the browser's copy (`If-None-Match`) is current, 416 with the error envelope for a range
 * outside the file. `json` for a file that is itself JSON (the waveform).
 */
function fileResponses(
  what: string,
  mediaType: string,
  json?: z.ZodType,
): Record<number, ApiResponse | null> {
  const body = json ? { json } : { mediaType };
  return {
    200: { description: what, ...body, headers: { etag: ETAG } },
    206: {
      description: `The requested byte range of ${what.toLowerCase()}`,
      mediaType,
      headers: { 'content-range': '`bytes start-end/size`', etag: ETAG },
    },
    304: { description: 'Not modified: the copy named by `If-None-Match` is current' },
    416: null,
  };
}

/** The same answers without bodies: HEAD reports exactly the headers GET would send. */
function headResponses(): Record<number, null> {
  return { 200: null, 206: null, 304: null, 416: null };
}

const ORIGINAL = 'The original file';
const PROXY = 'The playback proxy (H.264/AAC MP4, or AAC M4A for audio)';

/**
 * A version's files (docs/uploads-and-review.md): the original to play or keep, the playback
 * proxy and the previews the media pipeline makes, and Retry of a failed proxy.
 */
export const versionMediaOperations: ApiOperation[] = [
  {
    method: 'GET',
    path: '/api/v1/versions/:id/media',
    operationId: 'getVersionMedia',
    summary: 'The version’s file, with byte ranges (`Range`, `If-Range`)',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: fileResponses(ORIGINAL, 'application/octet-stream'),
  },
  {
    method: 'HEAD',
    path: '/api/v1/versions/:id/media',
    operationId: 'headVersionMedia',
    summary: 'The headers GET would send (length, type, ETag)',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: headResponses(),
  },
  {
    method: 'GET',
    path: '/api/v1/versions/:id/original',
    operationId: 'downloadVersionOriginal',
    summary: 'The original file as an attachment to keep',
    description:
      'A client portal user may download only when the team allows it on the deliverable ' +
      '(`client_may_download`); otherwise `403 download_not_allowed`. Team members always may.',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: fileResponses(ORIGINAL, 'application/octet-stream'),
  },
  {
    method: 'HEAD',
    path: '/api/v1/versions/:id/original',
    operationId: 'headVersionOriginal',
    summary: 'The headers GET would send for the original (length, type, ETag)',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: headResponses(),
  },
  {
    method: 'GET',
    path: '/api/v1/versions/:id/playback',
    operationId: 'getVersionPlayback',
    summary: 'The playback proxy, with byte ranges',
    description: '`404 proxy_not_ready` while the version has no proxy: play its `playback_url` instead.',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: fileResponses(PROXY, 'video/mp4'),
  },
  {
    method: 'HEAD',
    path: '/api/v1/versions/:id/playback',
    operationId: 'headVersionPlayback',
    summary: 'The headers GET would send for the playback proxy',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: headResponses(),
  },
  {
    method: 'GET',
    path: '/api/v1/versions/:id/poster.jpg',
    operationId: 'getVersionPoster',
    summary: 'The poster frame (404 until the previews job made it)',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: fileResponses('The poster frame', 'image/jpeg'),
  },
  {
    method: 'GET',
    path: '/api/v1/versions/:id/thumbnails.jpg',
    operationId: 'getVersionThumbnailSprite',
    summary: 'The scrub-bar thumbnail sprite (404 until the previews job made it)',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: fileResponses('The thumbnail sprite', 'image/jpeg'),
  },
  {
    method: 'GET',
    path: '/api/v1/versions/:id/thumbnails.vtt',
    operationId: 'getVersionThumbnailIndex',
    summary: 'WebVTT whose cues name tiles of the sprite (`thumbnails.jpg#xywh=x,y,w,h`)',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: fileResponses('The thumbnail index', 'text/vtt'),
  },
  {
    method: 'GET',
    path: '/api/v1/versions/:id/waveform.json',
    operationId: 'getVersionWaveform',
    summary: 'Waveform peaks: the loudest sample (0..1) of each slice of the audio',
    tag: 'Versions',
    access: 'anyone',
    params: versionParams,
    responses: fileResponses('The waveform peaks', 'application/json', waveformView),
  },
  {
    method: 'POST',
    path: '/api/v1/versions/:id/proxy/retry',
    operationId: 'retryVersionProxy',
    summary: 'Make a failed playback proxy again (a new transcoding job)',
    description: '`409 proxy_not_failed` (with `proxy_status`) unless the proxy failed.',
    tag: 'Versions',
    access: 'team',
    params: versionParams,
    responses: { 202: dataOf(versionView), 409: null },
  },
];
