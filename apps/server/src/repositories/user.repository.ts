import type { UsersTable } from '../db/schema.ts';
import type { Executor } from './executor.ts';

export type UserRow = UsersTable;

export class UserRepository {
  constructor(private readonly db: Executor) {}

  async insert(row: UserRow): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  findById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Emails are stored lower-cased, so lookups are exact. */
  findByEmail(email: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.toLowerCase())
      .executeTakeFirst();
  }

  async update(id: string, patch: Partial<Pick<UserRow, 'name' | 'email' | 'password_hash' | 'updated_at'>>) {
    await this.db.updateTable('users').set(patch).where('id', '=', id).execute();
  }
}
