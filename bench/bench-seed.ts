/**
 * The benchmarks' one way to sign up over HTTP and lay out rows: the rows come from the tests'
 * own seeders (apps/server/test/helpers/seed-rows.ts), so bench and test data share one layout.
 */
import type { Kysely } from 'kysely';
import { loadConfig } from '../apps/server/src/config/config.ts';
import { type AllTables, composePreroll } from '../apps/server/src/server.ts';
import {
  insertComments,
  insertDeliverable,
  insertMembers,
  insertVersion,
} from '../apps/server/test/helpers/seed-rows.ts';
import type { BenchDatabase } from './bench-support.ts';

export { insertComments, insertDeliverable, insertMembers, insertVersion };

export interface BenchSession {
  /** The Cookie header value (session and CSRF cookies). */
  cookie: string;
  csrf: string;
  orgId: string;
  userId: string;
}

/** Signs up a fresh owner and organization at `base`. */
export async function signUpOverHttp(base: string, email = 'bench@example.test'): Promise<BenchSession> {
  const res = await fetch(`${base}/api/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email,
      password: 'correct horse battery',
      name: 'Bench',
      organization_name: 'Bench Post',
    }),
  });
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${await res.text()}`);
  const { data } = (await res.json()) as {
    data: { user: { id: string }; active_organization: { id: string }; csrf_token: string };
  };
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return { cookie, csrf: data.csrf_token, orgId: data.active_organization.id, userId: data.user.id };
}

/** An API key of the session's organization (Bearer auth, no cookies or CSRF). */
export async function apiKeyOverHttp(base: string, session: BenchSession): Promise<string> {
  const res = await fetch(`${base}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: session.cookie, 'x-csrf-token': session.csrf },
    body: JSON.stringify({ name: 'bench' }),
  });
  if (res.status !== 201) throw new Error(`api key: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: { key: string } }).data.key;
}

/**
 * A one-hour 23.976 version with `count` comments (every tenth a reply, a third internal, a fifth
 * on a range): the long review api-read.bench.ts measures.
 */
export async function seedLongReview(db: Kysely<AllTables>, session: BenchSession, count: number) {
  const { orgId, userId } = session;
  const { deliverableId } = await insertDeliverable(db, orgId);
  const hour = 24 * 60 * 60;
  const versionId = await insertVersion(db, orgId, deliverableId, {
    rate: [24_000, 1_001],
    durationFrames: hour,
    row: { original_filename: 'rough-cut.mp4', content_type: 'video/mp4', width: 1920, height: 1080 },
  });
  const on = { orgId, versionId, deliverableId, userId };
  const tops = await insertComments(
    db,
    on,
    Array.from({ length: count - Math.floor(count / 10) }, (_, i) => ({
      body: `Note ${i}: the cut lingers a beat too long on the wide shot before the dialogue starts.`,
      visibility: i % 3 === 0 ? ('internal' as const) : ('client' as const),
      frame: (i * 37) % hour,
      duration_frames: i % 5 === 0 ? 48 : null,
    })),
  );
  // Replies take their thread's frame and visibility, as the service makes them.
  const replies = Array.from({ length: Math.floor(count / 10) }, (_, i) => {
    const parent = (i * 7) % tops.length;
    return {
      parent_id: tops[parent]!,
      body: `Reply ${i}: agreed, trim it.`,
      visibility: parent % 3 === 0 ? ('internal' as const) : ('client' as const),
      frame: (parent * 37) % hour,
      duration_frames: parent % 5 === 0 ? 48 : null,
    };
  });
  await insertComments(db, on, replies);
  return { versionId, deliverableId };
}

/**
 * The real server in this process on a fresh database (freshDatabase), listening on loopback,
 * with a signed-up owner. No worker, no demo data.
 */
export async function startInProcess(
  target: Pick<BenchDatabase, 'dataDir' | 'databaseUrl'>,
  env: Record<string, string> = {},
) {
  const config = loadConfig({
    PORT: '0',
    PREROLL_DATA_DIR: target.dataDir,
    DATABASE_URL: target.databaseUrl,
    LOG_LEVEL: 'silent',
    PREROLL_SEED_DEMO: 'off',
    PREROLL_WORKER: 'off',
    ...env,
  });
  const preroll = await composePreroll(config);
  const base = (await preroll.app.listen({ port: 0, host: '127.0.0.1' })).replace('[::1]', '127.0.0.1');
  const session = await signUpOverHttp(base);
  return { preroll, config, base, session };
}
