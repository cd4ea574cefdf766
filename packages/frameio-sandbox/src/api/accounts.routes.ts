import type { FastifyInstance } from 'fastify';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import { parseIncludes, presentAccount, presentWorkspace } from './presenters.ts';
import { applySort } from './resource-access.ts';

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
}
