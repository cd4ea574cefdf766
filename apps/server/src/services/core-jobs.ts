import { type JobHandlers, type JobRegistry, jobHandlers } from '../jobs/job-handlers.ts';
import type { CarryForwardJob, CarryForwardJobPayload } from './carry-forward/carry-forward-job.ts';
import type { UploadExpiry } from './upload-expiry.ts';

/** Every job type of the core and its payload: the one list (enqueue checks payloads against it). */
export interface CoreJobPayloads {
  /** The sweep of idle unfinished uploads for one hour slot; re-enqueues the next slot. */
  'uploads.expire': { slot: string };
  /** Aligns a version with an earlier one and stores the carry-forward proposals. */
  'carry-forward.align': CarryForwardJobPayload;
}

declare module '../jobs/job-queue.ts' {
  interface JobPayloads extends CoreJobPayloads {}
}

/**
 * The core's job handlers. Integrations bring theirs through the composition root (`server.ts`);
 * there is deliberately no built-in `noop`: tests and benchmarks register their own.
 */
export function coreJobHandlers(deps: {
  uploadExpiry: UploadExpiry;
  carryForward: CarryForwardJob;
}): JobHandlers {
  const registry: JobRegistry<CoreJobPayloads> = {
    'uploads.expire': async ({ slot }) => {
      await deps.uploadExpiry.sweep(slot);
    },
    'carry-forward.align': async (payload, ctx) => {
      await deps.carryForward.run(payload, ctx);
    },
  };
  return jobHandlers(registry);
}
