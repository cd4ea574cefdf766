import type { FrameioStatusMapping } from '@preroll/contracts/frameio-sync';
import type { FrameioClient, MetadataField } from '@preroll/frameio';
import type { DeliverableStatus } from '../../db/schema.ts';
import { enqueue } from '../../jobs/job-queue.ts';
import type { Clock } from '../../lib/clock.ts';
import { newId } from '../../lib/ids.ts';
import type { Store } from '../../repositories/store.ts';
import { clientStatusOf, type LifecycleAction, nextStatus } from '../../services/deliverable-lifecycle.ts';
import type { ServiceDeps } from '../../services/service-deps.ts';
import type { FrameioConnectionView } from './frameio-connection.service.ts';
import { frameioRepos } from './frameio-repos.ts';

declare module '../../jobs/job-queue.ts' {
  interface JobPayloads {
    /** Set the Frame.io Status of the deliverable's newest linked file from its current status. */
    'frameio.push-status': { deliverableId: string };
  }
}

/** Org setting (organizations.settings_json) holding the mapping. */
export const STATUS_MAPPING_SETTING = 'frameio_status_mapping';
/** REFERENCE §4: the built-in select field is commonly named "Status" (UNCONFIRMED). */
export const STATUS_FIELD_NAME = 'Status';

/**
 * Defaults (sandbox seed options, §4): Approved ⇄ approved; "In Progress" means the reviewer
 * sent it back to work ⇄ revision_requested; "Needs Review" is what a submitted cut awaits.
 */
export const DEFAULT_STATUS_MAPPING: FrameioStatusMapping = {
  approved: 'Approved',
  revision_requested: 'In Progress',
  in_review: 'Needs Review',
};

export function readStatusMapping(settingsJson: string | null | undefined): FrameioStatusMapping {
  try {
    const m = (JSON.parse(settingsJson ?? '{}') as Record<string, unknown>)[STATUS_MAPPING_SETTING] as
      | Partial<FrameioStatusMapping>
      | undefined;
    return { ...DEFAULT_STATUS_MAPPING, ...(m ?? {}) };
  } catch {
    return DEFAULT_STATUS_MAPPING;
  }
}

function optionFor(status: DeliverableStatus, m: FrameioStatusMapping): string | null {
  if (status === 'approved') return m.approved;
  if (status === 'revision_requested') return m.revision_requested;
  if (status === 'submitted' || status === 'resubmitted') return m.in_review;
  return null;
}

/**
 * Called inside a preroll lifecycle transition's transaction: a deliverable with a file in
 * Frame.io gets its Status set by a job. Transitions caused by Frame.io (applyRemoteStatus) do
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

/** Approval status between a deliverable and its newest Frame.io file (issue 7). */
export class FrameioStatusSync {
  constructor(private readonly deps: ServiceDeps) {}

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
    const org = await this.deps.store.organizations.findById(orgId);
    const m = readStatusMapping(org?.settings_json);
    const action: LifecycleAction | undefined =
      name === m.approved ? 'approve' : name === m.revision_requested ? 'request_revision' : undefined;
    if (!action) return 'ignored';
    const version = await this.deps.store.versions.findById(orgId, versionId);
    if (!version) return 'ignored';
    const now = this.deps.clock.now().toISOString();
    const changed = await this.deps.store.transaction(async (tx) => {
      const current = await tx.deliverables.findWithClient(orgId, version.deliverable_id);
      if (!current) return undefined;
      const to = nextStatus(action, current.status);
      // Already there (our own echo), or not a step the lifecycle allows from here: nothing.
      if (!to) return undefined;
      if (!(await tx.deliverables.transition(orgId, current.id, current.status, to, now))) return undefined;
      await tx.activity.insert({
        id: newId(),
        org_id: orgId,
        episode_id: current.episode_id,
        subject_type: 'deliverable',
        subject_id: current.id,
        action: 'status_changed',
        actor_type: 'external',
        actor_id: null,
        actor_name: 'Frame.io',
        data_json: JSON.stringify({
          from: current.status,
          to,
          note: null,
          source: 'frameio',
          frameio_status: name,
        }),
        created_at: now,
      });
      return { current, from: current.status, to };
    });
    if (!changed) return 'ignored';
    await this.deps.events.publish(orgId, {
      type: 'deliverable.status_changed',
      data: {
        id: changed.current.id,
        episode_id: changed.current.episode_id,
        client_id: changed.current.client_id,
        from: changed.from,
        to: changed.to,
        client_status: clientStatusOf(changed.to),
        actor: { type: 'external', name: 'Frame.io' },
        note: null,
      },
    });
    return 'processed';
  }

  /** `frameio.push-status`: the newest linked file's Status := the mapped option (skip if equal). */
  async push(orgId: string, deliverableId: string, client: FrameioClient, conn: FrameioConnectionView) {
    const deliverable = await this.deps.store.deliverables.findById(orgId, deliverableId);
    if (!deliverable) return;
    const files = await frameioRepos(this.deps.store).links.filesOfDeliverable(orgId, deliverableId);
    const file = files.at(-1);
    if (!file) return;
    const org = await this.deps.store.organizations.findById(orgId);
    const wanted = optionFor(deliverable.status, readStatusMapping(org?.settings_json));
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
