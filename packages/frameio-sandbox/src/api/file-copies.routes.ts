import type { FastifyInstance } from 'fastify';
import { ApiError, invalid } from '../http/api-error.ts';
import { defineOp } from '../http/operation.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import type { CommentRec, FileRec, FolderRec } from '../state/state-types.ts';
import { fetchRemoteUpload } from '../uploads/remote-upload.ts';
import { scheduleTranscode } from '../uploads/upload-lifecycle.ts';
import { presentFile } from './asset-presenters.ts';
import { addFile } from './file-records.ts';
import { childrenOf, emitProjectEvent, getAsset, getFile, getFolder, getProject } from './resource-access.ts';

/** "name.ext" → "name (1).ext", "name (2).ext"… until no sibling has the name (choice). */
function freeName(rt: SandboxRuntime, folderId: string, name: string): string {
  const taken = new Set(childrenOf(rt, folderId).map((a) => a.name));
  if (!taken.has(name)) return name;
  const dot = name.lastIndexOf('.');
  const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
  for (let n = 1; ; n++) if (!taken.has(`${stem} (${n})${ext}`)) return `${stem} (${n})${ext}`;
}

/** The copy's folder: `parent_id`, else the file's folder (a stacked file's stack's folder). */
function copyDestination(rt: SandboxRuntime, src: FileRec, parentId: string | undefined): FolderRec {
  if (parentId) {
    try {
      return getFolder(rt, src.account_id, parentId);
    } catch {
      throw invalid('/data/parent_id', 'Destination folder not found');
    }
  }
  const parent = getAsset(rt, src.account_id, src.parent_id!);
  return parent.type === 'folder' ? parent : getFolder(rt, src.account_id, parent.parent_id!);
}

function copyComments(rt: SandboxRuntime, from: FileRec, to: FileRec): void {
  const ids = new Map<string, string>();
  const all = Object.values(rt.store.state.comments)
    .filter((c) => c.file_id === from.id)
    .sort((a, b) => (a.parent_id === null ? 0 : 1) - (b.parent_id === null ? 0 : 1) || a.seq - b.seq);
  for (const c of all) {
    const copy: CommentRec = {
      ...structuredClone(c),
      id: rt.store.newId(),
      file_id: to.id,
      parent_id: c.parent_id ? (ids.get(c.parent_id) ?? null) : null,
      seq: rt.store.nextSeq(),
    };
    ids.set(c.id, copy.id);
    rt.store.state.comments[copy.id] = copy;
  }
}

/**
 * Operations beyond the vendored subset that common clients call (docs/frameio-api-notes.md,
 * "Operations beyond the subset"): copy a file, and create one from a URL (remote upload).
 */
export function registerFileCopyRoutes(app: FastifyInstance, rt: SandboxRuntime): void {
  defineOp(app, rt, 'files.copy', async ({ params, body, query, user }) => {
    const src = getFile(rt, params.account_id!, params.file_id!);
    const dest = copyDestination(rt, src, body?.data?.parent_id);
    if (src.status === 'created')
      throw new ApiError(409, [
        { detail: 'The file has not finished uploading; there is nothing to copy yet' },
      ]);
    const copy = addFile(rt, dest, freeName(rt, dest.id, src.name), user.id, {
      file_size: src.file_size,
      media_type: src.media_type,
      uploaded_at: rt.store.clock.iso(),
      upload_completed_at: rt.store.clock.iso(),
      sha256: src.sha256,
      media: structuredClone(src.media),
    });
    await rt.uploads.copyAssembled(src.id, copy.id);
    const current = rt.store.state.assets[copy.id];
    if (current?.type !== 'file') return { data: presentFile(rt, copy) };
    current.status = src.status === 'transcoded' ? 'transcoded' : 'uploaded';
    if (query.copy_metadata === 'true') {
      for (const [key, value] of Object.entries(rt.store.state.metadataValues))
        if (key.startsWith(`${src.id}:`))
          rt.store.state.metadataValues[`${copy.id}:${key.slice(src.id.length + 1)}`] =
            structuredClone(value);
    }
    // (choice) every sandbox comment is public: `public` and `all` copy them, `internal` none
    if (query.copy_comments === 'public' || query.copy_comments === 'all') copyComments(rt, src, current);
    rt.store.changed();
    if (current.status === 'uploaded') scheduleTranscode(rt, current.id);
    const project = getProject(rt, current.account_id, current.project_id);
    emitProjectEvent(rt, 'file.copied', project, { id: current.id, type: 'file' }, user.id);
    return { data: presentFile(rt, current) };
  });

  defineOp(app, rt, 'files.create_remote_upload', ({ params, body, user }) => {
    const folder = getFolder(rt, params.account_id!, params.folder_id!);
    const source = String(body.data.source_url);
    let url: URL;
    try {
      url = new URL(source);
    } catch {
      throw invalid('/data/source_url', 'source_url must be an absolute http(s) URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw invalid('/data/source_url', 'source_url must be an absolute http(s) URL');
    const file = addFile(rt, folder, body.data.name, user.id);
    void fetchRemoteUpload(rt, file.id, url.toString());
    return {
      data: presentFile(rt, file),
      links: { status: `/v4/accounts/${file.account_id}/files/${file.id}/status` },
    };
  });
}
