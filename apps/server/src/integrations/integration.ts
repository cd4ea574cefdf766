import type { FastifyInstance } from 'fastify';
import type { ApiOperation } from '../http/openapi/api-operation.ts';
import type { JobHandlers, JobTimeouts } from '../jobs/job-handlers.ts';
import type { DomainHooks } from '../services/domain-hooks.ts';

/**
 * What an integration hands the composition root (`server.ts`) when it registers: the hooks it
 * runs inside the core's transactions, its job handlers, its HTTP routes and their OpenAPI entries. Its migrations are
 * a static export of its folder, because the database is migrated before anything is built.
 * The core never imports an integration; only the composition root does.
 */
export interface Integration {
  name: string;
  hooks: DomainHooks;
  jobs: JobHandlers;
  /** Limits for its job types that need other than the worker's default (job-handlers.ts). */
  jobTimeouts?: JobTimeouts;
  /** Registered after the core's routes and before the web app's catch-all. */
  routes(app: FastifyInstance): Promise<void>;
  /** Its routes' entries in the OpenAPI document (`/api/v1/openapi.json`), one per route. */
  operations: ApiOperation[];
}
