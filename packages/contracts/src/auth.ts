import { z } from 'zod';
import { email, nonEmptyText, roleSchema } from './common.ts';

export const signupBody = z.strictObject({
  email,
  password: z.string().min(10, 'must be at least 10 characters').max(200),
  name: nonEmptyText(120),
  organization_name: nonEmptyText(120),
});

export const loginBody = z.strictObject({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(200),
});

export const switchOrganizationBody = z.strictObject({ organization_id: z.uuid() });
export const createOrganizationBody = z.strictObject({ name: nonEmptyText(120) });

export const inviteBody = z.strictObject({ email, role: roleSchema.default('member') });
export const acceptInvitationBody = z.strictObject({
  token: z.string().min(10).max(200),
  name: nonEmptyText(120).optional(),
  password: z.string().min(10, 'must be at least 10 characters').max(200).optional(),
});
export const changeRoleBody = z.strictObject({ role: roleSchema });

export const createApiKeyBody = z.strictObject({ name: nonEmptyText(80) });
