import {
  changeEmailBody,
  changePasswordBody,
  emailChangeConfirmBody,
  passwordResetBody,
  passwordResetConfirmBody,
  updateProfileBody,
} from '@preroll/contracts/auth';
import {
  acceptedMessageView,
  emailChangedView,
  pendingEmailChangeView,
} from '@preroll/contracts/responses/account';
import { dataOf } from '@preroll/contracts/responses/envelope';
import { meView, sessionView } from '@preroll/contracts/responses/team';
import type { ApiOperation } from '../api-operation.ts';

/** A person's own account: forgotten password, name, email and password (docs/teams.md, "Account"). */
export const accountRecoveryOperations: ApiOperation[] = [
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset',
    operationId: 'requestPasswordReset',
    summary: 'Mail a password reset link (the same answer whether or not the account exists)',
    tag: 'Account',
    access: 'public',
    body: passwordResetBody,
    responses: { 202: dataOf(acceptedMessageView) },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/password-reset/confirm',
    operationId: 'confirmPasswordReset',
    summary: 'Set a new password with the link’s token; every session ends and a new one starts',
    tag: 'Account',
    access: 'public',
    body: passwordResetConfirmBody,
    description: 'An invalid, expired or used token answers 401 `invalid_reset_token`.',
    responses: { 200: dataOf(sessionView), 401: null },
  },
  {
    method: 'PATCH',
    path: '/api/v1/me',
    operationId: 'updateMe',
    summary: 'Change one’s own name',
    tag: 'Account',
    access: 'team',
    body: updateProfileBody,
    responses: { 200: dataOf(meView) },
  },
  {
    method: 'POST',
    path: '/api/v1/me/password',
    operationId: 'changePassword',
    summary: 'Change one’s password (asks the current one); the other sessions end',
    tag: 'Account',
    access: 'team',
    body: changePasswordBody,
    description: 'A wrong current password answers 401 `wrong_password`.',
    responses: { 204: null, 401: null },
  },
  {
    method: 'POST',
    path: '/api/v1/me/email',
    operationId: 'requestEmailChange',
    summary: 'Ask to change one’s email: a confirmation link goes to the new address',
    tag: 'Account',
    access: 'team',
    body: changeEmailBody,
    description:
      'A wrong current password answers 401 `wrong_password`; the same or a taken address 409 ' +
      '`email_unchanged` / `email_taken`.',
    responses: { 202: dataOf(pendingEmailChangeView), 401: null, 409: null },
  },
  {
    method: 'POST',
    path: '/api/v1/auth/email-change/confirm',
    operationId: 'confirmEmailChange',
    summary: 'Confirm the new email address with the mailed link’s token (no sign-in needed)',
    tag: 'Account',
    access: 'public',
    body: emailChangeConfirmBody,
    description:
      'An invalid, expired or used token answers 401 `invalid_email_token`; an address taken ' +
      'meanwhile 409 `email_taken`.',
    responses: { 200: dataOf(emailChangedView), 401: null, 409: null },
  },
];
