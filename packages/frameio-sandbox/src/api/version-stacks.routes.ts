import type { FastifyInstance } from 'fastify';
import { invalid } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import { paginate } from '../http/pagination.ts';
import { pageSizeMax } from '../http/request-validator.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { FileRec, VersionStackRec } from '../state/state-types.ts';
import { presentFileWithIncludes, presentVersionStack } from './asset-presenters.ts';
import { sortAssets } from './folders.routes.ts';
import { parseIncludes } from './presenters.ts';
import { emitProjectEvent, getFolder, getProject, getVersionStack, stackFiles } from './resource-access.ts';

export function registerVersionStackRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  // file_ids are ordered oldest (bottom) → newest (top); all must be files in this folder
  // (frameio-api-notes.md, "Version stacks").
  defineOp(app, rt, 'version_stacks.create', ({ params, body, user }) => {
    const folder = getFolder(rt, params.account_id!, params.folder_id!);
    const ids = body.data.file_ids as string[];
    const files: FileRec[] = ids.map((id, i) => {
      const a = rt.store.state.assets[id];
      if (a?.type !== 'file' || a.account_id !== folder.account_id || a.parent_id !== folder.id) {
        throw invalid(`/data/file_ids/${i}`, 'File not found in this folder');
      }
      return a;
    });
    const now = rt.store.clock.iso();
    const stack: VersionStackRec = {
      id: rt.store.newId(),
      type: 'version_stack',
      name: files[files.length - 1]?.name ?? 'Version stack',
      account_id: folder.account_id,
      project_id: folder.project_id,
      parent_id: folder.id,
      creator_id: user.id,
      created_at: now,
      updated_at: now,
      seq: rt.store.nextSeq(),
    };
    rt.store.state.assets[stack.id] = stack;
    files.forEach((f, i) => {
      f.parent_id = stack.id;
      f.version_index = i + 1;
      f.updated_at = now;
    });
    rt.store.changed();
    const head = files[files.length - 1];
    if (head) {
      // (choice) one file.versioned naming the head file; resource.type stays "file"
      emitProjectEvent(
        rt,
        'file.versioned',
        getProject(rt, folder.account_id, folder.project_id),
        { id: head.id, type: 'file' },
        user.id,
      );
    }
    return { data: presentVersionStack(rt, stack, new Set()) };
  });

  // Versions in stack order, oldest first, head last (choice) unless `sort` is given.
  defineOp(app, rt, 'version_stacks.index', ({ params, query, path, op }) => {
    const stack = getVersionStack(rt, params.account_id!, params.version_stack_id!);
    const includes = parseIncludes(query.include);
    const files = stackFiles(rt, stack.id);
    const items = (query.sort ? sortAssets(files, query.sort) : files) as FileRec[];
    return paginate(items, query, path, pageSizeMax(op), (f) => presentFileWithIncludes(rt, f, includes));
  });

  // Beyond the subset (frameio-api-notes.md, "Operations beyond the subset").
  defineOp(app, rt, 'version_stacks.show', ({ params, query }) => ({
    data: presentVersionStack(
      rt,
      getVersionStack(rt, params.account_id!, params.version_stack_id!),
      parseIncludes(query.include),
    ),
  }));
}
