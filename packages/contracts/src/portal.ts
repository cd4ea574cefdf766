import { z } from 'zod';
import { email, nonEmptyText, pageQuery, text } from './common.ts';

export const createPortalUserBody = z.strictObject({ email, name: nonEmptyText(120) });

export const magicLinkLoginBody = z.strictObject({ token: text(200).min(10) });

export const portalPageQuery = z.strictObject({ ...pageQuery });

export type CreatePortalUserBody = z.infer<typeof createPortalUserBody>;
