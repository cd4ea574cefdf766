import type { FrameioStatusConvergence, FrameioStatusMapping } from '@preroll/contracts/frameio-sync';
import type { FrameioClient, MetadataField } from '@preroll/frameio';
import type { DeliverableStatus } from '../../../db/schema.ts';
import { enqueue } from '../../../jobs/job-queue.ts';
import type { Clock } from '../../../lib/clock.ts';
import { newId } from '../../../lib/ids.ts';
import type { Store } from '../../../repositories/store.ts';
import { type LifecycleAction, nextStatus } from '../../../services/deliverable-lifecycle.ts';
import type { FrameioAccess, FrameioConnectionView } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { readFrameioSettings } from '../frameio-settings.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import { FrameioUserNames } from './user-names.ts';

/** Who a Status change is credited to when Frame.io does not say who made it. */
const FRAMEIO = 'Frame.io';

/** The built-in select field is commonly named "Status" (docs/frameio-api-notes.md, "Status field"; UNCONFIRMED). */
export const STATUS_FIELD_NAME = 'Status';

function optionFor(status: DeliverableStatus, m: FrameioStatusMapping): string | null {
  if (status === 'approved') return m.approved;
  if (status === 'revision_requested') return m.revision_requested;
  if (status === 'submitted' || status === 'resubmitted') return m.in_review;
  return null;
}

function actionFor(option: string | null, m: FrameioStatusMapping): LifecycleAction | undefined {
  if (option === null) return undefined;
  return option === m.approved ? 'approve' : option === m.revision_requested ? 'request_revision' : undefined;
}

/**
 * Called inside a preroll lifecycle transition's transaction: a deliverable with a file in
 * Frame.io gets its Status set by a job. Transitions caused by Frame.io (DeliverableService.applyExternalAction) do
 * not call this, so a webhook never pushes back; the job also skips when Frame.io already agrees.
 */
export async function enqueueStatusPush(tx: Store, orgId: string, deliverableId: string, clock: Clock) {
  const files = await frameioRepos(tx).links.filesOfDeliverable(orgId, deliverableId);
  if (files.length === 0) return;
  await enqueue(
    tx,
    {
      type: 'frameio.push-status',
      payload: { deliverableId },
      orgId,
      idempotencyKey: `frameio.push-status:${deliverableId}:${newId()}`,
    },
    clock,
  );
}

const statusField = (fields: MetadataField[]) =>
  fields.find((f) => f.field_definition_name === STATUS_FIELD_NAME && f.field_type === 'select') as
    | Extract<MetadataField, { field_type: 'select' | 'select_multi' }>
    | undefined;

/**
 * Approval status between a deliverable and its newest uploaded Frame.io file, converged by one
 * rule (docs/frameio.md, "Approval status") whoever asks: the push job after a preroll transition
 * or a file's arrival, a `metadata.value.updated` webhook, reconciliation and Resync.
 *  1. Frame.io shows the option preroll's status maps to: in sync.
 *  2. Frame.io's Status moved since the two last agreed and names a step the lifecycle allows:
 *     preroll takes that step.
 *  3. Frame.io's Status is what they last agreed on, or none (a file as it arrives), or a preroll
 *     transition asked for the push: preroll's option is sent.
 *  4. Otherwise a reviewer chose a Status preroll cannot follow: left alone, reported as differing.
 */
export class FrameioStatusSync {
  /** Convergences of one deliverable run one at a time in a process. */
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly names: FrameioUserNames;

  constructor(
    private readonly deps: FrameioDeps,
    private readonly access: FrameioAccess,
  ) {
    this.names = new FrameioUserNames(deps);
  }

  /**
   * `metadata.value.updated` on a linked file: converge its deliverable (older files: their own
   * step). The webhook's user id names who set the Status ("Riley Reviewer (Frame.io) approved …");
   * without one (reconciliation), or when Frame.io does not tell the name, it is "Frame.io".
   */
  async onMetadataUpdated(
    orgId: string,
    versionId: string,
    fileId: string,
    client: FrameioClient,
    conn: FrameioConnectionView,
    frameioUserId: string | null = null,
  ): Promise<'processed' | 'ignored'> {
    const version = await this.deps.store.versions.findById(orgId, versionId);
    if (!version) return 'ignored';
    const who = frameioUserId ? await this.names.nameOf(orgId, frameioUserId, client, conn) : null;
    const by = who ? `${who} (Frame.io)` : FRAMEIO;
    const newest = await this.newestFile(orgId, version.deliverable_id);
    if (newest === fileId) {
      const result = await this.converge(orgId, version.deliverable_id, client, conn, 'reconcile', by);
      return result.outcome === 'applied' || result.outcome === 'sent' ? 'processed' : 'ignored';
    }
    // A reviewer's step on an older version's file: applied when the lifecycle allows it.
    const meta = await client.metadata.showFile(conn.accountId!, fileId);
    const m = (await readFrameioSettings(this.deps.store, orgId)).statusMapping;
    const name = statusField(meta.metadata)?.value?.[0]?.display_name ?? null;
    const action = actionFor(name, m);
    if (!action) return 'ignored';
    const changed = await this.deps.deliverables.applyExternalAction(orgId, version.deliverable_id, action, {
      name: by,
      data: { source: 'frameio', frameio_status: name },
    });
    return changed ? 'processed' : 'ignored';
  }

