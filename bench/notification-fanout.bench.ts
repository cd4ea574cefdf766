/**
 * Notification fan-out to 1,000 watchers: one client comment on a deliverable whose client is
 * watched by 1,000 members. Counts the SQL statements of the fan-out job (recipients,
 * preferences, the insert, the mail job) and of the mail job that renders and records the 1,000
 * emails, so an N+1 (a query per recipient) shows as a count near 1,000 instead of a handful.
 * Prints the counts and the time taken, measured in the same run, on SQLite.
 */
import type { KyselyPlugin } from 'kysely';
import { loadConfig } from '../apps/server/src/config/config.ts';
import { newId } from '../apps/server/src/lib/ids.ts';
import { createMailer } from '../apps/server/src/repositories/mailer.ts';
import { Store } from '../apps/server/src/repositories/store.ts';
import { composePreroll } from '../apps/server/src/server.ts';
import { NotificationFanOut } from '../apps/server/src/services/notifications/fan-out.ts';
import { NotificationMailDelivery } from '../apps/server/src/services/notifications/mail-delivery.ts';
import type { ServiceDeps } from '../apps/server/src/services/service-deps.ts';
import { insertComments, insertDeliverable, insertMembers, insertVersion } from './bench-seed.ts';
import { fmt, freshDatabase, machineLine } from './bench-support.ts';

const WATCHERS = 1_000;

let queries = 0;
const counter: KyselyPlugin = {
  transformQuery(args) {
    queries += 1;
    return args.node;
  },
  async transformResult(args) {
    return args.result;
  },
};

const database = await freshDatabase('sqlite', 'notify');
let offsetMs = 0;
const clock = { now: () => new Date(Date.now() + offsetMs) };
const config = loadConfig({
  PORT: '0',
  PREROLL_DATA_DIR: database.dataDir,
  LOG_LEVEL: 'silent',
  PREROLL_SEED_DEMO: 'off',
});
const preroll = await composePreroll(config, { clock });
try {
  const db = preroll.db;
  const now = new Date().toISOString();
  const orgId = newId();
  await db
    .insertInto('organizations')
    .values({ id: orgId, name: 'Bench Studio', settings_json: '{}', created_at: now, updated_at: now })
    .execute();
  const { clientId, deliverableId } = await insertDeliverable(db, orgId);
  const versionId = await insertVersion(db, orgId, deliverableId, {
    rate: [1000, 1],
    durationFrames: 1000,
    kind: 'audio',
    row: { original_filename: 'a.wav', content_type: null, size_bytes: 1, duration_ms: 1000 },
  });
  const watchers = await insertMembers(
    db,
    orgId,
    Array.from({ length: WATCHERS }, (_, i) => ({
      name: `Watcher ${i}`,
      email: `w${i}@bench.test`,
      role: 'member' as const,
    })),
  );
  for (let at = 0; at < watchers.length; at += 200) {
    await db
      .insertInto('watches')
      .values(
        watchers.slice(at, at + 200).map((userId) => ({
          id: newId(),
          org_id: orgId,
          user_id: userId,
          subject_type: 'client' as const,
          subject_id: clientId,
          created_at: now,
        })),
      )
      .execute();
  }
  const portalUserId = newId();
  await db
    .insertInto('portal_users')
    .values({
      id: portalUserId,
      org_id: orgId,
      client_id: clientId,
      email: 'client@bench.test',
      name: 'Casey',
      created_at: now,
    })
    .execute();
  const [commentId = ''] = await insertComments(db, { orgId, versionId, deliverableId, userId: null }, [
    {
      author_type: 'portal_user',
      author_portal_user_id: portalUserId,
      author_name: 'Casey',
      body: 'Logo <b>too</b> small',
      frame: 1,
    },
  ]);
  const store = new Store(preroll.database.db.withPlugin(counter), preroll.database.dialect);
  const mailer = createMailer({
    smtpUrl: undefined,
    from: 'bench <b@bench.test>',
    outbox: store.mail,
    clock,
  });
  const deps = {
    store,
    clock,
    config,
    events: preroll.events,
    mailer,
    secretBox: (preroll.webhooks as unknown as { deps?: { secretBox: unknown } }).deps?.secretBox,
  } as unknown as ServiceDeps;
  // The secret box signs unsubscribe links; the service graph's own instance is reused.
  (deps as { secretBox: unknown }).secretBox = (
    preroll.services.notifications as unknown as { deps: ServiceDeps }
  ).deps.secretBox;

  const fanOut = new NotificationFanOut(deps);
  const slot = Math.floor(clock.now().getTime() / (3 * 60_000));
  queries = 0;
  let t = performance.now();
  const result = await fanOut.run({
    type: 'comment',
    key: `comment:${commentId}`,
    orgId,
    commentId,
    external: false,
  });
  const fanOutMs = performance.now() - t;
  const fanOutQueries = queries;

  offsetMs += 4 * 60_000;
  const delivery = new NotificationMailDelivery(deps);
  queries = 0;
  t = performance.now();
  const sent = await delivery.mailWindow({ orgId, deliverableId, slot });
  const mailMs = performance.now() - t;
  const mailQueries = queries;

  console.log(machineLine());
  console.log(
    `fan-out of one client comment to ${WATCHERS} watchers: ${result.created} notifications in ${fanOutQueries} queries, ${fmt(fanOutMs, 0)} ms`,
  );
  console.log(
    `mail window: ${sent} emails rendered (HTML + text) and recorded in ${mailQueries} queries (${fmt(mailQueries / Math.max(1, sent), 2)} per email: the outbox insert), ${fmt(mailMs, 0)} ms`,
  );
  const readQueries = mailQueries - sent;
  console.log(
    `reads and claims of the mail job beyond one outbox insert per email: ${readQueries} (independent of the number of recipients)`,
  );
  if (result.created !== WATCHERS || sent !== WATCHERS) throw new Error('not every watcher was notified');
  if (fanOutQueries > 20)
    throw new Error(`fan-out took ${fanOutQueries} queries: a query per recipient crept in`);
} finally {
  await preroll.close();
  await database.drop();
}
