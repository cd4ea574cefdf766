import { type JobHandlers, type JobRegistry, type JobTimeouts, jobHandlers } from '../jobs/job-handlers.ts';
import type { AccountService } from './account.service.ts';
import type { CarryForwardJob, CarryForwardJobPayload } from './carry-forward/carry-forward-job.ts';
import type { NotificationService } from './notifications/notification.service.ts';
import type { NotificationEvent } from './notifications/notification-kinds.ts';
import type { PortalHomeService } from './portal-home.service.ts';
import type { UploadExpiry } from './upload-expiry.ts';
import type { ProblemLog, VersionAnalysis } from './version-analysis.ts';
import type { VersionDerivatives } from './version-derivatives.ts';

/** Every job type of the core and its payload: the one list (enqueue checks payloads against it). */
export interface CoreJobPayloads {
  /** The sweep of idle unfinished uploads for one hour slot; re-enqueues the next slot. */
  'uploads.expire': { slot: string };
  /** Aligns a version with an earlier one and stores the carry-forward proposals. */
  'carry-forward.align': CarryForwardJobPayload;
  /** Hash and probe an uploaded version; it becomes ready or failed (queued with the version). */
  'versions.analyze': { versionId: string };
  /** Make the playback proxy of a ready version whose original does not play in browsers. */
  'versions.proxy': { versionId: string };
  /** Make a ready version's poster, thumbnail sprite + WebVTT and waveform peaks. */
  'versions.previews': { versionId: string };
  /** Finds who hears of one event and writes their notifications (docs/notifications.md). */
  'notifications.fan-out': NotificationEvent;
  /** Mails a deliverable's notifications of one batching window, one email per person. */
  'notifications.mail': { orgId: string; deliverableId: string | null; slot: number };
  /** Mails the hourly or daily digest of one organization's slot. */
  'notifications.digest': { orgId: string; cadence: 'hourly' | 'daily'; slot: number };
  /** Mails a password reset link if the email has an account (queued whoever asks: no timing tell). */
  'account.password-reset-mail': { email: string };
  /** Mails a portal sign-in link to the contacts with this email, if any (queued whoever asks). */
  'portal.sign-in-link-mail': { email: string };
}

const HOUR = 60 * 60_000;

/**
 * Limits for the media jobs, whose run time grows with the master (10–100 GB ProRes or DNxHR):
 * the default 4 minutes would fail them every time. They are bounded rather than unlimited so a
 * wedged ffmpeg frees its slot and the attempt is retried; their leases are renewed by heartbeats
 * while they run, so a live one is never taken from its worker (docs/jobs-and-realtime.md).
 */
export const coreJobTimeouts: JobTimeouts<CoreJobPayloads> = {
  // Reads the whole original once (SHA-256) and probes it.
  'versions.analyze': 4 * HOUR,
  // Decodes every frame of the original and encodes the 1080p proxy.
  'versions.proxy': 24 * HOUR,
  // Decodes the original again for the poster, the thumbnail sprite and the waveform peaks.
  'versions.previews': 12 * HOUR,
  // Decodes both versions to place the earlier one's notes on the later one.
  'carry-forward.align': 12 * HOUR,
};

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
  analysis: VersionAnalysis;
  derivatives: VersionDerivatives;
  /** Raw tool output (ffprobe, ffmpeg) for operators; never shown to users. */
  log: ProblemLog;
  notifications: NotificationService;
  account: AccountService;
  portalHome: PortalHomeService;
}): JobHandlers {
  const registry: JobRegistry<CoreJobPayloads> = {
    'uploads.expire': async ({ slot }) => {
      await deps.uploadExpiry.sweep(slot);
    },
    'carry-forward.align': async (payload, ctx) => {
      await deps.carryForward.run(payload, ctx);
    },
    'versions.analyze': ({ versionId }, ctx) => deps.analysis.run(versionId, ctx, deps.log),
    'versions.proxy': ({ versionId }, ctx) => deps.derivatives.proxy(versionId, ctx, deps.log),
    'versions.previews': ({ versionId }, ctx) => deps.derivatives.previews(versionId, ctx, deps.log),
    'notifications.fan-out': async (event) => {
      await deps.notifications.fanOut.run(event);
    },
    'notifications.mail': async (payload) => {
      await deps.notifications.delivery.mailWindow(payload);
    },
    'notifications.digest': async (payload) => {
      await deps.notifications.delivery.digest(payload);
    },
    'account.password-reset-mail': ({ email }) => deps.account.mailPasswordReset(email),
    'portal.sign-in-link-mail': ({ email }) => deps.portalHome.mailSignInLinks(email),
  };
  return jobHandlers(registry);
}
