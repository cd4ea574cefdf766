import type { Migration } from 'kysely';
import * as m0001 from './0001-organizations.ts';
import * as m0002 from './0002-users.ts';
import * as m0003 from './0003-memberships.ts';
import * as m0004 from './0004-invitations.ts';
import * as m0005 from './0005-sessions.ts';
import * as m0006 from './0006-api-keys.ts';
import * as m0007 from './0007-login-attempts.ts';
import * as m0008 from './0008-clients.ts';
import * as m0009 from './0009-portal-users.ts';
import * as m0010 from './0010-magic-links.ts';
import * as m0011 from './0011-shows.ts';
import * as m0012 from './0012-episodes.ts';
import * as m0013 from './0013-deliverables.ts';
import * as m0014 from './0014-deliverable-versions.ts';
import * as m0015 from './0015-comments.ts';
import * as m0016 from './0016-activity.ts';
import * as m0017 from './0017-jobs.ts';
import * as m0018 from './0018-mail-outbox.ts';
import * as m0032 from './0032-comment-import-keys.ts';
import * as m0038 from './0038-comments-carried-from.ts';
import * as m0039 from './0039-carry-forward-runs.ts';
import * as m0040 from './0040-version-media-pipeline.ts';
import * as m0044 from './0044-account-tokens.ts';
import * as m0045 from './0045-deliverable-client-download.ts';
import * as m0046 from './0046-notifications.ts';
import * as m0047 from './0047-mail-html.ts';
import * as m0050 from './0050-comment-completion.ts';
import * as m0052 from './0052-comment-drawing.ts';
import * as m0060 from './0060-upload-locks.ts';
import * as m0064 from './0064-comment-thread-order.ts';
import * as m0066 from './0066-job-heartbeats.ts';

/**
 * The one forward-only migration chain, run on SQLite and PostgreSQL alike. Migrations are
 * listed statically (not read from disk) so the chain is the same under tsx, vitest and bundlers.
 * Add a file per change and append it here; never edit a migration that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001-organizations': m0001,
  '0002-users': m0002,
  '0003-memberships': m0003,
  '0004-invitations': m0004,
  '0005-sessions': m0005,
  '0006-api-keys': m0006,
  '0007-login-attempts': m0007,
  '0008-clients': m0008,
  '0009-portal-users': m0009,
  '0010-magic-links': m0010,
  '0011-shows': m0011,
  '0012-episodes': m0012,
  '0013-deliverables': m0013,
  '0014-deliverable-versions': m0014,
  '0015-comments': m0015,
  '0016-activity': m0016,
  '0017-jobs': m0017,
  '0018-mail-outbox': m0018,
  // After the Frame.io integration's 0019-0031: a database that has run those takes this next.
  '0032-comment-import-keys': m0032,
  // After outgoing webhooks' 0035-0037.
  '0038-comments-carried-from': m0038,
  '0039-carry-forward-runs': m0039,
  '0040-version-media-pipeline': m0040,
  '0044-account-tokens': m0044,
  '0045-deliverable-client-download': m0045,
  '0046-notifications': m0046,
  '0047-mail-html': m0047,
  // After the Frame.io integration's 0051 and notifications' range.
  '0050-comment-completion': m0050,
  '0052-comment-drawing': m0052,
  '0060-upload-locks': m0060,
  '0064-comment-thread-order': m0064,
  '0066-job-heartbeats': m0066,
};
