import type { Migration } from 'kysely';
import * as m0019 from './0019-frameio-connections.ts';
import * as m0020 from './0020-frameio-oauth-states.ts';
import * as m0021 from './0021-frameio-waiting-jobs.ts';
import * as m0022 from './0022-frameio-links.ts';
import * as m0023 from './0023-frameio-uploads.ts';
import * as m0024 from './0024-frameio-review-links.ts';
import * as m0025 from './0025-frameio-upload-lease.ts';
import * as m0026 from './0026-frameio-webhooks.ts';
import * as m0027 from './0027-webhook-deliveries.ts';
import * as m0028 from './0028-frameio-comment-sync.ts';
import * as m0029 from './0029-frameio-comment-link-unique.ts';
import * as m0030 from './0030-frameio-comment-create-text.ts';
import * as m0031 from './0031-frameio-comment-push-lease.ts';
import * as m0033 from './0033-frameio-webhook-problem.ts';
import * as m0034 from './0034-frameio-status-sync.ts';
import * as m0051 from './0051-frameio-comment-remote-state.ts';
import * as m0074 from './0074-frameio-upload-sent-by.ts';
import * as m0075 from './0075-frameio-user-names.ts';

/**
 * The Frame.io integration's part of the one migration chain. Names keep their place in the
 * chain's order (the composition root merges them with the core's, sorted by name), so a
 * database migrated before the integration had its own folder sees no change.
 */
export const frameioMigrations: Record<string, Migration> = {
  '0019-frameio-connections': m0019,
  '0020-frameio-oauth-states': m0020,
  '0021-frameio-waiting-jobs': m0021,
  '0022-frameio-links': m0022,
  '0023-frameio-uploads': m0023,
  '0024-frameio-review-links': m0024,
  '0025-frameio-upload-lease': m0025,
  '0026-frameio-webhooks': m0026,
  '0027-webhook-deliveries': m0027,
  '0028-frameio-comment-sync': m0028,
  '0029-frameio-comment-link-unique': m0029,
  '0030-frameio-comment-create-text': m0030,
  '0031-frameio-comment-push-lease': m0031,
  '0033-frameio-webhook-problem': m0033,
  '0034-frameio-status-sync': m0034,
  '0051-frameio-comment-remote-state': m0051,
  '0074-frameio-upload-sent-by': m0074,
  '0075-frameio-user-names': m0075,
};
