import type { SandboxRuntime } from '../http/runtime.ts';
import { PENDING_ANALYSIS } from '../media/media-facts.ts';
import type { FileRec, FolderRec } from '../state/state-types.ts';
import { mediaTypeFor } from '../uploads/media-types.ts';
import { emitProjectEvent, getProject } from './resource-access.ts';

/**
 * A new placeholder file in `folder` (status `created`, nothing probed yet), stored and announced
 * with `file.created`. Local uploads add their part plan; remote uploads and copies fill in the
 * bytes themselves.
 */
export function addFile(
  rt: SandboxRuntime,
  folder: FolderRec,
  name: string,
  userId: string,
  fields: Partial<FileRec> = {},
): FileRec {
  const iso = rt.store.clock.iso();
  const file: FileRec = {
    id: rt.store.newId(),
    type: 'file',
    name,
    account_id: folder.account_id,
    project_id: folder.project_id,
    parent_id: folder.id,
    creator_id: userId,
    created_at: iso,
    updated_at: iso,
    seq: rt.store.nextSeq(),
    file_size: 0,
    media_type: mediaTypeFor(name),
    status: 'created',
    parts: [],
    upload_expires_at: rt.store.clock.now(),
    upload_failed: false,
    uploaded_at: null,
    upload_completed_at: null,
    sha256: null,
    media: { ...PENDING_ANALYSIS },
    version_index: null,
    ...fields,
  };
  rt.store.state.assets[file.id] = file;
  rt.store.changed();
  const project = getProject(rt, file.account_id, file.project_id);
  emitProjectEvent(rt, 'file.created', project, { id: file.id, type: 'file' }, userId);
  return file;
}
