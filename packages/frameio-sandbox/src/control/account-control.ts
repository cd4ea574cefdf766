import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { SandboxUser } from '../sandbox-types.ts';
import type { Role } from '../state/state-types.ts';
import { ControlError } from './control-error.ts';

const ROLES: Role[] = ['owner', 'admin', 'member'];

/** Users, accounts, workspaces and account roles: the people side of the control API. */
export interface AccountControl {
  addUser(input: {
    id?: string;
    name: string;
    email: string;
    adobe_user_id?: string;
    account_id?: string;
    role?: Role;
  }): SandboxUser;
  addAccount(input: { id?: string; display_name: string; owner_user_id?: string }): {
    id: string;
    display_name: string;
  };
  addWorkspace(input: { id?: string; account_id: string; name: string }): {
    id: string;
    account_id: string;
    name: string;
  };
  addMembership(input: { account_id: string; user_id: string; role?: Role }): void;
  /**
   * The user's role in an account (default: the seeded one). `member` is what makes the
   * admin-only operations answer 403 (frameio-api-notes.md, "Permissions"), e.g. to test how a
   * client reacts when the user who connected it is not an account admin.
   */
  setAccountRole(
    userId: string,
    role: Role,
    accountId?: string,
  ): { account_id: string; user_id: string; role: Role };
}

export function createAccountControl(rt: SandboxRuntime): AccountControl {
  const s = () => rt.store.state;
  const user = (id: string) => {
    const u = s().users[id];
    if (!u) throw new ControlError(404, `unknown user ${id}`);
    return u;
  };
  const setMembership = (accountId: string, userId: string, role: Role): void => {
    if (!ROLES.includes(role)) throw new ControlError(400, 'role must be owner, admin or member');
    s().memberships = s().memberships.filter((m) => !(m.account_id === accountId && m.user_id === userId));
    s().memberships.push({ account_id: accountId, user_id: userId, role });
    rt.store.changed();
  };

  return {
    addUser(input) {
      if (!input.name || !input.email) throw new ControlError(400, 'name and email are required');
      const id = input.id ?? randomUUID();
      const adobe = input.adobe_user_id ?? `${randomBytes(12).toString('hex').toUpperCase()}@AdobeID`;
      s().users[id] = { id, name: input.name, email: input.email, adobe_user_id: adobe, avatar_url: null };
      const accountId = input.account_id ?? Object.keys(s().accounts)[0];
      const role = input.role ?? 'member';
      if (accountId) {
        if (!s().accounts[accountId]) throw new ControlError(404, `unknown account ${accountId}`);
        s().memberships.push({ account_id: accountId, user_id: id, role });
      }
      rt.store.changed();
      return { id, name: input.name, email: input.email, adobe_user_id: adobe, role };
    },
    addAccount(input) {
      if (!input.display_name) throw new ControlError(400, 'display_name is required');
      const id = input.id ?? randomUUID();
      const ownerId = input.owner_user_id;
      if (ownerId) {
        user(ownerId);
        s().memberships.push({ account_id: id, user_id: ownerId, role: 'owner' });
      }
      rt.store.addAccount(id, input.display_name);
      rt.store.changed();
      return { id, display_name: input.display_name };
    },
    addWorkspace(input) {
      if (!s().accounts[input.account_id]) throw new ControlError(404, `unknown account ${input.account_id}`);
      if (!input.name) throw new ControlError(400, 'name is required');
      const id = input.id ?? randomUUID();
      const now = rt.store.clock.iso();
      const creator = s().memberships.find((m) => m.account_id === input.account_id)?.user_id ?? '';
      s().workspaces[id] = {
        id,
        account_id: input.account_id,
        name: input.name,
        creator_id: creator,
        created_at: now,
        updated_at: now,
      };
      rt.store.changed();
      return { id, account_id: input.account_id, name: input.name };
    },
    addMembership(input) {
      user(input.user_id);
      if (!s().accounts[input.account_id]) throw new ControlError(404, `unknown account ${input.account_id}`);
      setMembership(input.account_id, input.user_id, input.role ?? 'member');
    },
    setAccountRole(userId, role, accountId) {
      user(userId);
      const account = accountId ?? Object.keys(s().accounts)[0];
      if (!account || !s().accounts[account]) throw new ControlError(404, `unknown account ${accountId}`);
      if (!s().memberships.some((m) => m.account_id === account && m.user_id === userId))
        throw new ControlError(404, `user ${userId} is not in account ${account}`);
      setMembership(account, userId, role);
      return { account_id: account, user_id: userId, role };
    },
  };
}
