import type { FastifyInstance, FastifyReply } from 'fastify';
import type { FaultSpec } from '../http/fault-injector.ts';
import type { RateLimitMode } from '../sandbox-types.ts';
import type { Rational, Role } from '../state/state-types.ts';
import { ControlError, type SandboxControl } from './sandbox-control.ts';

type Body = Record<string, unknown>;

/** HTTP twin of SandboxControl under /_sandbox (off with control: false / SANDBOX_CONTROL=off). */
export function registerControlRoutes(app: FastifyInstance, control: SandboxControl): void {
  app.register(async (c) => {
    c.setErrorHandler((err, _req, reply: FastifyReply) => {
      if (err instanceof ControlError)
        return reply.code(err.status).send({ error: { message: err.message } });
      const status = (err as { statusCode?: number }).statusCode ?? 500;
      return reply.code(status).send({ error: { message: (err as Error).message } });
    });
    const body = (b: unknown): Body => (b && typeof b === 'object' ? (b as Body) : {});
    const p = (params: unknown, k: string): string => (params as Record<string, string>)[k] ?? '';

    // discoverability for people poking at a running sandbox
    const routes: string[] = [];
    c.addHook('onRoute', (r) => {
      const methods = Array.isArray(r.method) ? r.method : [r.method];
      for (const m of methods) if (m !== 'HEAD') routes.push(`${m} ${r.url}`);
    });
    c.get('/_sandbox', async () => ({ routes, docs: 'packages/frameio-sandbox/README.md' }));
    c.post('/_sandbox/tokens', async (req, reply) =>
      reply.code(201).send(control.mintTokens(body(req.body) as never)),
    );
    c.post('/_sandbox/clients', async (req, reply) =>
      reply.code(201).send(control.registerClient(body(req.body) as never)),
    );
    c.post('/_sandbox/clients/:clientId/redirect_uris', async (req) =>
      control.addRedirectUri(p(req.params, 'clientId'), String(body(req.body).redirect_uri ?? '')),
    );
    c.get('/_sandbox/faults', async () => ({ faults: control.listFaults() }));
    c.post('/_sandbox/faults', async (req, reply) => {
      control.setFault(body(req.body) as unknown as FaultSpec);
      return reply.code(201).send({ faults: control.listFaults() });
    });
    c.delete('/_sandbox/faults', async (req, reply) => {
      control.clearFaults((req.query as { operation?: string }).operation);
      return reply.code(204).send();
    });
    c.post('/_sandbox/users/:userId/tokens/expire', async (req) => ({
      changed: control.expireTokens(p(req.params, 'userId'), {
        includeRefresh: body(req.body).include_refresh === true,
      }),
    }));
    c.post('/_sandbox/users/:userId/tokens/revoke', async (req) => ({
      changed: control.revokeTokens(p(req.params, 'userId'), {
        includeRefresh: body(req.body).include_refresh !== false,
      }),
    }));
    c.put('/_sandbox/webhook-faults', async (req) => control.setWebhookFaults(body(req.body)));
    c.post('/_sandbox/users', async (req, reply) =>
      reply.code(201).send(control.addUser(body(req.body) as never)),
    );
    c.post('/_sandbox/accounts', async (req, reply) =>
      reply.code(201).send(control.addAccount(body(req.body) as never)),
    );
    c.post('/_sandbox/workspaces', async (req, reply) =>
      reply.code(201).send(control.addWorkspace(body(req.body) as never)),
    );
    c.post('/_sandbox/memberships', async (req, reply) => {
      control.addMembership(body(req.body) as never);
      return reply.code(204).send();
    });
    c.put('/_sandbox/users/:userId/role', async (req) => {
      const b = body(req.body);
      return control.setAccountRole(
        p(req.params, 'userId'),
        b.role as Role,
        typeof b.account_id === 'string' ? b.account_id : undefined,
      );
    });
    c.put('/_sandbox/files/:fileId/fps', async (req, reply) => {
      control.setFileFps(p(req.params, 'fileId'), body(req.body) as unknown as Rational);
      return reply.code(204).send();
    });
    c.get('/_sandbox/files/:fileId/upload', async (req) => control.uploadFacts(p(req.params, 'fileId')));
    c.post('/_sandbox/files/:fileId/upload/expire', async (req, reply) => {
      control.expireUploadUrls(p(req.params, 'fileId'));
      return reply.code(204).send();
    });
    c.put('/_sandbox/upload-url-ttl', async (req, reply) => {
      control.setUploadUrlTtl(Number(body(req.body).seconds));
      return reply.code(204).send();
    });
    c.put('/_sandbox/rate-limit', async (req, reply) => {
      control.setRateLimitMode(body(req.body).mode as RateLimitMode);
      return reply.code(204).send();
    });
    c.get('/_sandbox/webhook-deliveries', async () => ({ deliveries: control.webhookDeliveries() }));
    c.post('/_sandbox/comments/:commentId/replies', async (req, reply) =>
      reply
        .code(201)
        .send({ data: control.createReply(p(req.params, 'commentId'), body(req.body) as never) }),
    );
    c.post('/_sandbox/clock/advance', async (req, reply) => {
      control.advanceClock(Number(body(req.body).ms));
      return reply.code(204).send();
    });
    c.post('/_sandbox/reset', async (_req, reply) => {
      await control.reset();
      return reply.code(204).send();
    });
  });
}
