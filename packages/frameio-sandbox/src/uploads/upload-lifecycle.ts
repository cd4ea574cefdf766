import { emitProjectEvent } from '../api/resource-access.ts';
import type { SandboxRuntime } from '../http/runtime.ts';
import { analyseFile } from '../media/file-analysis.ts';
import type { FileRec } from '../state/state-types.ts';

/**
 * created → uploaded → transcoded (frameio-api-notes.md, "Local upload flow"): there is no
 * "complete" call; once the last part is in, the bytes are stitched and probed (the media facts
 * Frame.io's transcoder learns, "Media facts"), `file.upload.completed` fires, and after
 * `transcodeDelayMs` the file is `transcoded` with media links and `file.ready` fires.
 * (choice) Both events name the file's creator, since part PUTs carry no bearer token.
 */
export async function finishUpload(rt: SandboxRuntime, file: FileRec): Promise<void> {
  const { sha256 } = await rt.uploads.assemble(file.id, file.parts.length);
  await completeUpload(rt, file.id, sha256);
}

/** The bytes of a file are in place (assembled parts, a remote fetch, a copy): probe, then `uploaded`. */
export async function completeUpload(rt: SandboxRuntime, fileId: string, sha256: string): Promise<void> {
  const before = rt.store.state.assets[fileId];
  if (before?.type !== 'file' || before.status !== 'created') return;
  await analyseFile(rt, fileId);
  // Re-read: the file may have been deleted, or finished by a concurrent last part, meanwhile.
  const current = rt.store.state.assets[fileId];
  if (current?.type !== 'file' || current.status !== 'created') return;
  current.sha256 = sha256;
  current.status = 'uploaded';
  current.upload_completed_at = rt.store.clock.iso();
  current.updated_at = current.upload_completed_at;
  rt.store.changed();
  const project = rt.store.state.projects[current.project_id];
  if (!project) return;
  emitProjectEvent(
    rt,
    'file.upload.completed',
    project,
    { id: current.id, type: 'file' },
    current.creator_id,
  );
  scheduleTranscode(rt, current.id);
}

/** uploaded → transcoded after transcodeDelayMs; also used after a restart from a state file. */
export function scheduleTranscode(rt: SandboxRuntime, fileId: string): void {
  const t = setTimeout(() => {
    const f = rt.store.state.assets[fileId];
    if (f?.type !== 'file' || f.status !== 'uploaded') return;
    const project = rt.store.state.projects[f.project_id];
    f.status = 'transcoded';
    f.updated_at = rt.store.clock.iso();
    rt.store.changed();
    if (project) emitProjectEvent(rt, 'file.ready', project, { id: f.id, type: 'file' }, f.creator_id);
  }, rt.options.transcodeDelayMs);
  t.unref();
}
