import type { WatchesTable } from '../db/schema.ts';
import { newId } from '../lib/ids.ts';
import type { Executor } from './executor.ts';

export type WatchSubject = WatchesTable['subject_type'];

/**
 * What members watch (clients, shows, deliverables), and the people a notification may reach:
 * watchers, thread participants, a client's contacts, the organization's members.
 */
export class WatchRepository {
  constructor(private readonly db: Executor) {}

  async add(orgId: string, userId: string, subjectType: WatchSubject, subjectId: string, nowIso: string) {
    await this.db
      .insertInto('watches')
      .values({
        id: newId(),
        org_id: orgId,
        user_id: userId,
        subject_type: subjectType,
        subject_id: subjectId,
        created_at: nowIso,
      })
      .onConflict((oc) => oc.columns(['org_id', 'user_id', 'subject_type', 'subject_id']).doNothing())
      .execute();
  }

  async remove(orgId: string, userId: string, subjectType: WatchSubject, subjectId: string) {
    await this.db
      .deleteFrom('watches')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', subjectId)
      .execute();
  }

  async isWatching(orgId: string, userId: string, subjectType: WatchSubject, subjectId: string) {
    const row = await this.db
      .selectFrom('watches')
      .select('id')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .where('subject_type', '=', subjectType)
      .where('subject_id', '=', subjectId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Members (still in the organization) watching any of these subjects, once each. */
  async watchersOf(orgId: string, subjectIds: string[]): Promise<string[]> {
    const rows = await this.db
      .selectFrom('watches as w')
      .innerJoin('memberships as m', (j) => j.onRef('m.user_id', '=', 'w.user_id').on('m.org_id', '=', orgId))
      .select('w.user_id')
      .distinct()
      .where('w.org_id', '=', orgId)
      .where('w.subject_id', 'in', subjectIds)
      .execute();
    return rows.map((r) => r.user_id);
  }

  /** Whether this user is (still) a member of the organization. */
  async isMember(orgId: string, userId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('memberships')
      .select('user_id')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Who wrote in a thread (the root and its replies): members and client contacts. */
  async threadParticipants(orgId: string, rootId: string) {
    return this.db
      .selectFrom('comments')
      .select(['author_type', 'author_user_id', 'author_portal_user_id'])
      .distinct()
      .where('org_id', '=', orgId)
      .where((eb) => eb.or([eb('id', '=', rootId), eb('parent_id', '=', rootId)]))
      .where('deleted_at', 'is', null)
      .execute();
  }

  portalUsersOfClient(orgId: string, clientId: string) {
    return this.db
      .selectFrom('portal_users')
      .select(['id', 'name'])
      .where('org_id', '=', orgId)
      .where('client_id', '=', clientId)
      .execute();
  }

  /** The organization's members with their names (to find @mentions). */
  membersWithNames(orgId: string) {
    return this.db
      .selectFrom('memberships as m')
      .innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.name'])
      .where('m.org_id', '=', orgId)
      .execute();
  }

  /** Addresses of members and client contacts, in two queries however many recipients. */
  async addresses(orgId: string, userIds: string[], portalUserIds: string[]) {
    const users =
      userIds.length === 0
        ? []
        : await this.db
            .selectFrom('users as u')
            .innerJoin('memberships as m', (j) =>
              j.onRef('m.user_id', '=', 'u.id').on('m.org_id', '=', orgId),
            )
            .select(['u.id', 'u.email', 'u.name'])
            .where('u.id', 'in', userIds)
            .execute();
    const contacts =
      portalUserIds.length === 0
        ? []
        : await this.db
            .selectFrom('portal_users')
            .select(['id', 'email', 'name', 'org_id'])
            .where('org_id', '=', orgId)
            .where('id', 'in', portalUserIds)
            .execute();
    return { users, contacts };
  }
}
