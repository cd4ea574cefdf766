import { z } from 'zod';
import { email, nonEmptyText, plainString, roleSchema, text } from './common.ts';
import { ACCOUNT_LIMITS, API_KEY_NAME_MAX, ORGANIZATION_NAME_MAX } from './limits.ts';

/** Too weak to accept although long enough (docs/teams.md, "Passwords"). */
export const WEAK_PASSWORD_CODE = 'weak_password';

/**
 * A password someone chooses (sign-up, accepting an invitation): 10 to 200 characters, not only
 * whitespace. The upper bound keeps argon2 from hashing megabytes on a stranger's request; 200
 * is far above any passphrase a person types or a password manager makes.
 */
export const newPassword = plainString()
  .min(10, 'must be at least 10 characters')
  .max(200, 'must be at most 200 characters')
  .refine((s) => s.trim().length > 0, {
    message: 'must contain something other than spaces',
    params: { code: WEAK_PASSWORD_CODE },
  });

export const signupBody = z.strictObject({
  email,
  password: newPassword,
  name: nonEmptyText(120),
  organization_name: nonEmptyText(ORGANIZATION_NAME_MAX),
});

export const loginBody = z.strictObject({
  email: text(254).min(1),
  password: text(200).min(1),
});

export const switchOrganizationBody = z.strictObject({ organization_id: z.uuid() });
export const createOrganizationBody = z.strictObject({ name: nonEmptyText(120) });

export const inviteBody = z.strictObject({ email, role: roleSchema.default('member') });
export const acceptInvitationBody = z.strictObject({
  token: text(200).min(10),
  name: nonEmptyText(120).optional(),
  password: newPassword.optional(),
});
export const changeRoleBody = z.strictObject({ role: roleSchema });

export const createApiKeyBody = z.strictObject({ name: nonEmptyText(API_KEY_NAME_MAX) });

export const passwordResetBody = z.strictObject({ email: text(ACCOUNT_LIMITS.email).min(1) });
export const passwordResetConfirmBody = z.strictObject({ token: text(200).min(10), password: newPassword });
export const updateProfileBody = z.strictObject({ name: nonEmptyText(ACCOUNT_LIMITS.name) });
export const changePasswordBody = z.strictObject({
  current_password: text(ACCOUNT_LIMITS.password).min(1),
  new_password: newPassword,
});
export const changeEmailBody = z.strictObject({
  email,
  current_password: text(ACCOUNT_LIMITS.password).min(1),
});
export const emailChangeConfirmBody = z.strictObject({ token: text(200).min(10) });
