import { type Actor, requireMember } from '../lib/actor.ts';
import { AppError, notFound } from '../lib/errors.ts';
import type { VersionRow } from '../repositories/version.repository.ts';
import type { ServiceDeps } from './service-deps.ts';
import type { MediaFile, VersionService } from './version.service.ts';
import { enqueueProxy } from './version-analysis.ts';

/** What the media pipeline made, as served: the kinds of `GET /versions/{id}/<file>`. */
export type PreviewKind = 'poster' | 'thumbnails' | 'thumbnails_vtt' | 'waveform';

const PREVIEW_TYPES: Record<PreviewKind, string> = {
  poster: 'image/jpeg',
  thumbnails: 'image/jpeg',
  thumbnails_vtt: 'text/vtt; charset=utf-8',
  waveform: 'application/json; charset=utf-8',
};

/**
 * What a version plays and shows (docs/uploads-and-review.md): its playback proxy, poster,
 * thumbnail sprite and index, waveform; and Retry of a failed proxy. Whoever may see the version
 * (members of its organization, its client's portal users past draft) may read these, exactly
 * as the original at `media`.
 */
export class VersionMediaService {
  constructor(
    private readonly deps: ServiceDeps,
    private readonly versions: VersionService,
  ) {}

  /** The playback proxy with Range support; 404 `proxy_not_ready` while there is none. */
  async proxy(actor: Actor, id: string): Promise<MediaFile> {
    const version = await this.versions.visibleVersion(actor, id);
    if (version.proxy_status !== 'ready' || !version.proxy_key) {
      throw new AppError(
        404,
        'proxy_not_ready',
        'This version has no playback proxy; play its playback_url.',
      );
    }
    const key = version.proxy_key;
    const stat = await this.deps.files.stat(key);
    if (!stat) throw notFound('Playback proxy');
    return {
      size: stat.size,
      contentType: version.media_kind === 'audio' ? 'audio/mp4' : 'video/mp4',
      etag: etagOf('proxy', version, stat),
      filename: `${version.original_filename.replace(/\.[^.]*$/, '')}-proxy.${key.endsWith('.m4a') ? 'm4a' : 'mp4'}`,
      open: (range) => this.deps.files.openRead(key, range),
    };
  }

  /** A preview file; 404 until the previews job made it. */
  async preview(actor: Actor, id: string, kind: PreviewKind): Promise<MediaFile> {
    const version = await this.versions.visibleVersion(actor, id);
    const key = previewKey(version, kind);
    const stat = key ? await this.deps.files.stat(key) : null;
    if (!key || !stat) throw notFound('Preview');
    return {
      size: stat.size,
      contentType: PREVIEW_TYPES[kind],
      etag: etagOf(kind, version, stat),
      filename: key.slice(key.lastIndexOf('/') + 1),
      open: (range) => this.deps.files.openRead(key, range),
    };
  }

  /** Retry of a failed proxy (team members): a new `versions.proxy` job; 409 unless it failed. */
  async retryProxy(actor: Actor, id: string) {
    const member = requireMember(actor);
    const updated = await this.deps.store.transaction(async (tx) => {
      const version = await tx.versions.findById(member.orgId, id);
      if (!version) throw notFound('Version');
      if (version.proxy_status !== 'failed') {
        throw new AppError(409, 'proxy_not_failed', 'Only a proxy that failed can be retried.', {
          proxy_status: version.proxy_status,
        });
      }
      const patch = {
        proxy_status: 'pending' as const,
        proxy_error: null,
        updated_at: this.deps.clock.now().toISOString(),
      };
      await tx.versions.update(member.orgId, id, patch);
      const row = { ...version, ...patch };
      // Each Retry is its own job: the failed run's job is done and keeps its key.
      await enqueueProxy(tx, this.deps, row, `retry-${this.deps.clock.now().getTime()}`);
      return row;
    });
    await this.deps.events.publish(member.orgId, {
      type: 'version.proxy',
      data: {
        id: updated.id,
        deliverable_id: updated.deliverable_id,
        proxy_status: updated.proxy_status,
        proxy_error: null,
        client_id: await this.deps.store.versions.portalClientOf(member.orgId, updated.deliverable_id),
      },
    });
    return this.versions.get(actor, id);
  }
}

function previewKey(version: VersionRow, kind: PreviewKind): string | null {
  switch (kind) {
    case 'poster':
      return version.poster_key;
    case 'thumbnails':
      return version.thumbnails_key;
    case 'thumbnails_vtt':
      return version.thumbnails_key ? version.thumbnails_key.replace(/\.jpg$/, '.vtt') : null;
    case 'waveform':
      return version.waveform_key;
  }
}

/** Changes whenever the file is made again (a Retry, a re-run), so a cached copy is revalidated. */
function etagOf(kind: string, version: VersionRow, stat: { size: number; mtimeMs: number }): string {
  return `"${kind}-${version.id}-${stat.size}-${stat.mtimeMs}"`;
}
