import type { UploadExpiry } from '../services/upload-expiry.ts';
import type { JobHandlers } from './job-handlers.ts';

/** Housekeeping of tus uploads: the hourly sweep of idle unfinished uploads. */
export function uploadJobHandlers(expiry: UploadExpiry): JobHandlers {
  return {
    'uploads.expire': async (payload) => {
      await expiry.sweep((payload as { slot: string }).slot);
    },
  };
}
