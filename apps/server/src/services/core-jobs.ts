import { type JobHandlers, type JobRegistry, jobHandlers } from '../jobs/job-handlers.ts';
import type { NotificationService } from './notifications/notification.service.ts';
import type { NotificationEvent } from './notifications/notification-kinds.ts';
import type { UploadExpiry } from './upload-expiry.ts';

/** Every job type of the core and its payload: the one list (enqueue checks payloads against it). */
export interface CoreJobPayloads {
  /** The sweep of idle unfinished uploads for one hour slot; re-enqueues the next slot. */
  'uploads.expire': { slot: string };
  /** Finds who hears of one event and writes their notifications (docs/notifications.md). */
  'notifications.fan-out': NotificationEvent;
  /** Mails a deliverable's notifications of one batching window, one email per person. */
  'notifications.mail': { orgId: string; deliverableId: string | null; slot: number };
  /** Mails the hourly or daily digest of one organization's slot. */
  'notifications.digest': { orgId: string; cadence: 'hourly' | 'daily'; slot: number };
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
  notifications: NotificationService;
}): JobHandlers {
  const registry: JobRegistry<CoreJobPayloads> = {
    'uploads.expire': async ({ slot }) => {
      await deps.uploadExpiry.sweep(slot);
    },
    'notifications.fan-out': async (event) => {
      await deps.notifications.fanOut.run(event);
    },
    'notifications.mail': async (payload) => {
      await deps.notifications.delivery.mailWindow(payload);
    },
    'notifications.digest': async (payload) => {
      await deps.notifications.delivery.digest(payload);
    },
  };
  return jobHandlers(registry);
}
