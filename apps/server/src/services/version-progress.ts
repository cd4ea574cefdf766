import type { ProcessingStage } from '../db/schema.ts';
import type { VersionRow } from '../repositories/version.repository.ts';
import type { ServiceDeps } from './service-deps.ts';

/** At most one progress event per version every this many ms (the bar moves; the bus stays calm). */
const EVENT_INTERVAL_MS = 500;
/** The stored progress (what a page loaded mid-way shows) is written less often. */
const STORE_INTERVAL_MS = 2_000;

export interface StageProgress {
  stage: ProcessingStage;
  /** 0..100, or null when the length of the work is unknown. */
  percent: number | null;
  etaSeconds: number | null;
}

/**
 * A version's pipeline progress, told to open pages (`version.processing` over the event bus)
 * and kept on the row for pages opened later. `report` is throttled per stage; `start` and
 * `clear` are not.
 */
export class VersionProgress {
  private readonly lastEventAt = new Map<string, number>();
  private readonly lastStoreAt = new Map<string, number>();

  constructor(private readonly deps: Pick<ServiceDeps, 'store' | 'events' | 'clock'>) {}

  start(version: VersionRow, stage: ProcessingStage): Promise<void> {
    this.lastEventAt.delete(version.id);
    this.lastStoreAt.delete(version.id);
    return this.write(version, { stage, percent: 0, etaSeconds: null }, true, true);
  }

  async report(version: VersionRow, progress: StageProgress): Promise<void> {
    const now = this.deps.clock.now().getTime();
    const eventDue = now - (this.lastEventAt.get(version.id) ?? 0) >= EVENT_INTERVAL_MS;
    const storeDue = now - (this.lastStoreAt.get(version.id) ?? 0) >= STORE_INTERVAL_MS;
    if (!eventDue && !storeDue) return;
    await this.write(version, progress, eventDue, storeDue);
  }

  /** The stage is over: the row says nothing is running. */
  async clear(version: VersionRow): Promise<void> {
    this.lastEventAt.delete(version.id);
    this.lastStoreAt.delete(version.id);
    await this.deps.store.versions.update(version.org_id, version.id, {
      processing_stage: null,
      processing_percent: null,
      processing_eta_seconds: null,
    });
  }

  private async write(version: VersionRow, p: StageProgress, publish: boolean, store: boolean) {
    const now = this.deps.clock.now().getTime();
    const percent = p.percent === null ? null : Math.max(0, Math.min(100, Math.round(p.percent * 10) / 10));
    const eta = p.etaSeconds === null ? null : Math.max(0, Math.round(p.etaSeconds));
    if (store) {
      this.lastStoreAt.set(version.id, now);
      await this.deps.store.versions.update(version.org_id, version.id, {
        processing_stage: p.stage,
        processing_percent: percent,
        processing_eta_seconds: eta,
      });
    }
    if (publish) {
      this.lastEventAt.set(version.id, now);
      await this.deps.events.publish(version.org_id, {
        type: 'version.processing',
        data: {
          id: version.id,
          deliverable_id: version.deliverable_id,
          stage: p.stage,
          percent,
          eta_seconds: eta,
          client_id: await this.deps.store.versions.portalClientOf(version.org_id, version.deliverable_id),
        },
      });
    }
  }
}

/** Percent and time left from how far the work is and how long it has taken. */
export function estimate(
  done: number,
  total: number | null,
  elapsedMs: number,
): { percent: number | null; etaSeconds: number | null } {
  if (!total || total <= 0) return { percent: null, etaSeconds: null };
  const fraction = Math.min(1, done / total);
  const etaSeconds = fraction > 0 ? ((elapsedMs / fraction) * (1 - fraction)) / 1000 : null;
  return { percent: fraction * 100, etaSeconds };
}
