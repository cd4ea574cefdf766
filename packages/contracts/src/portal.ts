import { z } from 'zod';
import { email, nonEmptyText, pageQuery, text } from './common.ts';

export const createPortalUserBody = z.strictObject({ email, name: nonEmptyText(120) });

export const magicLinkLoginBody = z.strictObject({ token: text(200).min(10) });

/** A client asks for a fresh sign-in link by email (answered 202 either way). */
export const magicLinkRequestBody = z.strictObject({ email: text(254).min(1) });

export const portalPageQuery = z.strictObject({ ...pageQuery });

export type CreatePortalUserBody = z.infer<typeof createPortalUserBody>;

/**
 * A review link an integration shared for one version of a deliverable (Frame.io's share
 * `short_url`), listed under the deliverable in the client portal (`review_links`).
 */
export interface PortalReviewLink {
  version_number: number;
  short_url: string;
  expires_at: string | null;
}
