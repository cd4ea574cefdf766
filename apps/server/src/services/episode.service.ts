import type { CreateEpisodeBody, UpdateEpisodeBody } from '@preroll/contracts/episodes';
import type { EpisodeStatus } from '../db/schema.ts';
import { type Actor, requireMember } from '../lib/actor.ts';
import { notFound } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { decodeCursor, type Page, toPage } from '../lib/pagination.ts';
import type { EpisodeRow } from '../repositories/episode.repository.ts';
import { ActivityService, changesOf, definedOnly } from './activity.service.ts';
import { CascadeMedia } from './cascade-media.ts';
import type { PageInput } from './client.service.ts';
import type { ServiceDeps } from './service-deps.ts';

/** Episodes belong to a show; their activity feeds the per-episode timeline. */
export class EpisodeService {
  private readonly activity: ActivityService;
  private readonly media: CascadeMedia;

  constructor(private readonly deps: ServiceDeps) {
    this.activity = new ActivityService(deps);
    this.media = new CascadeMedia(deps);
  }

  async list(
    actor: Actor,
    filter: { showId?: string | undefined; status?: EpisodeStatus | undefined },
    page: PageInput,
  ): Promise<Page<EpisodeRow>> {
    const member = requireMember(actor);
    if (filter.showId && !(await this.deps.store.shows.findById(member.orgId, filter.showId)))
      throw notFound('Show');
    const rows = await this.deps.store.episodes.listPage(member.orgId, filter, {
      limit: page.limit,
      after: decodeCursor(page.cursor),
    });
    return toPage(rows, page.limit);
  }

  async get(actor: Actor, id: string): Promise<EpisodeRow> {
    const member = requireMember(actor);
    const row = await this.deps.store.episodes.findById(member.orgId, id);
    if (!row) throw notFound('Episode');
    return row;
  }

  async create(actor: Actor, showId: string, input: CreateEpisodeBody): Promise<EpisodeRow> {
    const member = requireMember(actor);
    const now = this.deps.clock.now().toISOString();
    const row: EpisodeRow = {
      id: newId(),
      org_id: member.orgId,
      show_id: showId,
      title: input.title,
      number: input.number ?? null,
      status: input.status,
      air_date: input.air_date ?? null,
      created_at: now,
      updated_at: now,
    };
    await this.deps.store.transaction(async (tx) => {
      if (!(await tx.shows.findById(member.orgId, showId))) throw notFound('Show');
      await tx.episodes.insert(row);
      await this.activity.record(tx, member, {
        episodeId: row.id,
        subjectType: 'episode',
        subjectId: row.id,
        action: 'created',
        data: { title: row.title },
      });
    });
    await this.deps.events.publish(member.orgId, {
      type: 'episode.created',
      data: { id: row.id, show_id: showId },
    });
    return row;
  }

  async update(actor: Actor, id: string, input: UpdateEpisodeBody): Promise<EpisodeRow> {
    const member = requireMember(actor);
    const patch = definedOnly(input);
    const updated = await this.deps.store.transaction(async (tx) => {
      const before = await tx.episodes.findById(member.orgId, id);
      if (!before) throw notFound('Episode');
      const changes = changesOf(before, patch);
      // Nothing actually changes: no write, no log entry, updated_at stays.
      if (Object.keys(changes).length === 0) return before;
      const now = this.deps.clock.now().toISOString();
      await tx.episodes.update(member.orgId, id, { ...patch, updated_at: now });
      // A title is also a name elsewhere (a mirrored episode's Frame.io folder): integrations follow.
      if (changes.title !== undefined)
        await this.deps.hooks.titleChanged(tx, { orgId: member.orgId, type: 'episode', id });
      await this.activity.record(tx, member, {
        episodeId: id,
        subjectType: 'episode',
        subjectId: id,
        action: 'updated',
        data: { changes },
      });
      return { ...before, ...patch, updated_at: now };
    });
    await this.deps.events.publish(member.orgId, { type: 'episode.updated', data: { id } });
    return updated;
  }

  /** Members may delete episodes (a routine correction) unless they hold uploaded media; deliverables and versions cascade. */
  async delete(actor: Actor, id: string): Promise<void> {
    const member = requireMember(actor);
    const files = await this.deps.store.transaction(async (tx) => {
      const before = await tx.episodes.findById(member.orgId, id);
      const files = before ? await this.media.collect(tx, member, { episodeId: id }, 'episode') : [];
      if (!before || !(await tx.episodes.delete(member.orgId, id))) throw notFound('Episode');
      await this.activity.record(tx, member, {
        episodeId: id,
        subjectType: 'episode',
        subjectId: id,
        action: 'deleted',
        data: { title: before.title },
      });
      return files;
    });
    await this.media.removeFiles(files);
    await this.deps.events.publish(member.orgId, { type: 'episode.deleted', data: { id } });
  }
}
