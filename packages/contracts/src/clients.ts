import { z } from 'zod';
import { email, nonEmptyText, pageQuery, text } from './common.ts';

export const clientIdParams = z.object({ id: z.uuid() });

export const createClientBody = z.strictObject({
  name: nonEmptyText(200),
  contact_email: email.nullable().optional(),
  notes: text(10_000).nullable().optional(),
});

/** Every field optional; `null` clears an optional field. */
export const updateClientBody = z.strictObject({
  name: nonEmptyText(200).optional(),
  contact_email: email.nullable().optional(),
  notes: text(10_000).nullable().optional(),
});

export const listClientsQuery = z.strictObject({ ...pageQuery });

export type CreateClientBody = z.infer<typeof createClientBody>;
export type UpdateClientBody = z.infer<typeof updateClientBody>;
