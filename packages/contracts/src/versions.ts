import { z } from 'zod';
import { id, nonEmptyText, pageQuery, plainString } from './common.ts';

/**
 * tus `Upload-Metadata` of a new upload, decoded. Not strict: tus clients (Uppy, tus-js-client
 * helpers) add their own keys (`name`, `type`, `relativePath`), which are ignored rather than refused.
 */
export const uploadMetadata = z.object({
  deliverable_id: id,
  filename: nonEmptyText(255).optional(),
  filetype: plainString().trim().max(255).optional(),
});
export type UploadMetadata = z.infer<typeof uploadMetadata>;

export const versionParams = z.strictObject({ id });
export const deliverableVersionsParams = z.strictObject({ id });
export const listVersionsQuery = z.strictObject({ ...pageQuery });
