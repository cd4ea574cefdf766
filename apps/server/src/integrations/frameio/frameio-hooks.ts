import { enqueue } from '../../jobs/job-queue.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Store } from '../../repositories/store.ts';
import { frameioRepos } from './frameio-repos.ts';

declare module '../../jobs/job-queue.ts' {
  interface JobPayloads {
    /** Mirror an episode's show → project and episode → folder (auto-mirror on deliverable create). */
    'frameio.mirror-tree': { episodeId: string };
    /** Rename the project/folder linked to a show/episode to its current title. */
    'frameio.rename': { localType: 'show' | 'episode'; localId: string };
    /** Send a version's file to Frame.io (resumes from the recorded parts). */
    'frameio.upload-version': { versionId: string };
    /** Confirm upload completion, then transcoding; re-enqueues itself a bounded number of times. */
    'frameio.confirm-upload': { versionId: string; round: number };
  }
}

/** The org setting (organizations.settings_json) choosing whether new deliverables mirror at once. */
export const AUTO_MIRROR_SETTING = 'frameio_auto_mirror';

export function readAutoMirror(settingsJson: string | null | undefined): boolean {
  try {
    return (JSON.parse(settingsJson ?? '{}') as Record<string, unknown>)[AUTO_MIRROR_SETTING] === true;
  } catch {
    return false;
  }
}

/**
 * Called inside the show/episode update transaction: a renamed show or episode that is mirrored
 * gets a rename job, committed with the rename. Not mirrored (no link): nothing to do, the
 * project/folder is created with the new title when it is first needed.
 */
export async function enqueueFrameioRename(
  tx: Store,
  orgId: string,
  localType: 'show' | 'episode',
  localId: string,
  clock: Clock,
): Promise<void> {
  const link = await frameioRepos(tx).links.find(
    orgId,
    localType,
    localId,
    localType === 'show' ? 'project' : 'folder',
  );
  if (!link) return;
  await enqueue(
    tx,
    {
      type: 'frameio.rename',
      payload: { localType, localId },
      orgId,
      // One job per rename: keyed by the moment, so a later rename gets its own run.
      idempotencyKey: `frameio.rename:${localType}:${localId}:${clock.now().toISOString()}`,
    },
    clock,
  );
}

/**
 * Called inside the deliverable create transaction: with `frameio_auto_mirror` on and Frame.io
 * connected, the episode's project and folder are mirrored now rather than on the first Send.
 */
export async function enqueueAutoMirror(
  tx: Store,
  orgId: string,
  episodeId: string,
  clock: Clock,
): Promise<void> {
  const org = await tx.organizations.findById(orgId);
  if (!readAutoMirror(org?.settings_json)) return;
  if (!(await frameioRepos(tx).connections.findByOrg(orgId))) return;
  await enqueue(
    tx,
    {
      type: 'frameio.mirror-tree',
      payload: { episodeId },
      orgId,
      // One mirror job per episode: once linked, later deliverables need nothing.
      idempotencyKey: `frameio.mirror-tree:${episodeId}`,
    },
    clock,
  );
}
