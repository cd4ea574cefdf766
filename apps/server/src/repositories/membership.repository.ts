import type { MembershipsTable, Role } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type MembershipRow = MembershipsTable;
export interface MembershipWithOrg extends MembershipRow {
  org_name: string;
}
export interface MemberWithUser extends MembershipRow {
  email: string;
  name: string;
}

export class MembershipRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: MembershipRow): Promise<void> {
    await this.db.insertInto('memberships').values(row).execute();
  }

  find(orgId: string, userId: string): Promise<MembershipRow | undefined> {
    return this.db
      .selectFrom('memberships')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  listForUser(userId: string): Promise<MembershipWithOrg[]> {
    return this.db
      .selectFrom('memberships')
      .innerJoin('organizations', 'organizations.id', 'memberships.org_id')
      .selectAll('memberships')
      .select('organizations.name as org_name')
      .where('memberships.user_id', '=', userId)
      .orderBy('memberships.created_at')
      .execute();
  }

  listForOrg(orgId: string): Promise<MemberWithUser[]> {
    return this.db
      .selectFrom('memberships')
      .innerJoin('users', 'users.id', 'memberships.user_id')
      .selectAll('memberships')
      .select(['users.email', 'users.name'])
      .where('memberships.org_id', '=', orgId)
      .orderBy('memberships.created_at')
      .execute();
  }

  async countOwners(orgId: string): Promise<number> {
    const row = await this.db
      .selectFrom('memberships')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('org_id', '=', orgId)
      .where('role', '=', 'owner')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async setRole(orgId: string, userId: string, role: Role): Promise<void> {
    await this.db
      .updateTable('memberships')
      .set({ role })
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .execute();
  }

  async delete(orgId: string, userId: string): Promise<void> {
    await this.db
      .deleteFrom('memberships')
      .where('org_id', '=', orgId)
      .where('user_id', '=', userId)
      .execute();
  }
}
