import type { JobContext } from '../jobs/job-handlers.ts';
import type { TranscodeOutcome } from '../repositories/media-transcoder.ts';
import type { VersionRow } from '../repositories/version.repository.ts';
import { factsFrom } from './media-facts.ts';
import { playbackPlan } from './playback-rule.ts';
import type { ServiceDeps } from './service-deps.ts';
import type { ProblemLog } from './version-analysis.ts';
import { estimate, type VersionProgress } from './version-progress.ts';

/** What users read when a proxy failed (docs/uploads-and-review.md, "Proxies"). */
export const PROXY_MESSAGES = {
  unavailable: 'ffmpeg is not available on this server, so no playable copy could be made.',
  failed: 'ffmpeg could not convert this file into a playable copy.',
} as const;

/** Thumbnail sprite layout (docs/uploads-and-review.md, "Thumbnails and waveforms"). */
export const SPRITE = { tileWidth: 160, tileHeight: 90, columns: 10, maxTiles: 100 } as const;
/** Waveforms are read from audio decoded at this rate, and keep at most this many peaks a second. */
const WAVEFORM_SAMPLE_RATE = 8000;
const WAVEFORM_PEAKS_PER_SECOND = 20;
const WAVEFORM_MAX_PEAKS = 4000;

/**
 * The `versions.proxy` and `versions.previews` jobs: what the media pipeline makes from a ready
 * version's original (docs/uploads-and-review.md). Each writes to a `.partial` key and moves the
 * file into place when it is whole, so a run cut short (crash, timeout) leaves nothing a reader
 * could take for finished, and the next run starts over cleanly.
 */
