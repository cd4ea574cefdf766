import { type FrameioClient, FrameioNotFoundError } from '@preroll/frameio';
import type { Clock } from '../../../lib/clock.ts';
import { newId } from '../../../lib/ids.ts';
import type { Store } from '../../../repositories/store.ts';
import type { FrameioConnectionView } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import type { FrameioLocalType, FrameioRemoteType } from '../repositories/frameio-tables.ts';

/** What every mirroring step needs: the org's client and where its workspace is. */
export interface MirrorContext {
  orgId: string;
  accountId: string;
  workspaceId: string;
  client: FrameioClient;
  store: Store;
  clock: Clock;
  signal?: AbortSignal;
}

/** The context for an organization whose connection has a workspace (else it throws). */
export function mirrorContext(
  deps: FrameioDeps,
  client: FrameioClient,
  conn: FrameioConnectionView,
  orgId: string,
  signal?: AbortSignal,
): MirrorContext {
  if (!conn.accountId || !conn.workspaceId) throw new Error('Frame.io workspace not selected');
  return {
    orgId,
    accountId: conn.accountId,
    workspaceId: conn.workspaceId,
    client,
    store: deps.store,
    clock: deps.clock,
    ...(signal ? { signal } : {}),
  };
}

export interface MirroredEpisode {
  projectId: string;
  rootFolderId: string;
  folderId: string;
}

/**
 * Show → project, episode → folder in the project's root folder (review projects). Every step is
 * find-link → find-by-name → create, and the link is written as soon as the remote id is known:
 * - a repeated step finds the link and calls nothing;
 * - a crash between the remote create and the link write leaves a same-named object, which the
 *   next attempt finds by listing before it creates (and a create that failed ambiguously is
 *   retried only when the list shows it did not land: `retryGuard`);
 * - links are trusted without a remote read (fewest calls); a 404 on a linked parent drops the
 *   link and the step runs again, which recreates the deleted project or folder.
 * Reusing by name skips objects already linked to another local row, so two shows with one title
 * never share a project.
 */
export class FrameioMirror {
  constructor(private readonly ctx: MirrorContext) {}

  /** The project for a show (and its root folder), created or reused. */
  ensureProject(showId: string) {
    return withOrgLock(this.ctx.orgId, () => this.ensureProjectUnlocked(showId));
  }

  /** The episode's folder inside its show's project (recreating a deleted project or folder). */
  ensureEpisode(episodeId: string) {
    return withOrgLock(this.ctx.orgId, () => this.ensureEpisodeUnlocked(episodeId));
  }

  /** ensureEpisode with the linked folder checked first (see ensureEpisodeVerifiedUnlocked). */
  ensureEpisodeVerified(episodeId: string) {
    return withOrgLock(this.ctx.orgId, () => this.ensureEpisodeVerifiedUnlocked(episodeId));
  }

  /** Renames the linked project/folder (see renameUnlocked). */
  rename(localType: 'show' | 'episode', localId: string) {
    return withOrgLock(this.ctx.orgId, () => this.renameUnlocked(localType, localId));
  }

  private get repos() {
    return frameioRepos(this.ctx.store);
  }

  private opts() {
    return this.ctx.signal ? { signal: this.ctx.signal } : {};
  }

