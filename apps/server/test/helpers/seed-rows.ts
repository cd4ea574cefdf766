import type { Kysely } from 'kysely';
import type { CommentsTable, DeliverableStatus, DeliverableVersionsTable } from '../../src/db/schema.ts';
import { newId } from '../../src/lib/ids.ts';
import type { AllTables } from '../../src/server.ts';

/**
 * Rows inserted straight into the database, for tests (through factories.ts) and benchmarks
 * (bench/) alike: one way to lay out client → show → episode → deliverable → version → comments,
 * so the two never drift apart from the schema separately.
 */

/** The composed app's database handle (`preroll.db`), as tests and benches hold it. */
type Db = Kysely<AllTables>;

const stamps = () => {
  const now = new Date().toISOString();
  return { created_at: now, updated_at: now };
};

/** client → show → episode → deliverable (reusing a client when one is given). */
export async function insertDeliverable(
  db: Db,
  orgId: string,
  opts: { status?: DeliverableStatus; clientId?: string } = {},
) {
  const ts = stamps();
  const clientId = opts.clientId ?? newId();
  if (!opts.clientId) {
    await db
      .insertInto('clients')
      .values({ id: clientId, org_id: orgId, name: 'Acme Media', contact_email: null, notes: null, ...ts })
      .execute();
  }
  const showId = newId();
  await db
    .insertInto('shows')
    .values({ id: showId, org_id: orgId, client_id: clientId, title: 'The Show', description: null, ...ts })
    .execute();
  const episodeId = newId();
  await db
    .insertInto('episodes')
    .values({
      ...{ id: episodeId, org_id: orgId, show_id: showId, title: 'Pilot', number: 1 },
      ...{ status: 'in_review', air_date: null, ...ts },
    })
    .execute();
  const deliverableId = newId();
  await db
    .insertInto('deliverables')
    .values({
      ...{ id: deliverableId, org_id: orgId, episode_id: episodeId, title: 'Rough cut', kind: 'cut' },
      ...{ status: opts.status ?? 'submitted', due_date: null, ...ts },
    })
    .execute();
  return { clientId, showId, episodeId, deliverableId };
}

export interface VersionFacts {
  rate: [number, number] | null;
  durationFrames: number | null;
  startFrame?: number;
  dropFrame?: boolean;
  kind?: 'video' | 'audio' | 'other';
  /** Any other column (id, file name, size, picture size, uploader …). */
  row?: Partial<DeliverableVersionsTable>;
}

/** A ready version row with the given media facts, numbered after the deliverable's last. */
export async function insertVersion(db: Db, orgId: string, deliverableId: string, facts: VersionFacts) {
  const id = facts.row?.id ?? newId();
  const max = await db
    .selectFrom('deliverable_versions')
    .select((eb) => eb.fn.max('number').as('n'))
    .where('deliverable_id', '=', deliverableId)
    .executeTakeFirst();
  await db
    .insertInto('deliverable_versions')
    .values({
      id,
      org_id: orgId,
      deliverable_id: deliverableId,
      number: Number(max?.n ?? 0) + 1,
      status: 'ready',
      original_filename: 'fixture.mov',
      content_type: 'video/quicktime',
      size_bytes: 0,
      storage_key: `tus/fixture-${id}`,
      sha256: null,
      media_kind: facts.kind ?? (facts.rate ? 'video' : 'other'),
      frame_rate_num: facts.rate?.[0] ?? null,
      frame_rate_den: facts.rate?.[1] ?? null,
      duration_frames: facts.durationFrames,
      duration_ms: null,
      start_frame: facts.startFrame ?? 0,
      drop_frame: facts.dropFrame ? 1 : 0,
      width: null,
      height: null,
      probe_error: null,
      proxy_status: 'not_needed' as const,
      proxy_key: null,
      proxy_error: null,
      poster_key: null,
      thumbnails_key: null,
      waveform_key: null,
      processing_stage: null,
      processing_percent: null,
      processing_eta_seconds: null,
      uploaded_by: null,
      ...stamps(),
      ...facts.row,
    })
    .execute();
  return id;
}

/** What a comment needs said; the rest defaults to a live, open, top-level team note. */
export type CommentSeed = Pick<CommentsTable, 'body' | 'frame'> & Partial<CommentsTable>;

/** Comments on one version, inserted 500 a statement in one transaction; returns their ids. */
export async function insertComments(
  db: Db,
  on: { orgId: string; versionId: string; deliverableId: string; userId: string | null },
  seeds: CommentSeed[],
): Promise<string[]> {
  const ts = stamps();
  const rows = seeds.map((s) => ({
    id: newId(),
    org_id: on.orgId,
    version_id: on.versionId,
    deliverable_id: on.deliverableId,
    parent_id: null,
    author_type: 'user' as const,
    author_user_id: on.userId,
    author_portal_user_id: null,
    author_name: 'Bench',
    visibility: 'client' as const,
    duration_frames: null,
    source: 'preroll' as const,
    edited_at: null,
    deleted_at: null,
    ...ts,
    ...s,
  }));
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('comments')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  return rows.map((r) => r.id);
}

/** Team members of an organization (users with memberships), 200 a statement; returns their ids. */
export async function insertMembers(
  db: Db,
  orgId: string,
  people: Array<{ name: string; email?: string; role: 'owner' | 'admin' | 'member' }>,
): Promise<string[]> {
  const now = new Date().toISOString();
  const rows = people.map((p) => ({ ...p, id: newId() }));
  for (let at = 0; at < rows.length; at += 200) {
    const slice = rows.slice(at, at + 200);
    await db
      .insertInto('users')
      .values(
        slice.map((u) => ({
          id: u.id,
          email: u.email ?? `${u.id}@team.test`,
          name: u.name,
          password_hash: null,
          created_at: now,
          updated_at: now,
        })),
      )
      .execute();
    await db
      .insertInto('memberships')
      .values(
        slice.map((u) => ({ id: newId(), org_id: orgId, user_id: u.id, role: u.role, created_at: now })),
      )
      .execute();
  }
  return rows.map((r) => r.id);
}
