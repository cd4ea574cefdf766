import type { FrameioVersionState } from '@preroll/contracts/frameio-review';
import { FrameioError } from '@preroll/frameio';
import { enqueue } from '../../../jobs/job-queue.ts';
import { type Actor, requireMember } from '../../../lib/actor.ts';
import { AppError, conflict, notFound, unprocessable } from '../../../lib/errors.ts';
import { newId } from '../../../lib/ids.ts';
import type { FrameioAccess } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import { mirrorContext } from './mirror.ts';
import type { FrameioStacksAndShares, ShareSettingsInput } from './stacks-and-shares.ts';
import { type FrameioVersionStates, newUploadRow } from './version-state.ts';

/**
 * Review projects, what the team asks for: a version's Frame.io state, Send to Frame.io (one
 * `frameio.upload-version` job per version; upload-job.ts does the work), Retry after a failure,
 * and a review link with other settings. Mirroring show → project and episode → folder happens
 * on the way (mirror.ts).
 */
export class FrameioReviewService {
  constructor(
    private readonly deps: FrameioDeps,
    private readonly access: FrameioAccess,
    private readonly states: FrameioVersionStates,
    private readonly stacksAndShares: FrameioStacksAndShares,
  ) {}

  async state(actor: Actor, versionId: string): Promise<FrameioVersionState> {
    const member = requireMember(actor);
    const version = await this.deps.store.versions.findById(member.orgId, versionId);
    if (!version) throw notFound('Version');
    return this.states.present(member.orgId, version);
  }

  /**
   * The Deliverables tab in one request: the Frame.io state of every version of a deliverable,
   * oldest first (at most 200 versions; deliverables do not get near that).
   */
  async deliverableStates(actor: Actor, deliverableId: string): Promise<FrameioVersionState[]> {
    const member = requireMember(actor);
    if (!(await this.deps.store.deliverables.findById(member.orgId, deliverableId)))
      throw notFound('Deliverable');
    const versions = await this.deps.store.versions.listForDeliverable(member.orgId, deliverableId, {
      limit: 200,
      after: undefined,
    });
    const states = [];
    for (const v of versions.slice(0, 200).sort((a, b) => a.number - b.number))
      states.push(await this.states.present(member.orgId, v));
    return states;
  }

  /** Send to Frame.io: one job per version (idempotency key); a failed upload is retried instead. */
  async send(actor: Actor, versionId: string): Promise<FrameioVersionState> {
    const member = requireMember(actor);
    const version = await this.deps.store.versions.findById(member.orgId, versionId);
    if (!version) throw notFound('Version');
    if (version.status !== 'ready') {
      throw conflict(
        'version_not_ready',
        'The version is still processing (or failed); send it once it is ready.',
      );
    }
    const existing = await frameioRepos(this.deps.store).uploads.findByVersion(member.orgId, versionId);
    if (existing?.status === 'failed') return this.retry(actor, versionId);
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      await frameioRepos(tx).uploads.insertIfMissing(newUploadRow(member.orgId, version, now, member.userId));
      await enqueue(
        tx,
        {
          type: 'frameio.upload-version',
          payload: { versionId },
          orgId: member.orgId,
          idempotencyKey: `frameio.upload-version:${versionId}`,
        },
        this.deps.clock,
      );
    });
    await this.states.publish(member.orgId, version);
    return this.states.present(member.orgId, version);
  }

  /** Retry after a failure: continues from the recorded parts (a new job, the same upload row). */
  async retry(actor: Actor, versionId: string): Promise<FrameioVersionState> {
    const member = requireMember(actor);
    const version = await this.deps.store.versions.findById(member.orgId, versionId);
    if (!version) throw notFound('Version');
    const now = this.deps.clock.now().toISOString();
    await this.deps.store.transaction(async (tx) => {
      const uploads = frameioRepos(tx).uploads;
      const row = await uploads.findByVersion(member.orgId, versionId);
      if (!row)
        throw conflict('frameio_not_sent', 'This version was not sent to Frame.io yet: use Send first.');
      if (row.status !== 'failed') {
        throw conflict(
          'frameio_upload_not_failed',
          row.retry_at
            ? `The upload is scheduled to continue at ${row.retry_at}.`
            : `The upload is ${row.status}; there is nothing to retry.`,
          { status: row.status, retry_at: row.retry_at },
        );
      }
      await uploads.update(member.orgId, versionId, {
        status: row.remote_file_id ? 'uploading' : 'queued',
        sent_by: member.userId,
        error_code: null,
        error_message: null,
        retry_at: null,
        updated_at: now,
      });
      await enqueue(
        tx,
        {
          type: 'frameio.upload-version',
          payload: { versionId },
          orgId: member.orgId,
          idempotencyKey: `frameio.upload-version:${versionId}:retry:${newId()}`,
        },
        this.deps.clock,
      );
    });
    await this.states.publish(member.orgId, version);
    return this.states.present(member.orgId, version);
  }

  /**
   * A new review link with these settings. It replaces the version's previous one only once it
   * exists (stacks-and-shares.ts): a refused or failed create leaves the client the link they have.
   */
  async share(actor: Actor, versionId: string, input: ShareSettingsInput): Promise<FrameioVersionState> {
    const member = requireMember(actor);
    const version = await this.deps.store.versions.findById(member.orgId, versionId);
    if (!version) throw notFound('Version');
    // An expired share hides the link from the portal at once: the client would just lose it.
    if (input.expires_at && Date.parse(input.expires_at) <= this.deps.clock.now().getTime()) {
      throw unprocessable(
        'expires_at_in_past',
        'A review link cannot expire in the past: pick a date and time still to come, or no expiry.',
        { field: 'expires_at' },
      );
    }
    const row = await frameioRepos(this.deps.store).uploads.findByVersion(member.orgId, versionId);
    if (!row || (row.status !== 'uploaded' && row.status !== 'transcoded') || !row.remote_file_id) {
      throw conflict(
        'frameio_not_uploaded',
        'Send the version to Frame.io first; a review link needs the uploaded file.',
      );
    }
    const fileId = row.remote_file_id;
    try {
      await this.access.withConnection(member.orgId, async (client, conn) => {
        await this.stacksAndShares.createShare(
          mirrorContext(this.deps, client, conn, member.orgId),
          version,
          fileId,
          input,
          true,
        );
      });
    } catch (err) {
      if (!(err instanceof FrameioError)) throw err;
      throw new AppError(
        502,
        'frameio_share_failed',
        `Frame.io did not create the new review link, so the current one stays as it was. Try again. (${err.message})`,
      );
    }
    return this.states.present(member.orgId, version);
  }
}
