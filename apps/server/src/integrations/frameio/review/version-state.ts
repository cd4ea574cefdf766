import type { FrameioVersionState } from '@preroll/contracts/frameio-review';
import { newId } from '../../../lib/ids.ts';
import type { VersionRow } from '../../../repositories/version.repository.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';
import type { FrameioUploadRow } from '../repositories/upload.repository.ts';
import { actionFor } from './upload-errors.ts';

/**
 * A version's Frame.io state as the Deliverables tab shows it (`GET /api/v1/versions/{id}/frameio`)
 * and as the team's SSE `frameio.upload.state` carries it: upload progress, errors with the action
 * a user can take, the review link.
 */
export class FrameioVersionStates {
  constructor(private readonly deps: FrameioDeps) {}

  async present(orgId: string, version: VersionRow): Promise<FrameioVersionState> {
    const repos = frameioRepos(this.deps.store);
    const row = await repos.uploads.findByVersion(orgId, version.id);
    const link = await repos.reviewLinks.findByVersion(orgId, version.id);
    const conn = await repos.connections.findByOrg(orgId);
    const parts = row?.parts_json ? (JSON.parse(row.parts_json) as unknown[]).length : 0;
    const done = row ? (JSON.parse(row.parts_done_json) as unknown[]).length : 0;
    let status: FrameioVersionState['status'] = row?.status ?? 'not_sent';
    const blocked = conn?.status !== 'active';
    let error = row?.error_code
      ? { code: row.error_code, message: row.error_message ?? '', action: actionFor(row.error_code) }
      : null;
    if ((status === 'queued' || status === 'uploading') && blocked) {
      status = 'waiting_for_reconnect';
      const message = !conn
        ? 'Frame.io is not connected; the upload starts once an admin connects it.'
        : conn.status === 'needs_reconnect'
          ? 'The Frame.io connection needs a reconnect; the upload continues once an admin reconnects.'
          : 'Pick the Frame.io workspace first; the upload continues then.';
      error = { code: 'waiting_for_reconnect', message, action: actionFor('waiting_for_reconnect') };
    }
    const fileSize = row ? Number(row.file_size) : Number(version.size_bytes);
    const bytes = row ? Number(row.bytes_done) : 0;
    return {
      version_id: version.id,
      deliverable_id: version.deliverable_id,
      status,
      bytes_done: bytes,
      file_size: fileSize,
      percent: fileSize === 0 ? (bytes > 0 ? 100 : 0) : Math.floor((bytes / fileSize) * 1000) / 10,
      parts_total: parts,
      parts_done: done,
      error,
      retry_at: row?.retry_at ?? null,
      remote_file_id: row?.remote_file_id ?? null,
      view_url: row?.view_url ?? null,
      review_link: link
        ? {
            short_url: link.short_url,
            expires_at: link.expires_at,
            passphrase_protected: link.passphrase_set === 1,
            downloads_enabled: link.downloads_enabled === 1,
          }
        : null,
      started_at: row?.started_at ?? null,
      completed_at: row?.completed_at ?? null,
    };
  }

  /** `frameio.upload.state`: the version's whole state, for the team (never the portal). */
  async publish(orgId: string, version: VersionRow): Promise<void> {
    const state = await this.present(orgId, version);
    await this.deps.events.publish(orgId, {
      type: 'frameio.upload.state',
      data: { ...state, visibility: 'internal' } as unknown as Record<string, unknown>,
    });
  }
}

/** The upload row a version starts with when it is first sent. */
export function newUploadRow(
  orgId: string,
  version: VersionRow,
  now: string,
  sentBy: string | null = null,
): FrameioUploadRow {
  return {
    id: newId(),
    org_id: orgId,
    version_id: version.id,
    deliverable_id: version.deliverable_id,
    remote_file_id: null,
    media_type: null,
    view_url: null,
    file_size: Number(version.size_bytes),
    parts_json: null,
    parts_done_json: '[]',
    urls_expire_at: null,
    status: 'queued',
    bytes_done: 0,
    error_code: null,
    error_message: null,
    retry_at: null,
    lease_owner: null,
    lease_until: null,
    sent_by: sentBy,
    started_at: null,
    completed_at: null,
    created_at: now,
    updated_at: now,
  };
}
