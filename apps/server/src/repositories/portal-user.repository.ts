import type { PortalUsersTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type PortalUserRow = PortalUsersTable;

// TODO(owner: domain): the rest of portal_users and magic_links queries.
export class PortalUserRepository {
  constructor(private readonly db: Executor) {}

  findById(id: string): Promise<PortalUserRow | undefined> {
    return this.db.selectFrom('portal_users').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
