import type { FrameioStatusMapping } from '@preroll/contracts/frameio-sync';
import type { FrameioClient, MetadataField } from '@preroll/frameio';
import type { DeliverableStatus } from '../../../db/schema.ts';
import { enqueue } from '../../../jobs/job-queue.ts';
import type { Clock } from '../../../lib/clock.ts';
import { newId } from '../../../lib/ids.ts';
import type { Store } from '../../../repositories/store.ts';
import type { LifecycleAction } from '../../../services/deliverable-lifecycle.ts';
import type { FrameioAccess, FrameioConnectionView } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { readFrameioSettings } from '../frameio-settings.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';

/** The built-in select field is commonly named "Status" (docs/frameio-api-notes.md, "Status field"; UNCONFIRMED). */
export const STATUS_FIELD_NAME = 'Status';

function optionFor(status: DeliverableStatus, m: FrameioStatusMapping): string | null {
  if (status === 'approved') return m.approved;
  if (status === 'revision_requested') return m.revision_requested;
  if (status === 'submitted' || status === 'resubmitted') return m.in_review;
  return null;
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

/** Approval status between a deliverable and its newest Frame.io file. */
export class FrameioStatusSync {
  constructor(
    private readonly deps: FrameioDeps,
    private readonly access: FrameioAccess,
  ) {}

  /** `metadata.value.updated` on a linked file: read its Status, apply the mapped lifecycle step. */
  async onMetadataUpdated(
    orgId: string,
    versionId: string,
    fileId: string,
    client: FrameioClient,
    conn: FrameioConnectionView,
  ): Promise<'processed' | 'ignored'> {
    const meta = await client.metadata.showFile(conn.accountId!, fileId);
    const name = statusField(meta.metadata)?.value?.[0]?.display_name;
    if (!name) return 'ignored';
    const m = (await readFrameioSettings(this.deps.store, orgId)).statusMapping;
    const action: LifecycleAction | undefined =
      name === m.approved ? 'approve' : name === m.revision_requested ? 'request_revision' : undefined;
    if (!action) return 'ignored';
    const version = await this.deps.store.versions.findById(orgId, versionId);
    if (!version) return 'ignored';
    // Already there (our own echo), or not a step the lifecycle allows from here: nothing.
    const changed = await this.deps.deliverables.applyExternalAction(orgId, version.deliverable_id, action, {
      name: 'Frame.io',
      data: { source: 'frameio', frameio_status: name },
    });
    return changed ? 'processed' : 'ignored';
  }

  /** `frameio.push-status`: the newest linked file's Status := the mapped option (skip if equal). */
  async pushJob(orgId: string, deliverableId: string): Promise<void> {
    await this.access.withConnection(orgId, (client, conn) => this.push(orgId, deliverableId, client, conn));
  }

  private async push(
    orgId: string,
    deliverableId: string,
    client: FrameioClient,
    conn: FrameioConnectionView,
  ) {
    const deliverable = await this.deps.store.deliverables.findById(orgId, deliverableId);
    if (!deliverable) return;
    const files = await frameioRepos(this.deps.store).links.filesOfDeliverable(orgId, deliverableId);
    const file = files.at(-1);
    if (!file) return;
    const mapping = (await readFrameioSettings(this.deps.store, orgId)).statusMapping;
    const wanted = optionFor(deliverable.status, mapping);
    if (!wanted) return;
    const accountId = conn.accountId!;
    const meta = await client.metadata.showFile(accountId, file.remote_id, { show_null: true });
    const field = statusField(meta.metadata);
    if (!field) throw new Error(`Frame.io has no select field named "${STATUS_FIELD_NAME}"`);
    if (field.value?.[0]?.display_name === wanted) return;
    const option = field.field_options?.find((o) => o.display_name === wanted);
    if (!option?.id) throw new Error(`Frame.io's Status field has no option "${wanted}"`);
    const remoteFile = await client.files.show(accountId, file.remote_id);
    await client.metadata.bulkUpdate(accountId, remoteFile.project_id, {
      file_ids: [file.remote_id],
      values: [{ field_definition_id: field.field_definition_id, value: [option.id] }],
    });
  }
}
