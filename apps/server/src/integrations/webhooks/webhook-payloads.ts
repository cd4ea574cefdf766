import type { WebhookEventType } from '@preroll/contracts/webhooks';
import { formatFrameRate, framesToSeconds } from '@preroll/timecode';
import type { CommentRow } from '../../repositories/comment.repository.ts';
import type { Store } from '../../repositories/store.ts';
import type { VersionRow } from '../../repositories/version.repository.ts';
import { presentComment } from '../../services/comment-presenter.ts';
import type { CommentChange, StatusChange } from '../../services/domain-hooks.ts';
import { timingOf } from '../../services/version-timing.ts';

/**
 * An event as outgoing webhooks send it (docs/webhooks.md, "Payloads"): its type, its `data`
 * (a snapshot taken inside the transaction of the change, so a retry or a replay sends what was
 * true then), and what the endpoint filters look at: the client it concerns and whether it is
 * internal (an internal comment reaches only endpoints that opted in).
 */
export interface WebhookEvent {
  type: WebhookEventType | 'webhook.test';
  clientId: string | null;
  internal: boolean;
  data: Record<string, unknown>;
}

/** The show → episode → deliverable an event is about, with links to the studio pages. */
async function context(tx: Store, orgId: string, deliverableId: string, publicUrl: string) {
  const deliverable = await tx.deliverables.findWithClient(orgId, deliverableId);
  if (!deliverable) return undefined;
  const episode = await tx.episodes.findById(orgId, deliverable.episode_id);
  const show = episode ? await tx.shows.findById(orgId, episode.show_id) : undefined;
  const client = await tx.clients.findById(orgId, deliverable.client_id);
  if (!episode || !show || !client) return undefined;
  return {
    clientId: client.id,
    data: {
      client: { id: client.id, name: client.name },
      show: { id: show.id, title: show.title, url: `${publicUrl}/shows/${show.id}` },
      episode: {
        id: episode.id,
        title: episode.title,
        number: episode.number,
        url: `${publicUrl}/episodes/${episode.id}`,
      },
      deliverable: {
        id: deliverable.id,
        title: deliverable.title,
        kind: deliverable.kind,
        status: deliverable.status,
        url: `${publicUrl}/episodes/${episode.id}`,
      },
    },
  };
}

function versionSummary(v: VersionRow, publicUrl: string) {
  const timing = timingOf(v);
  return {
    id: v.id,
    number: v.number,
    status: v.status,
    filename: v.original_filename,
    media_kind: v.media_kind,
    frame_rate: timing ? formatFrameRate(timing.rate) : null,
    duration_seconds:
      timing && v.duration_frames !== null
        ? framesToSeconds(v.duration_frames, timing.rate)
        : v.duration_ms !== null
          ? v.duration_ms / 1000
          : null,
    url: `${publicUrl}/versions/${v.id}`,
  };
}

/** Builds each event's payload from what the hooks announce, reading inside the hook's transaction. */
export class WebhookPayloads {
  constructor(private readonly publicUrl: string) {}

  async version(
    tx: Store,
    type: 'version.created' | 'version.ready',
    v: VersionRow,
  ): Promise<WebhookEvent | undefined> {
    const ctx = await context(tx, v.org_id, v.deliverable_id, this.publicUrl);
    if (!ctx) return undefined;
    return {
      type,
      clientId: ctx.clientId,
      internal: false,
      data: { version: versionSummary(v, this.publicUrl), ...ctx.data },
    };
  }

  async statusChanged(tx: Store, change: StatusChange, source: 'preroll' | 'frameio') {
    const ctx = await context(tx, change.orgId, change.deliverableId, this.publicUrl);
    if (!ctx) return undefined;
    const event: WebhookEvent = {
      type: 'deliverable.status_changed',
      clientId: ctx.clientId,
      internal: false,
      data: { from: change.from, to: change.to, source, ...ctx.data },
    };
    return event;
  }

  async comment(tx: Store, comment: CommentRow, change: CommentChange): Promise<WebhookEvent | undefined> {
    const version = await tx.versions.findById(comment.org_id, comment.version_id);
    const ctx = await context(tx, comment.org_id, comment.deliverable_id, this.publicUrl);
    if (!version || !ctx) return undefined;
    // Webhooks go to the team's own systems: authors are named (no client-facing alias).
    const presented = presentComment(comment, timingOf(version), { kind: 'member', showTeamNames: true });
    const { replies: _replies, ...rest } = presented;
    return {
      type: `comment.${change}`,
      clientId: ctx.clientId,
      internal: comment.visibility === 'internal',
      data: {
        comment: { ...rest, url: `${this.publicUrl}/versions/${version.id}` },
        version: versionSummary(version, this.publicUrl),
        ...ctx.data,
      },
    };
  }

  async versionEvent(
    tx: Store,
    type: 'frameio.send.finished' | 'frameio.send.failed' | 'frameio.review_link.created',
    orgId: string,
    versionId: string,
    extra: Record<string, unknown>,
  ): Promise<WebhookEvent | undefined> {
    const version = await tx.versions.findById(orgId, versionId);
    if (!version) return undefined;
    const ctx = await context(tx, orgId, version.deliverable_id, this.publicUrl);
    if (!ctx) return undefined;
    return {
      type,
      clientId: ctx.clientId,
      internal: false,
      data: { ...extra, version: versionSummary(version, this.publicUrl), ...ctx.data },
    };
  }

  /** The "Send test event" payload: nothing real happened, and it says so. */
  test(endpointId: string): WebhookEvent {
    return {
      type: 'webhook.test',
      clientId: null,
      internal: false,
      data: {
        endpoint_id: endpointId,
        message: 'A test event from preroll: this endpoint receives and verifies webhooks.',
      },
    };
  }
}
