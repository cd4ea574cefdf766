import { z } from 'zod';

/** Ids are UUIDs (v7 on our side); anything else is rejected before a query runs. */
export const id = z.uuid();

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(200).optional(),
};

export const roleSchema = z.enum(['owner', 'admin', 'member']);
export const email = z.email().max(254);
export const nonEmptyText = (max: number) => z.string().trim().min(1).max(max);
