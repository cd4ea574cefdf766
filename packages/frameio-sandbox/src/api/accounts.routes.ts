import type { FastifyInstance } from 'fastify';
import { forbidden } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import { parseIncludes, presentAccount, presentUser, presentWorkspace } from './presenters.ts';
import { accountRole, applySort, getWorkspace, isAccountAdmin } from './resource-access.ts';

export function registerAccountRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  defineOp(app, rt, 'users.show', ({ user }) => ({
    data: { id: user.id, name: user.name, email: user.email, avatar_url: user.avatar_url },
  }));

  defineOp(app, rt, 'accounts.index', ({ user, query, path, op }) => {
    const ids = new Set(
      rt.store.state.memberships.filter((m) => m.user_id === user.id).map((m) => m.account_id),
    );
    const accounts = Object.values(rt.store.state.accounts)
      .filter((a) => ids.has(a.id))
      .map((a) => ({ ...a, name: a.display_name, seq: 0 }));
    const sorted = applySort(accounts, query.sort?.replace('display_name', 'name'));
    return paginate(sorted, query, path, pageSizeMax(op), (a) => presentAccount(rt, a, user.id));
  });

  defineOp(app, rt, 'workspaces.index', ({ params, query, path, op }) => {
    const list = Object.values(rt.store.state.workspaces)
      .filter((w) => w.account_id === params.account_id)
      .map((w) => ({ ...w, seq: 0 }));
    const includes = parseIncludes(query.include);
    return paginate(applySort(list, query.sort), query, path, pageSizeMax(op), (w) =>
      presentWorkspace(rt, w, includes),
    );
  });

  // Beyond the subset (frameio-api-notes.md, "Operations beyond the subset").
  // (choice) any member of the account may list its users; who may is not documented.
  defineOp(app, rt, 'account_permissions.index', ({ params, query, path, op, user }) => {
    if (!accountRole(rt, params.account_id!, user.id)) throw forbidden('Not a member of this account');
    const members = rt.store.state.memberships
      .filter((m) => m.account_id === params.account_id)
      .flatMap((m, seq) => {
        const u = rt.store.state.users[m.user_id];
        return u
          ? [{ seq, name: u.name, email: u.email, role: m.role, user: u, created_at: '', updated_at: '' }]
          : [];
      });
    const sorted = applySort(members, query.sort, (m, key) =>
      key === 'role' ? m.role : key === 'email' ? m.email.toLowerCase() : null,
    );
    return paginate(sorted, query, path, pageSizeMax(op), (m) => ({
      role: m.role,
      user: presentUser(m.user),
    }));
  });

  defineOp(app, rt, 'workspaces.show', ({ params, query }) => ({
    data: presentWorkspace(
      rt,
      getWorkspace(rt, params.account_id!, params.workspace_id!),
      parseIncludes(query.include),
    ),
  }));

  // (choice) like webhooks, creating a workspace is for account admins
  defineOp(app, rt, 'workspaces.create', ({ params, body, user }) => {
    if (!isAccountAdmin(rt, params.account_id!, user.id))
      throw forbidden('Only account admins can create workspaces');
    const now = rt.store.clock.iso();
    const w = {
      id: rt.store.newId(),
      account_id: params.account_id!,
      name: body.data.name as string,
      creator_id: user.id,
      created_at: now,
      updated_at: now,
    };
    rt.store.state.workspaces[w.id] = w;
    rt.store.changed();
    return { data: presentWorkspace(rt, w, new Set()) };
  });
}
