import { acceptInvitationBody, changeRoleBody, inviteBody } from '@preroll/contracts/auth';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { actorOf, setSessionCookies } from '../plugins/auth.ts';
import type { RouteDeps } from '../route-deps.ts';
import { parseInput } from '../validation.ts';

const userParams = z.object({ userId: z.uuid() });

export async function teamRoutes(app: FastifyInstance, { services, config }: RouteDeps): Promise<void> {
  app.get('/api/v1/members', async (request) => ({
    data: await services.team.listMembers(actorOf(request)),
  }));

  app.post('/api/v1/invitations', async (request, reply) => {
    const body = parseInput(inviteBody, request.body);
    return reply.status(201).send({ data: await services.team.invite(actorOf(request), body) });
  });

  app.post('/api/v1/invitations/accept', async (request, reply) => {
    const body = parseInput(acceptInvitationBody, request.body);
    const { session, userId, orgId } = await services.team.acceptInvitation(body, request.auth.userId);
    setSessionCookies(reply, session, config.publicUrl.startsWith('https://'));
    return { data: { ...(await services.team.me(userId, orgId)), csrf_token: session.csrfToken } };
  });

  app.patch('/api/v1/members/:userId', async (request) => {
    const { userId } = parseInput(userParams, request.params, 'params');
    const body = parseInput(changeRoleBody, request.body);
    await services.team.changeRole(actorOf(request), userId, body.role);
    return { data: { user_id: userId, role: body.role } };
  });

  app.delete('/api/v1/members/:userId', async (request, reply) => {
    const { userId } = parseInput(userParams, request.params, 'params');
    await services.team.removeMember(actorOf(request), userId);
    return reply.status(204).send();
  });
}
