import type { FrameioShareBody } from '@preroll/contracts/frameio-review';
import { FrameioNotFoundError } from '@preroll/frameio';
import { newId } from '../../../lib/ids.ts';
import type { VersionRow } from '../../../repositories/version.repository.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import { FrameioMirror, type MirrorContext } from './mirror.ts';

/** A review link's settings (`POST /api/v1/versions/{id}/frameio/share`). */
export type ShareSettingsInput = Partial<FrameioShareBody>;

/**
 * After a version's file is in Frame.io: its version stack (the deliverable's versions, oldest
 * first) and its default review link, which the client portal lists. Both steps are idempotent:
 * the upload job, the confirm job and a `file.ready` webhook may all run them.
 */
export class FrameioStacksAndShares {
  constructor(private readonly deps: FrameioDeps) {}

  /** Stack with earlier versions, then the default review link. Both idempotent. */
  async afterUpload(ctx: MirrorContext, version: VersionRow, episodeId: string): Promise<void> {
    const row = await frameioRepos(ctx.store).uploads.findByVersion(ctx.orgId, version.id);
    if (!row?.remote_file_id) return;
    await this.stackVersion(ctx, version, episodeId, row.remote_file_id);
    const link = await frameioRepos(ctx.store).reviewLinks.findByVersion(ctx.orgId, version.id);
    if (!link) await this.createShare(ctx, version, row.remote_file_id, {}, false);
  }

  /**
   * Versions of a deliverable form one Frame.io version stack, oldest first (docs/frameio-api-notes.md, "Version stacks"):
   * the stack is created from the uploaded files once there are two, and later versions are
   * moved into it (a move puts the file on top). A stack left by a crash before its link was
   * written is found through the file's parent_id.
   */
  private async stackVersion(ctx: MirrorContext, version: VersionRow, episodeId: string, fileId: string) {
    const repos = frameioRepos(ctx.store);
    const files = [];
    for (const f of await repos.links.filesOfDeliverable(ctx.orgId, version.deliverable_id)) {
      const up = await repos.uploads.findByVersion(ctx.orgId, f.local_id);
      if (up && (up.status === 'uploaded' || up.status === 'transcoded') && up.remote_file_id === f.remote_id)
        files.push(f);
    }
    if (files.length < 2) return;
    const folder = await repos.links.find(ctx.orgId, 'episode', episodeId, 'folder');
    if (!folder) return;
    const stackLink = await repos.links.find(
      ctx.orgId,
      'deliverable',
      version.deliverable_id,
      'version_stack',
    );
    const mirror = new FrameioMirror(ctx);
    const file = await ctx.client.files.show(ctx.accountId, fileId);
    if (stackLink) {
      if (file.parent_id === stackLink.remote_id) return;
      try {
        await ctx.client.files.move(ctx.accountId, fileId, { parent_id: stackLink.remote_id });
        return;
      } catch (err) {
        if (!(err instanceof FrameioNotFoundError)) throw err;
        await repos.links.delete(ctx.orgId, stackLink.id);
      }
    } else if (file.parent_id && file.parent_id !== folder.remote_id) {
      await mirror.link(
        repos.links,
        'deliverable',
        version.deliverable_id,
        'version_stack',
        file.parent_id,
        folder.remote_id,
        null,
      );
      return;
    }
    // Only files still loose in the folder can be stacked; Frame.io takes 2..10 ids.
    const loose: string[] = [];
    for (const f of files) {
      let shown: { parent_id: string | null } = file;
      if (f.remote_id !== fileId) {
        try {
          shown = await ctx.client.files.show(ctx.accountId, f.remote_id);
        } catch (err) {
          // Deleted in Frame.io (with a deleted stack, say): stack what is left.
          if (err instanceof FrameioNotFoundError) continue;
          throw err;
        }
      }
      if (shown.parent_id === folder.remote_id) loose.push(f.remote_id);
    }
    const ids = loose.slice(-10);
    if (ids.length < 2) return;
    const stack = await ctx.client.versionStacks.create(ctx.accountId, folder.remote_id, { file_ids: ids });
    await mirror.link(
      repos.links,
      'deliverable',
      version.deliverable_id,
      'version_stack',
      stack.id,
      folder.remote_id,
      null,
    );
  }

  async createShare(
    ctx: MirrorContext,
    version: VersionRow,
    fileId: string,
    input: ShareSettingsInput,
    replace: boolean,
  ): Promise<void> {
    const repos = frameioRepos(ctx.store);
    const deliverable = await ctx.store.deliverables.findById(ctx.orgId, version.deliverable_id);
    const episode = deliverable
      ? await ctx.store.episodes.findWithClient(ctx.orgId, deliverable.episode_id)
      : undefined;
    if (!deliverable || !episode) return;
    const show = await ctx.store.shows.findById(ctx.orgId, episode.show_id);
    const project = await repos.links.find(ctx.orgId, 'show', episode.show_id, 'project');
    if (!project || !show) return;
    const previous = await repos.reviewLinks.findByVersion(ctx.orgId, version.id);
    if (previous && !replace) return;
    const name = `${show.title} · ${episode.title} · ${deliverable.title} v${version.number}`
      .replace(/[\r\n]+/g, ' ')
      .slice(0, 175);
    const share = await ctx.client.shares.create(ctx.accountId, project.remote_id, {
      type: 'asset',
      name,
      access: 'public',
      asset_ids: [fileId],
      downloading_enabled: input.downloads ?? false,
      ...(input.passphrase ? { passphrase: input.passphrase } : {}),
      ...(input.expires_at ? { expiration: input.expires_at } : {}),
    });
    const shortUrl = share.short_url;
    if (!shortUrl) throw new Error('Frame.io returned a share without short_url');
    const now = this.deps.clock.now().toISOString();
    await ctx.store.transaction(async (tx) => {
      await frameioRepos(tx).reviewLinks.upsert({
        id: newId(),
        org_id: ctx.orgId,
        version_id: version.id,
        deliverable_id: deliverable.id,
        client_id: episode.client_id,
        share_id: share.id,
        short_url: shortUrl,
        passphrase_set: input.passphrase ? 1 : 0,
        expires_at: input.expires_at ?? null,
        downloads_enabled: input.downloads ? 1 : 0,
        created_at: now,
      });
      // Other integrations (outgoing webhooks) hear of the link with the row that records it.
      await this.deps.hooks.reviewLinkCreated(tx, {
        orgId: ctx.orgId,
        versionId: version.id,
        deliverableId: deliverable.id,
        provider: 'frameio',
        url: shortUrl,
        expiresAt: input.expires_at ?? null,
      });
    });
    // The new link is recorded before the old share goes, so the client never is without one.
    if (previous && previous.share_id !== share.id) {
      try {
        await ctx.client.shares.delete(ctx.accountId, previous.share_id);
      } catch {
        // The old link stays usable in Frame.io; the new one is what preroll shows.
      }
    }
    const clientId = await ctx.store.versions.portalClientOf(ctx.orgId, deliverable.id);
    // client_id only once the client may see the deliverable: the portal filters on it.
    await this.deps.events.publish(ctx.orgId, {
      type: 'frameio.review_link.created',
      data: {
        deliverable_id: deliverable.id,
        version_id: version.id,
        version_number: version.number,
        short_url: share.short_url,
        ...(clientId ? { client_id: clientId } : { visibility: 'internal' }),
      },
    });
  }
}
