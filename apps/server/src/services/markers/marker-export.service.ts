import type { ExportMarkersQuery } from '@preroll/contracts/markers';
import { type ExportFormat, exportMarkers, FORMAT_FILES, UnsupportedRateError } from '@preroll/markers';
import type { Actor } from '../../lib/actor.ts';
import { notFound, unprocessable } from '../../lib/errors.ts';
import { CommentService } from '../comment.service.ts';
import type { ServiceDeps } from '../service-deps.ts';
import { VersionService } from '../version.service.ts';
import { presentVersion } from '../version-presenter.ts';
import { timingOf } from '../version-timing.ts';
import { exportFilename, markerDocumentOf } from './marker-notes.ts';

export interface MarkerFile {
  filename: string;
  contentType: string;
  body: string;
}

/**
 * A version's notes as an NLE marker file or the printable report (docs/editors.md). Team members
 * choose every note or only what the client sees; portal users always get what the client sees,
 * with team names as the portal shows them.
 */
export class MarkerExportService {
  private readonly versions: VersionService;
  private readonly comments: CommentService;

  constructor(private readonly deps: ServiceDeps) {
    this.versions = new VersionService(deps);
    this.comments = new CommentService(deps);
  }

  async export(actor: Actor, versionId: string, query: ExportMarkersQuery): Promise<MarkerFile> {
    const version = await this.versions.visibleVersion(actor, versionId);
    const timing = timingOf(version);
    if (!timing) {
      throw unprocessable(
        'version_has_no_frame_rate',
        'This version has no known frame rate, so its notes have no frames to mark',
      );
    }
    const deliverable = await this.deps.store.deliverables.findById(actor.orgId, version.deliverable_id);
    if (!deliverable) throw notFound('Version');
    // The threads as the comment panel shows them to this actor (portal: client-visible, with
    // the organization's choice of team names); replies share their thread's visibility.
    const threads = (await this.comments.list(actor, version.id)).filter(
      (t) => query.visibility === 'all' || t.visibility === 'client',
    );
    const title = `${deliverable.title} v${version.number}`;
    const format: ExportFormat = query.format;
    const doc = markerDocumentOf({
      actor,
      publicUrl: this.deps.config.publicUrl,
      title,
      version,
      presented: presentVersion(version, actor),
      timing,
      threads,
      status: query.status,
    });
    let body: string;
    try {
      body = exportMarkers(format, doc);
    } catch (err) {
      if (!(err instanceof UnsupportedRateError)) throw err;
      throw unprocessable(
        'marker_format_needs_video_rate',
        `${FORMAT_FILES[format].label} needs a video frame rate; ${err.message}. CSV and the report work for every version.`,
      );
    }
    const file = FORMAT_FILES[format];
    return { filename: exportFilename(title, file.extension), contentType: file.contentType, body };
  }
}
