import { type JobHandlers, type JobRegistry, jobHandlers } from '../jobs/job-handlers.ts';
import type { UploadExpiry } from './upload-expiry.ts';

/** Every job type of the core and its payload: the one list (enqueue checks payloads against it). */
export interface CoreJobPayloads {
  /** The sweep of idle unfinished uploads for one hour slot; re-enqueues the next slot. */
  'uploads.expire': { slot: string };
}

declare module '../jobs/job-queue.ts' {
  interface JobPayloads extends CoreJobPayloads {}
}

/**
 * The core's job handlers. Integrations bring theirs through the composition root (`server.ts`);
 * there is deliberately no built-in `noop`: tests and benchmarks register their own.
 */
export function coreJobHandlers(deps: { uploadExpiry: UploadExpiry }): JobHandlers {
  const registry: JobRegistry<CoreJobPayloads> = {
    'uploads.expire': async ({ slot }) => {
      await deps.uploadExpiry.sweep(slot);
    },
  };
  return jobHandlers(registry);
}