export class VersionDerivatives {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly progress: VersionProgress,
  ) {}

  async proxy(versionId: string, ctx: JobContext, log: ProblemLog): Promise<void> {
    const orgId = ctx.job.orgId;
    if (!orgId) return;
    const version = await this.deps.store.versions.findById(orgId, versionId);
    if (version?.status !== 'ready') return;
    if (version.proxy_status !== 'pending' && version.proxy_status !== 'processing') return;
    const source = await this.deps.files.inputFor(version.storage_key);
    const probed = await this.deps.probe.probe(source);
    const plan = probed.kind === 'ok' ? playbackPlan(probed.output, factsFrom(probed.output)) : null;
    if (!plan || plan.proxy === 'not_needed') {
      await this.settleProxy(version, { proxy_status: 'not_needed' });
      return;
    }
    await this.setProxy(version, { proxy_status: 'processing', proxy_error: null });
    await this.progress.start(version, 'transcoding');
    const name = plan.spec.kind === 'audio' ? 'proxy.m4a' : 'proxy.mp4';
    const finalKey = this.deps.files.derivedKey(version.id, name);
    // Per job: two runs at once (a reclaimed job whose first worker still runs, a stray duplicate)
    // never write one file; a rerun of the same job starts its own file over.
    const partialKey = this.deps.files.derivedKey(version.id, `partial-${ctx.job.id}-${name}`);
    const durationSeconds = version.duration_ms === null ? null : Number(version.duration_ms) / 1000;
    const startedAt = this.deps.clock.now().getTime();
    const outcome = await this.deps.transcoder.proxy(
      plan.spec,
      source,
      await this.deps.files.prepareWrite(partialKey),
      {
        signal: ctx.signal,
        onProgress: ({ outSeconds }) => {
          const elapsed = this.deps.clock.now().getTime() - startedAt;
          const p = estimate(outSeconds, durationSeconds, elapsed);
          void this.progress.report(version, { stage: 'transcoding', ...p });
        },
      },
    );
    const seconds = (this.deps.clock.now().getTime() - startedAt) / 1000;
    this.deps.metrics.proxyTranscodeDuration.observe(
      { outcome: outcome.ok ? 'ok' : outcome.reason },
      seconds,
    );
    if (!outcome.ok && outcome.reason === 'aborted') {
      // The job timed out or the worker is stopping: the job runs again from the start.
      await this.deps.files.remove(partialKey);
      throw new Error(`proxy transcode stopped: ${outcome.detail}`);
    }
    if (!outcome.ok) {
      log({ versionId, ffmpeg: outcome.detail }, 'ffmpeg could not make a playback proxy');
      await this.deps.files.remove(partialKey);
      await this.failProxy(
        version,
        PROXY_MESSAGES[outcome.reason === 'unavailable' ? 'unavailable' : 'failed'],
        ctx.job.id,
      );
      return;
    }
    await this.deps.files.commit(partialKey, finalKey);
    await this.settleProxy(version, { proxy_status: 'ready', proxy_key: finalKey, proxy_error: null });
  }

  /** Poster (video), thumbnail sprite + WebVTT (video), waveform peaks (any audio); each once. */
  async previews(versionId: string, ctx: JobContext, log: ProblemLog): Promise<void> {
    const orgId = ctx.job.orgId;
    if (!orgId) return;
    const version = await this.deps.store.versions.findById(orgId, versionId);
    if (version?.status !== 'ready') return;
    const source = await this.deps.files.inputFor(version.storage_key);
    const probed = await this.deps.probe.probe(source);
    if (probed.kind !== 'ok') return;
    const streams = probed.output.streams ?? [];
    const hasAudio = streams.some((s) => s.codec_type === 'audio');
    const durationSeconds = version.duration_ms === null ? 0 : Number(version.duration_ms) / 1000;
    const patch: Partial<VersionRow> = {};
    const made = async (name: string, make: (path: string) => Promise<TranscodeOutcome>) => {
      const key = this.deps.files.derivedKey(version.id, name);
      const partial = this.deps.files.derivedKey(version.id, `partial-${ctx.job.id}-${name}`);
      const outcome = await make(await this.deps.files.prepareWrite(partial));
      if (!outcome.ok) {
        await this.deps.files.remove(partial);
        if (outcome.reason === 'aborted') throw new Error(`previews stopped: ${outcome.detail}`);
        log({ versionId, ffmpeg: outcome.detail, preview: name }, 'ffmpeg could not make a preview');
        return null;
      }
      await this.deps.files.commit(partial, key);
      return key;
    };
    await this.progress.start(version, 'previews');
    if (version.media_kind === 'video' && !version.poster_key) {
      const at = Math.min(durationSeconds * 0.1, 10);
      const key = await made('poster.jpg', (out) => this.deps.transcoder.poster(source, out, at, ctx.signal));
      if (key) patch.poster_key = key;
    }
    if (version.media_kind === 'video' && !version.thumbnails_key && durationSeconds > 0) {
      const layout = spriteLayout(durationSeconds);
      const key = await made('thumbnails.jpg', (out) =>
        this.deps.transcoder.sprite(source, out, layout, ctx.signal),
      );
      if (key) {
        await this.deps.files.writeText(
          this.deps.files.derivedKey(version.id, 'thumbnails.vtt'),
          spriteVtt(layout),
        );
        patch.thumbnails_key = key;
      }
    }
    if (hasAudio && !version.waveform_key) {
      const key = this.deps.files.derivedKey(version.id, 'waveform.json');
      const peaksPerSecond = WAVEFORM_PEAKS_PER_SECOND;
      const wanted = Math.max(1, Math.min(WAVEFORM_MAX_PEAKS, Math.ceil(durationSeconds * peaksPerSecond)));
      const samplesPerPeak = Math.max(1, Math.ceil((durationSeconds * WAVEFORM_SAMPLE_RATE) / wanted));
      const { outcome, peaks } = await this.deps.transcoder.peaks(source, {
        sampleRate: WAVEFORM_SAMPLE_RATE,
        samplesPerPeak,
        signal: ctx.signal,
      });
      if (outcome.ok) {
        const body = {
          sample_rate: WAVEFORM_SAMPLE_RATE,
          samples_per_peak: samplesPerPeak,
          seconds_per_peak: samplesPerPeak / WAVEFORM_SAMPLE_RATE,
          peaks: peaks.map((p) => Math.round(p * 1000) / 1000),
        };
        await this.deps.files.writeText(key, JSON.stringify(body));
        patch.waveform_key = key;
      } else if (outcome.reason === 'aborted') {
        throw new Error(`previews stopped: ${outcome.detail}`);
      } else {
        log({ versionId, ffmpeg: outcome.detail, preview: 'waveform' }, 'ffmpeg could not make a preview');
      }
    }
    await this.deps.store.versions.update(orgId, versionId, {
      ...patch,
      processing_stage: null,
      processing_percent: null,
      processing_eta_seconds: null,
    });
    await this.publishMedia({ ...version, ...patch }, 'version.previews');
  }

  private setProxy(version: VersionRow, patch: Partial<VersionRow>) {
    return this.deps.store.versions.update(version.org_id, version.id, {
      ...patch,
      updated_at: this.deps.clock.now().toISOString(),
    });
  }

  private async settleProxy(version: VersionRow, patch: Partial<VersionRow>) {
    await this.setProxy(version, {
      ...patch,
      processing_stage: null,
      processing_percent: null,
      processing_eta_seconds: null,
    });
    await this.publishMedia({ ...version, ...patch }, 'version.proxy');
  }

  /**
   * The proxy gave up: recorded and announced (notifications tell the team) in one transaction.
   * The job's id names the run, so a run repeated after a crash announces the same failure.
   */
  private async failProxy(version: VersionRow, message: string, jobId: string) {
    const patch: Partial<VersionRow> = {
      proxy_status: 'failed',
      proxy_error: message,
      processing_stage: null,
      processing_percent: null,
      processing_eta_seconds: null,
      updated_at: this.deps.clock.now().toISOString(),
    };
    await this.deps.store.transaction(async (tx) => {
      await tx.versions.update(version.org_id, version.id, patch);
      await this.deps.hooks.versionFailed(tx, {
        version: { ...version, ...patch },
        stage: 'proxy',
        message,
        attemptKey: `proxy:${jobId}`,
      });
    });
    await this.publishMedia({ ...version, ...patch }, 'version.proxy');
  }

  private async publishMedia(version: VersionRow, type: 'version.proxy' | 'version.previews') {
    await this.deps.events.publish(version.org_id, {
      type,
      data: {
        id: version.id,
        deliverable_id: version.deliverable_id,
        proxy_status: version.proxy_status,
        proxy_error: version.proxy_error,
        client_id: await this.deps.store.versions.portalClientOf(version.org_id, version.deliverable_id),
      },
    });
  }
}