  private async ensureProjectUnlocked(showId: string): Promise<{ projectId: string; rootFolderId: string }> {
    const { orgId, accountId, workspaceId, client } = this.ctx;
    const show = await this.ctx.store.shows.findById(orgId, showId);
    if (!show) throw new Error(`show ${showId} not found`);
    const project = await this.repos.links.find(orgId, 'show', showId, 'project');
    const root = await this.repos.links.find(orgId, 'show', showId, 'folder');
    if (project && root) return { projectId: project.remote_id, rootFolderId: root.remote_id };

    const findByName = async () => {
      for await (const p of client.projects.iterate(
        accountId,
        workspaceId,
        { page_size: 100 },
        this.opts(),
      )) {
        if (p.name === show.title && !(await this.linkedElsewhere(p.id, 'show', showId))) return p;
      }
      return undefined;
    };
    const reused = await findByName();
    const found =
      reused ??
      (await client.projects.create(
        accountId,
        workspaceId,
        { name: show.title },
        { ...this.opts(), retryGuard: async () => (await findByName()) === undefined },
      ));
    // A project we just created has an empty root folder: its episodes need no folder listing.
    if (!reused) freshRoots.set(found.root_folder_id, Date.now() + FRESH_ROOT_MS);
    else freshRoots.delete(found.root_folder_id);
    await this.ctx.store.transaction(async (tx) => {
      const links = frameioRepos(tx).links;
      await this.link(links, 'show', showId, 'project', found.id, workspaceId, show.title);
      await this.link(links, 'show', showId, 'folder', found.root_folder_id, found.id, show.title);
    });
    return { projectId: found.id, rootFolderId: found.root_folder_id };
  }

  private async ensureEpisodeUnlocked(episodeId: string): Promise<MirroredEpisode> {
    const { orgId } = this.ctx;
    const episode = await this.ctx.store.episodes.findById(orgId, episodeId);
    if (!episode) throw new Error(`episode ${episodeId} not found`);
    for (let round = 0; ; round++) {
      const tree = await this.ensureProjectUnlocked(episode.show_id);
      try {
        const folderId = await this.ensureFolder(episodeId, episode.title, tree.rootFolderId);
        return { ...tree, folderId };
      } catch (err) {
        // The project (or its root folder) was deleted in Frame.io: forget it and recreate once.
        if (!(err instanceof FrameioNotFoundError) || round > 0) throw err;
        await this.forget('show', episode.show_id, ['project', 'folder']);
        await this.forget('episode', episodeId, ['folder']);
      }
    }
  }

  /**
   * Verifies a linked folder still exists (one GET) before files go into it; a 404 drops the
   * links so `ensureEpisode` recreates. Used by uploads, where a stale link would cost a whole
   * create_local_upload against a deleted folder.
   */
  private async ensureEpisodeVerifiedUnlocked(episodeId: string): Promise<MirroredEpisode> {
    const tree = await this.ensureEpisodeUnlocked(episodeId);
    try {
      await this.ctx.client.folders.show(this.ctx.accountId, tree.folderId, undefined, this.opts());
      return tree;
    } catch (err) {
      if (!(err instanceof FrameioNotFoundError)) throw err;
      const episode = await this.ctx.store.episodes.findById(this.ctx.orgId, episodeId);
      await this.forget('episode', episodeId, ['folder']);
      // The project may be gone as well: ask for it once.
      try {
        await this.ctx.client.projects.show(this.ctx.accountId, tree.projectId, undefined, this.opts());
      } catch (inner) {
        if (!(inner instanceof FrameioNotFoundError)) throw inner;
        if (episode) await this.forget('show', episode.show_id, ['project', 'folder']);
      }
      return this.ensureEpisodeUnlocked(episodeId);
    }
  }

  private async ensureFolder(episodeId: string, title: string, rootFolderId: string): Promise<string> {
    const { orgId, accountId, client } = this.ctx;
    const linked = await this.repos.links.find(orgId, 'episode', episodeId, 'folder');
    if (linked && linked.remote_parent_id === rootFolderId) return linked.remote_id;
    const findByName = async () => {
      for await (const f of client.folders.iterateSubfolders(
        accountId,
        rootFolderId,
        { page_size: 100 },
        this.opts(),
      )) {
        if (f.name === title && !(await this.linkedElsewhere(f.id, 'episode', episodeId))) return f;
      }
      return undefined;
    };
    const fresh = (freshRoots.get(rootFolderId) ?? 0) > Date.now();
    const folder =
      (fresh ? undefined : await findByName()) ??
      (await client.folders.create(
        accountId,
        rootFolderId,
        { name: title },
        { ...this.opts(), retryGuard: async () => (await findByName()) === undefined },
      ));
    try {
      await this.ctx.store.transaction((tx) =>
        this.link(frameioRepos(tx).links, 'episode', episodeId, 'folder', folder.id, rootFolderId, title),
      );
    } catch (err) {
      // The folder exists without its link now: the next attempt must list to find it.
      freshRoots.delete(rootFolderId);
      throw err;
    }
    return folder.id;
  }

