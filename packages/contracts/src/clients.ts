import { z } from 'zod';
import { email, nonEmptyText, pageQuery, text } from './common.ts';
import { NOTES_MAX, TITLE_MAX } from './limits.ts';

export const clientIdParams = z.object({ id: z.uuid() });

export const createClientBody = z.strictObject({
  name: nonEmptyText(TITLE_MAX),
  contact_email: email.nullable().optional(),
  notes: text(NOTES_MAX).nullable().optional(),
});

/** Every field optional; `null` clears an optional field. */
export const updateClientBody = z.strictObject({
  name: nonEmptyText(TITLE_MAX).optional(),
  contact_email: email.nullable().optional(),
  notes: text(NOTES_MAX).nullable().optional(),
});

export const listClientsQuery = z.strictObject({ ...pageQuery });

export type CreateClientBody = z.infer<typeof createClientBody>;
export type UpdateClientBody = z.infer<typeof updateClientBody>;
