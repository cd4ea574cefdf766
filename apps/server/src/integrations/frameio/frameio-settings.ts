import type { FrameioStatusMapping } from '@preroll/contracts/frameio-sync';
import { type Actor, requireMember, requireRole } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { notFound } from '../../lib/errors.ts';
import type { OrganizationSettings } from '../../repositories/organization.repository.ts';
import type { Store } from '../../repositories/store.ts';

/** The keys the integration keeps in the organization's settings (OrganizationRepository). */
const KEYS = {
  autoMirror: 'frameio_auto_mirror',
  syncInternalComments: 'frameio_sync_internal_comments',
  statusMapping: 'frameio_status_mapping',
} as const;

/**
 * Defaults (the sandbox seeds these options; see docs/frameio-api-notes.md, "Status field"):
 * Approved ⇄ approved; "In Progress" means the reviewer sent it back to work ⇄ revision_requested;
 * "Needs Review" is what a submitted cut awaits.
 */
export const DEFAULT_STATUS_MAPPING: FrameioStatusMapping = {
  approved: 'Approved',
  revision_requested: 'In Progress',
  in_review: 'Needs Review',
};

export interface FrameioSettings {
  /** New deliverables mirror their episode's project and folder at once, not on the first Send. */
  autoMirror: boolean;
  /** Internal (team-only) comments are pushed to Frame.io too. */
  syncInternalComments: boolean;
  /** Which option of Frame.io's Status field stands for each deliverable status. */
  statusMapping: FrameioStatusMapping;
}

export function frameioSettingsOf(settings: OrganizationSettings): FrameioSettings {
  const mapping = settings[KEYS.statusMapping];
  return {
    autoMirror: settings[KEYS.autoMirror] === true,
    syncInternalComments: settings[KEYS.syncInternalComments] === true,
    statusMapping: {
      ...DEFAULT_STATUS_MAPPING,
      ...(mapping && typeof mapping === 'object' ? (mapping as Partial<FrameioStatusMapping>) : {}),
    },
  };
}

export async function readFrameioSettings(store: Store, orgId: string): Promise<FrameioSettings> {
  return frameioSettingsOf(await store.organizations.settings(orgId));
}

/** Sets the settings given and keeps the others; undefined when the organization is gone. */
export async function writeFrameioSettings(
  tx: Store,
  orgId: string,
  patch: Partial<FrameioSettings>,
  nowIso: string,
): Promise<FrameioSettings | undefined> {
  const raw: Record<string, unknown> = {};
  if (patch.autoMirror !== undefined) raw[KEYS.autoMirror] = patch.autoMirror;
  if (patch.syncInternalComments !== undefined) raw[KEYS.syncInternalComments] = patch.syncInternalComments;
  if (patch.statusMapping !== undefined) raw[KEYS.statusMapping] = patch.statusMapping;
  const written = await tx.organizations.mergeSettings(orgId, raw, nowIso);
  return written ? frameioSettingsOf(written) : undefined;
}

/** `GET|PATCH /api/v1/integrations/frameio/settings` (members read, admins change). */
export interface FrameioSettingsView {
  auto_mirror: boolean;
  sync_internal_comments: boolean;
}

/** The Frame.io settings as Settings → Integrations shows and changes them. */
export class FrameioSettingsService {
  constructor(private readonly deps: { store: Store; clock: Clock }) {}

  async settings(actor: Actor): Promise<FrameioSettingsView> {
    const member = requireMember(actor);
    return present(await readFrameioSettings(this.deps.store, member.orgId));
  }

  /** Changes the settings given; the others keep their value. */
  async updateSettings(actor: Actor, input: Partial<FrameioSettingsView>): Promise<FrameioSettingsView> {
    const admin = requireRole(actor, 'admin');
    const patch: Partial<FrameioSettings> = {};
    if (input.auto_mirror !== undefined) patch.autoMirror = input.auto_mirror;
    if (input.sync_internal_comments !== undefined) patch.syncInternalComments = input.sync_internal_comments;
    return present(await this.write(admin.orgId, patch));
  }

  async statusMapping(actor: Actor): Promise<FrameioStatusMapping> {
    const member = requireMember(actor);
    return (await readFrameioSettings(this.deps.store, member.orgId)).statusMapping;
  }

  async updateStatusMapping(
    actor: Actor,
    input: Omit<FrameioStatusMapping, 'in_review'> & { in_review?: string | null | undefined },
  ): Promise<FrameioStatusMapping> {
    const admin = requireRole(actor, 'admin');
    const mapping = { ...input, in_review: input.in_review ?? null };
    return (await this.write(admin.orgId, { statusMapping: mapping })).statusMapping;
  }

  private write(orgId: string, patch: Partial<FrameioSettings>): Promise<FrameioSettings> {
    return this.deps.store.transaction(async (tx) => {
      const written = await writeFrameioSettings(tx, orgId, patch, this.deps.clock.now().toISOString());
      if (!written) throw notFound('Organization');
      return written;
    });
  }
}

function present(settings: FrameioSettings): FrameioSettingsView {
  return { auto_mirror: settings.autoMirror, sync_internal_comments: settings.syncInternalComments };
}
