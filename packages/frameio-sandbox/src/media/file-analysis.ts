import type { SandboxRuntime } from '../http/runtime.ts';
import type { FileRec } from '../state/state-types.ts';
import { interpretProbe, PENDING_ANALYSIS } from './media-facts.ts';

/**
 * Probes a file's assembled bytes and records what was learned on the file. Called when an
 * upload completes (before `uploaded`), and at start-up for files a state file left unprobed.
 */
export async function analyseFile(rt: SandboxRuntime, fileId: string): Promise<void> {
  const before = rt.store.state.assets[fileId];
  if (before?.type !== 'file') return;
  const outcome = await rt.probe.probe(rt.uploads.assembledPath(fileId));
  const current = rt.store.state.assets[fileId];
  if (current?.type !== 'file') return; // deleted meanwhile
  current.media = interpretProbe(outcome, current.media_type, rt.probe.ffprobePath);
  rt.store.changed();
}

/** State files written before media analysis existed: their files are probed again. */
export function needsAnalysis(file: FileRec): boolean {
  if (!file.media) file.media = { ...PENDING_ANALYSIS };
  return file.media.state === 'pending' && file.status !== 'created';
}