  /**
   * Renames the show's project or the episode's folder to the current title. Nothing linked:
   * nothing to do (the next mirror creates it with the new name). Deleted remotely: recreated.
   */
  private async renameUnlocked(localType: 'show' | 'episode', localId: string): Promise<void> {
    const { orgId, accountId, client } = this.ctx;
    const remoteType = localType === 'show' ? 'project' : 'folder';
    const link = await this.repos.links.find(orgId, localType, localId, remoteType);
    if (!link) return;
    const row =
      localType === 'show'
        ? await this.ctx.store.shows.findById(orgId, localId)
        : await this.ctx.store.episodes.findById(orgId, localId);
    if (!row) return;
    if (link.remote_name === row.title) return;
    try {
      if (localType === 'show')
        await client.projects.update(accountId, link.remote_id, { name: row.title }, this.opts());
      else await client.folders.update(accountId, link.remote_id, { name: row.title }, this.opts());
      await this.repos.links.setName(orgId, link.id, row.title, this.ctx.clock.now().toISOString());
    } catch (err) {
      if (!(err instanceof FrameioNotFoundError)) throw err;
      if (localType === 'show') {
        await this.forget('show', localId, ['project', 'folder']);
        await this.ensureProjectUnlocked(localId);
      } else {
        await this.forget('episode', localId, ['folder']);
        await this.ensureEpisodeUnlocked(localId);
      }
    }
  }

  private async linkedElsewhere(remoteId: string, localType: FrameioLocalType, localId: string) {
    const other = await this.repos.links.findByRemote(this.ctx.orgId, remoteId);
    return other !== undefined && !(other.local_type === localType && other.local_id === localId);
  }

  async forget(
    localType: FrameioLocalType,
    localId: string,
    remoteTypes: FrameioRemoteType[],
  ): Promise<void> {
    for (const remoteType of remoteTypes) {
      const link = await this.repos.links.find(this.ctx.orgId, localType, localId, remoteType);
      if (link) await this.repos.links.delete(this.ctx.orgId, link.id);
    }
  }

  async link(
    links: ReturnType<typeof frameioRepos>['links'],
    localType: FrameioLocalType,
    localId: string,
    remoteType: FrameioRemoteType,
    remoteId: string,
    remoteParentId: string | null,
    remoteName: string | null,
  ): Promise<void> {
    const now = this.ctx.clock.now().toISOString();
    await links.upsert({
      id: newId(),
      org_id: this.ctx.orgId,
      local_type: localType,
      local_id: localId,
      remote_type: remoteType,
      remote_id: remoteId,
      remote_parent_id: remoteParentId,
      remote_name: remoteName,
      remote_updated_at: now,
      created_at: now,
      updated_at: now,
    });
  }
}

/**
 * Root folders of projects this process created in the last few minutes: listing them for a
 * same-named folder is pointless. In memory on purpose: after a crash (when a folder create may
 * have landed without its link) the next attempt lists again. An ambiguous create still asks
 * the list through retryGuard.
 */
const freshRoots = new Map<string, number>();
const FRESH_ROOT_MS = 10 * 60_000;

const orgLocks = new Map<string, Promise<unknown>>();

/**
 * Mirroring steps of one organization run one at a time in this process: with auto-mirror, ten
 * deliverables created at once would otherwise run find-or-create side by side in four worker
 * slots and each create the project. Across processes the find-by-name step narrows the window
 * but cannot close it (Frame.io has neither unique names nor idempotency keys).
 */
function withOrgLock<T>(orgId: string, fn: () => Promise<T>): Promise<T> {
  const previous = orgLocks.get(orgId) ?? Promise.resolve();
  const run = previous.then(fn, fn);
  const tail = run.catch(() => undefined);
  orgLocks.set(orgId, tail);
  void tail.then(() => {
    if (orgLocks.get(orgId) === tail) orgLocks.delete(orgId);
  });
  return run;
}