  /** `frameio.push-status`: preroll changed (a transition, a new file): converge, preroll's option first. */
  async pushJob(orgId: string, deliverableId: string): Promise<void> {
    await this.access.withConnection(orgId, async (client, conn) => {
      const result = await this.converge(orgId, deliverableId, client, conn, 'push');
      // A problem only an admin can fix (no such field or option): the job records it.
      if (result.outcome === 'differs' && result.detail) throw new Error(result.detail);
    });
  }

  /** The newest version's file whose upload finished (a file still uploading has no Status yet). */
  async newestFile(orgId: string, deliverableId: string): Promise<string | undefined> {
    const repos = frameioRepos(this.deps.store);
    const files = await repos.links.filesOfDeliverable(orgId, deliverableId);
    for (const f of files.reverse()) {
      const up = await repos.uploads.findByVersion(orgId, f.local_id);
      if (up && (up.status === 'uploaded' || up.status === 'transcoded') && up.remote_file_id === f.remote_id)
        return f.remote_id;
    }
    return undefined;
  }

  async converge(
    orgId: string,
    deliverableId: string,
    client: FrameioClient,
    conn: FrameioConnectionView,
    mode: 'push' | 'reconcile',
    by = FRAMEIO,
  ): Promise<FrameioStatusConvergence> {
    const key = `${orgId}:${deliverableId}`;
    const before = this.running.get(key) ?? Promise.resolve();
    const run = before
      .catch(() => undefined)
      .then(() => this.convergeNow(orgId, deliverableId, client, conn, mode, by));
    this.running.set(key, run);
    try {
      return await run;
    } finally {
      if (this.running.get(key) === run) this.running.delete(key);
    }
  }

  private async convergeNow(
    orgId: string,
    deliverableId: string,
    client: FrameioClient,
    conn: FrameioConnectionView,
    mode: 'push' | 'reconcile',
    by: string,
  ): Promise<FrameioStatusConvergence> {
    const deliverable = await this.deps.store.deliverables.findById(orgId, deliverableId);
    const fileId = deliverable ? await this.newestFile(orgId, deliverableId) : undefined;
    if (!deliverable || !fileId)
      return { outcome: 'no_file', preroll: deliverable?.status ?? null, frameio: null, detail: null };
    const result = (
      outcome: FrameioStatusConvergence['outcome'],
      frameio: string | null,
      detail: string | null = null,
    ): FrameioStatusConvergence => ({ outcome, preroll: deliverable.status, frameio, detail });
    const m = (await readFrameioSettings(this.deps.store, orgId)).statusMapping;
    const wanted = optionFor(deliverable.status, m);
    const accountId = conn.accountId!;
    const meta = await client.metadata.showFile(accountId, fileId, { show_null: true });
    const field = statusField(meta.metadata);
    if (!field) return result('differs', null, `Frame.io has no select field named "${STATUS_FIELD_NAME}"`);
    const remote = field.value?.[0]?.display_name ?? null;
    const statusSync = frameioRepos(this.deps.store).statusSync;
    const agreed = await statusSync.find(orgId, deliverableId);
    // A file as it arrives has no Status: that is what the two agreed on for a new file.
    const known = agreed?.file_id === fileId;
    const base = known ? agreed.option_name : null;
    // After a preroll change, only a Status known to have moved since is a reviewer's newer step.
    const remoteMoved = mode === 'push' ? known && remote !== base : remote !== base;
    const agree = (option: string | null) =>
      statusSync.set({
        deliverable_id: deliverableId,
        org_id: orgId,
        file_id: fileId,
        option_name: option,
        updated_at: this.deps.clock.now().toISOString(),
      });

    if (remote === wanted) {
      if (!known || base !== remote) await agree(remote);
      return result('in_sync', remote);
    }
    const action = actionFor(remote, m);
    if (remoteMoved && action && nextStatus(action, deliverable.status)) {
      const changed = await this.deps.deliverables.applyExternalAction(orgId, deliverableId, action, {
        name: by,
        data: { source: 'frameio', frameio_status: remote },
      });
      if (changed) {
        await agree(remote);
        const now = await this.deps.store.deliverables.findById(orgId, deliverableId);
        return {
          outcome: 'applied',
          preroll: now?.status ?? deliverable.status,
          frameio: remote,
          detail: null,
        };
      }
    }
    if (wanted !== null && (mode === 'push' || remote === base || remote === null)) {
      const option = field.field_options?.find((o) => o.display_name === wanted);
      if (!option?.id) return result('differs', remote, `Frame.io's Status field has no option "${wanted}"`);
      const remoteFile = await client.files.show(accountId, fileId);
      await client.metadata.bulkUpdate(accountId, remoteFile.project_id, {
        file_ids: [fileId],
        values: [{ field_definition_id: field.field_definition_id, value: [option.id] }],
      });
      await agree(wanted);
      return result('sent', wanted);
    }
    return result('differs', remote);
  }
}
