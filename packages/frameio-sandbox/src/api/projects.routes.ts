import type { FastifyInstance } from 'fastify';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { ProjectRec } from '../state/state-types.ts';
import { deleteAssetTree } from './asset-lifecycle.ts';
import { parseIncludes, presentProject } from './presenters.ts';
import { applySort, emitProjectEvent, getProject, getWorkspace } from './resource-access.ts';

export function registerProjectRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  defineOp(app, rt, 'projects.index', ({ params, query, path, op }) => {
    getWorkspace(rt, params.account_id!, params.workspace_id!);
    const list = Object.values(rt.store.state.projects).filter((p) => p.workspace_id === params.workspace_id);
    const includes = parseIncludes(query.include);
    return paginate(
      applySort(
        list.sort((a, b) => a.seq - b.seq),
        query.sort,
      ),
      query,
      path,
      pageSizeMax(op),
      (p) => presentProject(rt, p, true, includes),
    );
  });

  // Creating a project also creates its root folder (frameio-api-notes.md, "Projects and folders";
  // parent_id null is a choice).
  defineOp(app, rt, 'projects.create', ({ params, body, user }) => {
    const ws = getWorkspace(rt, params.account_id!, params.workspace_id!);
    const now = rt.store.clock.iso();
    const id = rt.store.newId();
    const rootId = rt.store.newId();
    const p: ProjectRec = {
      id,
      account_id: ws.account_id,
      workspace_id: ws.id,
      name: body.data.name,
      description: null,
      restricted: body.data.restricted ?? false,
      status: 'active',
      root_folder_id: rootId,
      owner_id: user.id,
      created_at: now,
      updated_at: now,
      seq: rt.store.nextSeq(),
    };
    rt.store.state.projects[id] = p;
    rt.store.state.assets[rootId] = {
      id: rootId,
      type: 'folder',
      name: body.data.name,
      account_id: ws.account_id,
      project_id: id,
      parent_id: null,
      creator_id: user.id,
      created_at: now,
      updated_at: now,
      seq: rt.store.nextSeq(),
    };
    rt.store.changed();
    emitProjectEvent(rt, 'project.created', p, { id, type: 'project' }, user.id);
    return { data: presentProject(rt, p, false) };
  });

  defineOp(app, rt, 'projects.show', ({ params, query }) => {
    const p = getProject(rt, params.account_id!, params.project_id!);
    return { data: presentProject(rt, p, true, parseIncludes(query.include)) };
  });

  defineOp(app, rt, 'projects.update', ({ params, body, user }) => {
    const p = getProject(rt, params.account_id!, params.project_id!);
    const d = body.data as Partial<Pick<ProjectRec, 'name' | 'restricted' | 'status'>>;
    if (d.name !== undefined) p.name = d.name;
    if (d.restricted !== undefined) p.restricted = d.restricted;
    if (d.status !== undefined) p.status = d.status;
    p.updated_at = rt.store.clock.iso();
    rt.store.changed();
    emitProjectEvent(rt, 'project.updated', p, { id: p.id, type: 'project' }, user.id);
    return { data: presentProject(rt, p, false) };
  });

  defineOp(app, rt, 'projects.delete', async ({ params, user }) => {
    const p = getProject(rt, params.account_id!, params.project_id!);
    await deleteAssetTree(rt, p.root_folder_id, user.id, false);
    for (const s of Object.values(rt.store.state.shares))
      if (s.project_id === p.id) delete rt.store.state.shares[s.id];
    delete rt.store.state.projects[p.id];
    rt.store.changed();
    emitProjectEvent(rt, 'project.deleted', p, { id: p.id, type: 'project' }, user.id);
    return undefined;
  });
}
