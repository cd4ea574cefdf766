import type { FastifyInstance } from 'fastify';
import type { SandboxControl } from '../control/sandbox-control.ts';
import type { SandboxRuntime } from '../http/runtime.ts';

/** Reviewer UI: placeholder until the pages land. */
export function registerUiRoutes(app: FastifyInstance, rt: SandboxRuntime, _control: SandboxControl): void {
  app.get('/s/:code', async (req, reply) => {
    const code = (req.params as { code: string }).code;
    const share = Object.values(rt.store.state.shares).find((s) => s.code === code);
    if (!share) return reply.code(404).type('text/plain').send('Share not found');
    return reply.redirect(`/ui/project/${share.project_id}/`, 302);
  });
}
