import type { FastifyInstance } from 'fastify';
import { invalid } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { AssetRec, FileRec } from '../state/state-types.ts';
import { planParts } from '../uploads/part-plan.ts';
import { partUrl } from '../uploads/signed-urls.ts';
import { deleteAssetTree } from './asset-lifecycle.ts';
import { presentFile, presentFileWithIncludes } from './asset-presenters.ts';
import { addFile } from './file-records.ts';
import { sortAssets } from './folders.routes.ts';
import { parseIncludes } from './presenters.ts';
import {
  childrenOf,
  emitProjectEvent,
  getAsset,
  getFile,
  getFolder,
  getProject,
  stackFiles,
} from './resource-access.ts';

/** A version stack with no files left has nothing to show; it goes away (choice). */
export function dropEmptyStack(rt: SandboxRuntime, stackId: string | null): void {
  if (!stackId) return;
  const s = rt.store.state.assets[stackId];
  if (s?.type === 'version_stack' && stackFiles(rt, stackId).length === 0)
    delete rt.store.state.assets[stackId];
}

export function registerFileRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  defineOp(app, rt, 'files.create_local_upload', ({ params, body, user }) => {
    const folder = getFolder(rt, params.account_id!, params.folder_id!);
    const now = rt.store.clock.now();
    const sizes = planParts(body.data.file_size);
    const file = addFile(rt, folder, body.data.name, user.id, {
      file_size: body.data.file_size,
      parts: sizes.map((size) => ({ size, puts: 0, done: false })),
      upload_expires_at: now + rt.uploadUrlTtlSeconds * 1000,
    });
    const upload_urls = sizes.map((size, i) => ({
      size,
      url: partUrl(rt, file.id, i + 1, now, rt.uploadUrlTtlSeconds),
    }));
    return { data: { ...presentFile(rt, file), upload_urls } };
  });

  defineOp(app, rt, 'files.list', ({ params, query, path, op }) => {
    const folder = getFolder(rt, params.account_id!, params.folder_id!);
    const includes = parseIncludes(query.include);
    const files = sortAssets(
      childrenOf(rt, folder.id).filter((a) => a.type === 'file'),
      query.sort,
    ) as FileRec[];
    return paginate(files, query, path, pageSizeMax(op), (f) => presentFileWithIncludes(rt, f, includes));
  });

  defineOp(app, rt, 'files.show', ({ params, query }) => {
    const f = getFile(rt, params.account_id!, params.file_id!);
    return { data: presentFileWithIncludes(rt, f, parseIncludes(query.include)) };
  });

  defineOp(app, rt, 'files.update', ({ params, body, user }) => {
    const f = getFile(rt, params.account_id!, params.file_id!);
    if (body.data.name !== undefined) f.name = body.data.name;
    f.updated_at = rt.store.clock.iso();
    rt.store.changed();
    emitProjectEvent(
      rt,
      'file.updated',
      getProject(rt, f.account_id, f.project_id),
      { id: f.id, type: 'file' },
      user.id,
    );
    return { data: presentFile(rt, f) };
  });

  defineOp(app, rt, 'files.delete', async ({ params, user }) => {
    const f = getFile(rt, params.account_id!, params.file_id!);
    const parent = f.parent_id;
    await deleteAssetTree(rt, f.id, user.id, true);
    dropEmptyStack(rt, parent);
    return undefined;
  });

  defineOp(app, rt, 'files.show_file_upload_status', ({ params }) => {
    const f = getFile(rt, params.account_id!, params.file_id!);
    return {
      data: {
        id: f.id,
        filetype: f.media_type,
        upload_complete: f.status !== 'created',
        upload_failed: f.upload_failed,
        uploaded_at: f.uploaded_at,
        upload_completed_at: f.upload_completed_at,
      },
    };
  });

  // Move into a folder, or into a version stack where it becomes the new head (file.versioned).
  defineOp(app, rt, 'files.move', ({ params, body, user }) => {
    const f = getFile(rt, params.account_id!, params.file_id!);
    const parentId = body.data.parent_id as string | undefined;
    if (!parentId) throw invalid('/data/parent_id', 'Missing field: parent_id');
    let target: AssetRec;
    try {
      target = getAsset(rt, f.account_id, parentId);
    } catch {
      throw invalid('/data/parent_id', 'Destination folder or version stack not found');
    }
    if (target.type === 'file')
      throw invalid('/data/parent_id', 'Destination must be a folder or version stack');
    if (target.id === f.parent_id) return { data: presentFile(rt, f) };
    const oldParent = f.parent_id;
    f.parent_id = target.id;
    f.project_id = target.project_id;
    f.updated_at = rt.store.clock.iso();
    if (target.type === 'version_stack') {
      const top = stackFiles(rt, target.id).filter((x) => x.id !== f.id);
      f.version_index = Math.max(0, ...top.map((x) => x.version_index ?? 0)) + 1;
      target.updated_at = f.updated_at;
    } else {
      f.version_index = null;
    }
    dropEmptyStack(rt, oldParent);
    rt.store.changed();
    const project = getProject(rt, f.account_id, f.project_id);
    const event = target.type === 'version_stack' ? 'file.versioned' : 'file.updated';
    emitProjectEvent(rt, event, project, { id: f.id, type: 'file' }, user.id);
    return { data: presentFile(rt, f) };
  });
}
