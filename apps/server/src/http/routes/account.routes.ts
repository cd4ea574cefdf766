import {
  changeEmailBody,
  changePasswordBody,
  emailChangeConfirmBody,
  passwordResetBody,
  passwordResetConfirmBody,
  updateProfileBody,
} from '@preroll/contracts/auth';
import type { FastifyInstance } from 'fastify';
import { setSessionCookies, userIdOf } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

/** A person's own account: forgotten password, name, email and password (docs/teams.md, "Account"). */
export async function accountRoutes(app: FastifyInstance, { services, config }: RouteDeps): Promise<void> {
  const secure = config.publicUrl.startsWith('https://');

  app.post(
    '/api/v1/auth/password-reset',
    // A coarse limit in front of the per-address and per-email counters in AccountService.
    { config: { rateLimit: { max: 20, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const { email } = parseInput(passwordResetBody, request.body);
      await services.account.requestPasswordReset(email, request.ip);
      return reply.status(202).send({
        data: { message: 'If an account has this email, a link to reset its password is on its way.' },
      });
    },
  );

  app.post(
    '/api/v1/auth/password-reset/confirm',
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
    async (request, reply) => {
      const body = parseInput(passwordResetConfirmBody, request.body);
      const { session, userId, orgId } = await services.account.confirmPasswordReset(
        body.token,
        body.password,
      );
      setSessionCookies(reply, session, secure);
      const me = await services.team.me(userId, orgId);
      return { data: { ...me, csrf_token: session.csrfToken } };
    },
  );

  app.patch('/api/v1/me', async (request) => {
    const userId = userIdOf(request);
    const { name } = parseInput(updateProfileBody, request.body);
    await services.account.updateName(userId, name);
    return { data: await services.team.me(userId, request.auth.actor?.orgId ?? null) };
  });

  app.post('/api/v1/me/password', async (request, reply) => {
    const userId = userIdOf(request);
    const body = parseInput(changePasswordBody, request.body);
    await services.account.changePassword(userId, request.auth.sessionId, body);
    return reply.status(204).send();
  });

  app.post('/api/v1/me/email', async (request, reply) => {
    const userId = userIdOf(request);
    const body = parseInput(changeEmailBody, request.body);
    return reply.status(202).send({ data: await services.account.requestEmailChange(userId, body) });
  });

  app.post('/api/v1/auth/email-change/confirm', async (request) => {
    const { token } = parseInput(emailChangeConfirmBody, request.body);
    return { data: await services.account.confirmEmailChange(token) };
  });
}
