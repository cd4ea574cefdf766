import type { IncomingMessage } from 'node:http';
import type { AcceptedUpload } from '../../services/version.service.ts';

export const UPLOADS_PATH = '/api/v1/uploads';

/** An upload's URL, exactly: the path, one id of tus's shape (32 hex), nothing after it. */
const UPLOAD_TARGET = /^\/api\/v1\/uploads\/([0-9a-f]{32})$/;

/**
 * The upload id a request is about, read from the raw request target (path and query as the
 * client sent them) or null. A query string, an encoded or literal slash, `..`, a backslash, a
 * trailing or doubled slash: anything but `/api/v1/uploads/<id>` names no upload. The raw
 * target, not a parsed URL, because URL parsers rewrite `\` and `..` into a different path.
 */
export function uploadIdFromTarget(target: string | undefined): string | null {
  return target ? (UPLOAD_TARGET.exec(target)?.[1] ?? null) : null;
}

/** The Location of an upload (relative, same origin), the inverse of uploadIdFromTarget. */
export function uploadLocation(id: string): string {
  return `${UPLOADS_PATH}/${id}`;
}

/**
 * What our pre-check decided about a request, handed to @tus/server's hooks by the Node request
 * object. tus acts on the upload id recorded here and on no other: it never parses the URL.
 */
export class UploadGrants {
  private readonly created = new WeakMap<IncomingMessage, AcceptedUpload>();
  private readonly authorized = new WeakMap<IncomingMessage, string>();

  /** POST: the org/user/deliverable we accepted, stored as the new upload's metadata. */
  acceptCreation(req: IncomingMessage, upload: AcceptedUpload): void {
    this.created.set(req, upload);
  }

  acceptedCreation(req: IncomingMessage | undefined): AcceptedUpload | undefined {
    return req ? this.created.get(req) : undefined;
  }

  /** HEAD/PATCH/DELETE: the one upload id this request was authorized for. */
  authorize(req: IncomingMessage, uploadId: string): void {
    this.authorized.set(req, uploadId);
  }

  authorizedId(req: IncomingMessage | undefined): string | undefined {
    return req ? this.authorized.get(req) : undefined;
  }
}
