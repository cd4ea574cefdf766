import type { CommentStatusFilter } from '@preroll/contracts/comments';
import type { Actor } from '../lib/actor.ts';
import { badRequest } from '../lib/errors.ts';
import { decodeCursor, encodeCursor } from '../lib/pagination.ts';
import type { CommentRow } from '../repositories/comment.repository.ts';
import type { Store } from '../repositories/store.ts';
import { linkCarriedOrigins } from './carried-origins.ts';
import {
  buildThreads,
  type CommentViewer,
  type PresentedComment,
  visibleAuthorName,
} from './comment-presenter.ts';
import type { ServiceDeps } from './service-deps.ts';
import { VersionService } from './version.service.ts';
import { timingOf } from './version-timing.ts';

/** The timeline's markers as compact rows (packages/contracts responses/markers.ts). */
export interface TimelineMarkers {
  authors: Array<{ type: CommentRow['author_type']; name: string }>;
  /** [id, frame, duration_frames, flags, author index] */
  markers: Array<[string, number, number | null, number, number]>;
}

/** Who is looking: clients see team members as "Production team" unless the org allows names. */
export async function commentViewerOf(store: Store, actor: Actor): Promise<CommentViewer> {
  if (actor.kind === 'member') return { kind: 'member', showTeamNames: true };
  return {
    kind: 'portal',
    showTeamNames: (await store.organizations.settings(actor.orgId)).show_team_names_to_clients === true,
  };
}

/**
 * Reading a long review: the timeline's markers in one slim read (every thread, no text), and the
 * threads themselves a page at a time, in the same order and under the same visibility rules as
 * the whole list (portal users see client-visible comments only).
 */
export class CommentTimelineService {
  private readonly versions: VersionService;

  constructor(private readonly deps: ServiceDeps) {
    this.versions = new VersionService(deps);
  }

  async markers(actor: Actor, versionId: string): Promise<TimelineMarkers> {
    const version = await this.versions.visibleVersion(actor, versionId);
    const viewer = await commentViewerOf(this.deps.store, actor);
    const rows = await this.deps.store.comments.listMarkers(
      actor.orgId,
      version.id,
      actor.kind === 'portal' ? 'client' : undefined,
    );
    const authors: TimelineMarkers['authors'] = [];
    const authorIndex = new Map<string, number>();
    const markers = rows.map((r): TimelineMarkers['markers'][number] => {
      const name = visibleAuthorName(r, viewer);
      const key = `${r.author_type}\u0000${name}`;
      let author = authorIndex.get(key);
      if (author === undefined) {
        author = authors.push({ type: r.author_type, name }) - 1;
        authorIndex.set(key, author);
      }
      return [r.id, r.frame as number, r.duration_frames, Number(r.flags), author];
    });
    return { authors, markers };
  }

  /** A page of threads after `cursor` (the last thread of the previous page). */
  async page(
    actor: Actor,
    versionId: string,
    opts: { status: CommentStatusFilter; limit: number; cursor: string | undefined },
  ): Promise<{ threads: PresentedComment[]; nextCursor: string | null }> {
    const version = await this.versions.visibleVersion(actor, versionId);
    const onlyVisibility = actor.kind === 'portal' ? ('client' as const) : undefined;
    const afterId = decodeCursor(opts.cursor);
    let after: CommentRow | undefined;
    if (afterId) {
      after = await this.deps.store.comments.findById(actor.orgId, afterId);
      // Only a thread of this version the caller may see can be a place to resume from.
      const usable =
        after &&
        after.version_id === version.id &&
        after.parent_id === null &&
        (!onlyVisibility || after.visibility === onlyVisibility);
      if (!usable) throw badRequest('invalid_cursor', 'The cursor is not valid', { field: 'cursor' });
    }
    const { tops, replies } = await this.deps.store.comments.listThreadPage(actor.orgId, version.id, {
      onlyVisibility,
      status: opts.status,
      after,
      limit: opts.limit,
    });
    const pageTops = tops.slice(0, opts.limit);
    const threads = buildThreads(
      [...pageTops, ...replies],
      timingOf(version),
      await commentViewerOf(this.deps.store, actor),
    );
    await linkCarriedOrigins(this.deps.store, actor, threads);
    const last = pageTops.at(-1);
    return { threads, nextCursor: tops.length > opts.limit && last ? encodeCursor(last.id) : null };
  }
}
