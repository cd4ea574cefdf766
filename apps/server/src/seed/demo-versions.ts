import type { Actor } from '../lib/actor.ts';
import type { Timers } from '../lib/timers.ts';
import type { DemoClipName, DemoMediaOutcome } from '../repositories/demo-media.ts';
import type { Services } from '../services/index.ts';

/** How long the seed waits for one version's analysis before it goes on without it. */
const ANALYSIS_WAIT_MS = 120_000;
const POLL_MS = 100;

/**
 * The demo's versions: each clip goes through `VersionService.addFromFile` (the path a finished
 * upload takes), and the seed waits here, and only here, until analysis has settled the version.
 * Analysis may run inside the call or later in the job worker (which is running when the seed
 * starts); either way comments are placed only on a version whose rate is known.
 */
export class DemoVersions {
  constructor(
    private readonly services: Services,
    private readonly timers: Timers,
    private readonly media: DemoMediaOutcome,
  ) {}

  get hasMedia(): boolean {
    return this.media.kind === 'ok';
  }

  /** Adds the clip as the deliverable's next version; undefined when the demo runs without media. */
  async add(actor: Actor, deliverableId: string, clip: DemoClipName): Promise<string | undefined> {
    if (this.media.kind !== 'ok') return undefined;
    const version = await this.services.versions.addFromFile(actor, deliverableId, this.media.clips[clip]);
    return this.settled(actor, version.id);
  }

  private async settled(actor: Actor, versionId: string): Promise<string | undefined> {
    for (let waited = 0; waited < ANALYSIS_WAIT_MS; waited += POLL_MS) {
      const version = await this.services.versions.get(actor, versionId);
      if (version.status === 'ready') return version.id;
      if (version.status !== 'processing') return undefined;
      await this.timers.sleep(POLL_MS);
    }
    return undefined;
  }
}
