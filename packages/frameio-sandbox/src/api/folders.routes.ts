import type { FastifyInstance } from 'fastify';
import { ApiError } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { AssetRec, FolderRec } from '../state/state-types.ts';
import { deleteAssetTree } from './asset-lifecycle.ts';
import { presentAsset, presentFolder, presentFolderWithIncludes } from './asset-presenters.ts';
import { parseIncludes } from './presenters.ts';
import { applySort, childrenOf, emitProjectEvent, getFolder, getProject } from './resource-access.ts';

const CHILD_TYPES = new Set(['file', 'folder', 'version_stack']);

export function sortAssets(items: AssetRec[], sort: string | undefined): AssetRec[] {
  return applySort(items, sort, (a, key) =>
    key === 'file_size' ? (a.type === 'file' ? a.file_size : 0) : null,
  );
}

export function registerFolderRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  defineOp(app, rt, 'folders.show', ({ params, query }) => {
    const f = getFolder(rt, params.account_id!, params.folder_id!);
    return { data: presentFolderWithIncludes(rt, f, parseIncludes(query.include)) };
  });

  defineOp(app, rt, 'folders.update', ({ params, body, user }) => {
    const f = getFolder(rt, params.account_id!, params.folder_id!);
    if (body.data.name !== undefined) f.name = body.data.name;
    f.updated_at = rt.store.clock.iso();
    rt.store.changed();
    const p = getProject(rt, f.account_id, f.project_id);
    emitProjectEvent(rt, 'folder.updated', p, { id: f.id, type: 'folder' }, user.id);
    return { data: presentFolder(rt, f) };
  });

  defineOp(app, rt, 'folders.delete', async ({ params, user }) => {
    const f = getFolder(rt, params.account_id!, params.folder_id!);
    // (choice) a project's root folder goes only with its project
    if (f.parent_id === null)
      throw new ApiError(409, [{ detail: 'A project root folder cannot be deleted' }]);
    await deleteAssetTree(rt, f.id, user.id, true);
    return undefined;
  });

  // Children: files, folders and version stacks; `type` is a comma list (frameio-api-notes.md,
  // "List parameters").
  defineOp(app, rt, 'folders.index', ({ params, query, path, op }) => {
    const f = getFolder(rt, params.account_id!, params.folder_id!);
    const types = (query.type ?? 'file,folder,version_stack').split(',').map((t) => t.trim());
    for (const t of types) {
      if (!CHILD_TYPES.has(t)) {
        throw new ApiError(422, [
          { detail: `Invalid type: ${t}`, source: { pointer: '/type' }, title: 'Invalid value' },
        ]);
      }
    }
    const includes = parseIncludes(query.include);
    const items = sortAssets(
      childrenOf(rt, f.id).filter((a) => types.includes(a.type)),
      query.sort,
    );
    return paginate(items, query, path, pageSizeMax(op), (a) => presentAsset(rt, a, includes));
  });

  defineOp(app, rt, 'folders.list', ({ params, query, path, op }) => {
    const f = getFolder(rt, params.account_id!, params.folder_id!);
    const includes = parseIncludes(query.include);
    const items = sortAssets(
      childrenOf(rt, f.id).filter((a) => a.type === 'folder'),
      query.sort,
    ) as FolderRec[];
    return paginate(items, query, path, pageSizeMax(op), (a) => presentFolderWithIncludes(rt, a, includes));
  });

  defineOp(app, rt, 'folders.create', ({ params, body, user }) => {
    const parent = getFolder(rt, params.account_id!, params.folder_id!);
    const name = body.data.name as string | undefined;
    if (name === undefined) {
      throw new ApiError(422, [
        { detail: 'Missing field: name', source: { pointer: '/data/name' }, title: 'Invalid value' },
      ]);
    }
    const now = rt.store.clock.iso();
    const folder: FolderRec = {
      id: rt.store.newId(),
      type: 'folder',
      name,
      account_id: parent.account_id,
      project_id: parent.project_id,
      parent_id: parent.id,
      creator_id: user.id,
      created_at: now,
      updated_at: now,
      seq: rt.store.nextSeq(),
    };
    rt.store.state.assets[folder.id] = folder;
    rt.store.changed();
    const p = getProject(rt, folder.account_id, folder.project_id);
    emitProjectEvent(rt, 'folder.created', p, { id: folder.id, type: 'folder' }, user.id);
    return { data: presentFolder(rt, folder) };
  });
}
