import formbody from '@fastify/formbody';
import type { FastifyInstance } from 'fastify';
import type { SandboxRuntime } from '../http/runtime.ts';
import { createAuthFlowStore } from './auth-flow.ts';
import { registerAuthorizeRoutes } from './authorize.routes.ts';
import type { IdTokenSigner } from './id-token.ts';
import { registerTokenRoutes } from './token.routes.ts';

export { parseScope } from './oauth-helpers.ts';

/** Adobe IMS, served by the sandbox under /ims (form-urlencoded bodies). */
export function registerImsRoutes(app: FastifyInstance, rt: SandboxRuntime, signer: IdTokenSigner): void {
  const flow = createAuthFlowStore();
  app.register(async (ims) => {
    await ims.register(formbody);
    registerAuthorizeRoutes(ims, rt, signer, flow);
    registerTokenRoutes(ims, rt, signer, flow);
  });
}
