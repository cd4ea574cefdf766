import type { SandboxRuntime } from '../http/runtime.ts';
import type { AssetRec } from '../state/state-types.ts';
import { emitProjectEvent } from './resource-access.ts';

/** Deletes an asset and everything below it (comments, metadata values, uploaded bytes). */
export async function deleteAssetTree(
  rt: SandboxRuntime,
  rootId: string,
  userId: string,
  emit: boolean,
): Promise<void> {
  const s = rt.store.state;
  const doomed: AssetRec[] = [];
  const walk = (id: string): void => {
    const a = s.assets[id];
    if (!a) return;
    doomed.push(a);
    for (const c of Object.values(s.assets)) if (c.parent_id === id) walk(c.id);
  };
  walk(rootId);
  for (const a of doomed) {
    delete s.assets[a.id];
    if (a.type !== 'file') continue;
    for (const c of Object.values(s.comments)) if (c.file_id === a.id) delete s.comments[c.id];
    for (const k of Object.keys(s.metadataValues)) if (k.startsWith(`${a.id}:`)) delete s.metadataValues[k];
    await rt.uploads.remove(a.id);
  }
  rt.store.changed();
  const first = doomed[0];
  const project = first ? s.projects[first.project_id] : undefined;
  if (!emit || !first || !project) return;
  const type = first.type === 'folder' ? 'folder.deleted' : 'file.deleted';
  emitProjectEvent(rt, type, project, { id: first.id, type: first.type }, userId);
}