export interface SpriteLayout {
  intervalSeconds: number;
  count: number;
  columns: number;
  tileWidth: number;
  tileHeight: number;
}

/** One tile every second for short media, fewer for long: never more than SPRITE.maxTiles. */
export function spriteLayout(durationSeconds: number): SpriteLayout {
  const intervalSeconds = Math.max(1, Math.ceil(durationSeconds / SPRITE.maxTiles));
  // A few milliseconds past a whole interval (2.002 s at 29.97) is no reason for a tile of its own.
  const count = Math.max(1, Math.ceil(durationSeconds / intervalSeconds - 0.05));
  return {
    intervalSeconds,
    count,
    columns: Math.min(SPRITE.columns, count),
    tileWidth: SPRITE.tileWidth,
    tileHeight: SPRITE.tileHeight,
  };
}

/** The WebVTT index of a sprite: each cue names its tile as a media fragment of `thumbnails.jpg`. */
export function spriteVtt(layout: SpriteLayout): string {
  const lines = ['WEBVTT', ''];
  for (let i = 0; i < layout.count; i++) {
    const x = (i % layout.columns) * layout.tileWidth;
    const y = Math.floor(i / layout.columns) * layout.tileHeight;
    lines.push(
      `${vttTime(i * layout.intervalSeconds)} --> ${vttTime((i + 1) * layout.intervalSeconds)}`,
      `thumbnails.jpg#xywh=${x},${y},${layout.tileWidth},${layout.tileHeight}`,
      '',
    );
  }
  return lines.join('\n');
}

function vttTime(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}
