import type { Readable } from 'node:stream';
import type { UploadMetadata } from '@preroll/contracts/versions';
import { type Actor, requireMember, requireRole } from '../lib/actor.ts';
import { AppError, forbidden, notFound } from '../lib/errors.ts';
import { newId } from '../lib/ids.ts';
import { type PageRequest, toPage } from '../lib/pagination.ts';
import type { MediaStorage, UploadDataStore } from '../repositories/media-storage.ts';
import { StorageFailure } from '../repositories/storage-failure.ts';
import type { Store } from '../repositories/store.ts';
import { isUniqueViolation, type VersionRow } from '../repositories/version.repository.ts';
import type { ServiceDeps } from './service-deps.ts';
import { storageError } from './upload-errors.ts';
import { UploadExpiry } from './upload-expiry.ts';
import { DatabaseUploadLocker } from './upload-locker.ts';
import { VersionAnalysis } from './version-analysis.ts';
import { VersionDerivatives } from './version-derivatives.ts';
import { mediaContentType, presentVersion } from './version-presenter.ts';
import { VersionProgress } from './version-progress.ts';

/** What the tus layer stores with an upload once we accepted it (tus metadata values are strings). */
export interface AcceptedUpload {
  org_id: string;
  user_id: string;
  deliverable_id: string;
  filename: string;
  filetype: string;
}

export interface FinishedUpload {
  uploadId: string;
  size: number;
  metadata: Record<string, string | null | undefined>;
}

export interface MediaFile {
  size: number;
  contentType: string;
  etag: string | null;
  filename: string;
  open(range?: { start: number; end: number }): Promise<Readable>;
}

/** How many times creating a version retries after losing a race for the next number. */
const NUMBER_RACE_RETRIES = 10;

/**
 * Deliverable versions: accepting tus uploads, turning a finished upload into a version (number,
 * SHA-256, ffprobe facts), listing, reading, streaming and deleting them.
 */
export class VersionService {
  private readonly files: MediaStorage;
  /** The tus data store; the upload route hands it to @tus/server. */
  readonly uploadStore: UploadDataStore;
  /** tus's per-upload lock, in the database so that every web process shares it. */
  readonly uploadLocker: DatabaseUploadLocker;
  readonly expiry: UploadExpiry;
  /** The media pipeline's jobs (docs/ARCHITECTURE.md, "Media pipeline"). */
  readonly analysis: VersionAnalysis;
  readonly derivatives: VersionDerivatives;

  constructor(private readonly deps: ServiceDeps) {
    this.files = deps.files;
    this.uploadStore = this.files.uploadStore();
    this.uploadLocker = new DatabaseUploadLocker(deps);
    this.expiry = new UploadExpiry(deps, this.uploadStore);
    const progress = new VersionProgress(deps);
    this.analysis = new VersionAnalysis(deps, progress);
    this.derivatives = new VersionDerivatives(deps, progress);
  }

  /**
   * Before a single byte is accepted: only team members upload, only to a deliverable of their
   * organization (another org's id is a 404), at most PREROLL_MAX_UPLOAD_BYTES, and only what fits
   * on the disk with PREROLL_UPLOAD_DISK_RESERVE_BYTES to spare. Returns the metadata tus stores.
   */
  async acceptUpload(actor: Actor, meta: UploadMetadata, declaredLength: number): Promise<AcceptedUpload> {
    const member = requireMember(actor);
    const { maxBytes, diskReserveBytes } = this.deps.config.uploads;
    if (declaredLength > maxBytes) {
      throw new AppError(413, 'upload_too_large', `An upload may be at most ${maxBytes} bytes`, {
        max_bytes: maxBytes,
      });
    }
    const deliverable = await this.deps.store.versions.findDeliverable(member.orgId, meta.deliverable_id);
    if (!deliverable) throw notFound('Deliverable');
    const free = await this.withStorage(() => this.uploadStore.freeBytes());
    if (free !== null && declaredLength + diskReserveBytes > free) {
      throw new AppError(
        507,
        'storage_full',
        'The server does not have enough free disk space for this upload',
      );
    }
    return {
      org_id: member.orgId,
      user_id: member.userId,
      deliverable_id: deliverable.id,
      filename: meta.filename ?? 'upload',
      filetype: meta.filetype ?? '',
    };
  }

  /** HEAD/PATCH/DELETE on an upload: only within the organization that created it. */
  async authorizeUpload(actor: Actor, uploadId: string): Promise<void> {
    const member = requireMember(actor);
    const upload = await this.withStorage(() => this.uploadStore.getUpload(uploadId)).catch((err) => {
      if (err instanceof AppError) throw err;
      return null; // tus's "not found" / "no longer exists"
    });
    if (!upload || upload.metadata?.org_id !== member.orgId) throw notFound('Upload');
  }

  private async withStorage<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (err) {
      throw err instanceof StorageFailure ? storageError(err) : err;
    }
  }

  async publishProgress(upload: {
    uploadId: string;
    offset: number;
    size: number | undefined;
    metadata: Record<string, string | null | undefined> | undefined;
  }) {
    const orgId = upload.metadata?.org_id;
    if (!orgId) return;
    await this.deps.events.publish(orgId, {
      type: 'upload.progress',
      data: {
        upload_id: upload.uploadId,
        deliverable_id: upload.metadata?.deliverable_id ?? null,
        offset: upload.offset,
        size: upload.size ?? null,
      },
    });
  }

  /**
   * The upload's last byte arrived. Creates the version `processing` (idempotent: a retried final
   * PATCH finds it) with its `versions.analyze` job in the same transaction, and answers at once:
   * hashing and probing a master take minutes, which the uploader does not wait for.
   */
  async completeUpload(finished: FinishedUpload): Promise<VersionRow> {
    const meta = finished.metadata;
    const orgId = meta.org_id;
    const deliverableId = meta.deliverable_id;
    if (!orgId || !deliverableId) throw notFound('Upload');
    const storageKey = `tus/${finished.uploadId}`;
    const existing = await this.deps.store.versions.findByStorageKey(orgId, storageKey);
    if (existing) return existing;

    const created = await this.createVersionRow({
      orgId,
      deliverableId,
      storageKey,
      size: finished.size,
      filename: meta.filename || 'upload',
      filetype: meta.filetype || null,
      userId: meta.user_id || null,
    });
    return this.afterCreated(created);
  }

  /**
   * A version from a file already on this machine (the demo studio's clips): copied into storage
   * and then the same path as a finished upload, so it is numbered, announced and analysed alike.
   */
  async addFromFile(
    actor: Actor,
    deliverableId: string,
    file: { path: string; filename: string; contentType: string },
  ): Promise<VersionRow> {
    const member = requireMember(actor);
    const deliverable = await this.deps.store.versions.findDeliverable(member.orgId, deliverableId);
    if (!deliverable) throw notFound('Deliverable');
    const storageKey = `local/${newId()}`;
    const size = await this.withStorage(() => this.files.copyIn(file.path, storageKey));
    const created = await this.createVersionRow({
      orgId: member.orgId,
      deliverableId: deliverable.id,
      storageKey,
      size,
      filename: file.filename,
      filetype: file.contentType,
      userId: member.userId,
    });
    return this.afterCreated(created);
  }

  /** What follows the version row, wherever its file came from: the announcement (its `versions.analyze` job is already queued with the row). */
  private async afterCreated(created: VersionRow): Promise<VersionRow> {
    const orgId = created.org_id;
    await this.deps.events.publish(orgId, {
      type: 'version.created',
      data: {
        id: created.id,
        deliverable_id: created.deliverable_id,
        number: created.number,
        status: created.status,
        client_id: await this.deps.store.versions.portalClientOf(orgId, created.deliverable_id),
      },
    });
    return created;
  }

  private async createVersionRow(input: {
    orgId: string;
    deliverableId: string;
    storageKey: string;
    size: number;
    filename: string;
    filetype: string | null;
    userId: string | null;
  }): Promise<VersionRow> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.deps.store.transaction(async (tx) => {
          const deliverable = await tx.versions.findDeliverable(input.orgId, input.deliverableId);
          if (!deliverable) throw notFound('Deliverable');
          const now = this.deps.clock.now().toISOString();
          const row: VersionRow = {
            id: newId(),
            org_id: input.orgId,
            deliverable_id: deliverable.id,
            number: await tx.versions.nextNumber(input.orgId, deliverable.id),
            status: 'processing',
            original_filename: input.filename,
            content_type: input.filetype,
            size_bytes: input.size,
            storage_key: input.storageKey,
            sha256: null,
            media_kind: 'other',
            frame_rate_num: null,
            frame_rate_den: null,
            duration_frames: null,
            duration_ms: null,
            start_frame: 0,
            drop_frame: 0,
            width: null,
            height: null,
            probe_error: null,
            proxy_status: 'not_needed',
            proxy_key: null,
            proxy_error: null,
            poster_key: null,
            thumbnails_key: null,
            waveform_key: null,
            processing_stage: 'analysing',
            processing_percent: null,
            processing_eta_seconds: null,
            uploaded_by: input.userId,
            created_at: now,
            updated_at: now,
          };
          await tx.versions.insert(row);
          await VersionAnalysis.enqueue(tx, this.deps, row);
          await this.deps.hooks.versionCreated(tx, row);
          return row;
        });
      } catch (err) {
        if (attempt < NUMBER_RACE_RETRIES && isUniqueViolation(err)) {
          // Each round has one winner; a little jitter keeps the rest from colliding again.
          await this.deps.timers.sleep(Math.random() * 10 * (attempt + 1));
          continue;
        }
        if (err instanceof AppError && err.status === 404) {
          // The deliverable went away while the file was uploading: do not keep an orphan file.
          await this.files.remove(input.storageKey);
        }
        throw err;
      }
    }
  }

  async list(actor: Actor, deliverableId: string, page: PageRequest) {
    const store = this.deps.store;
    const deliverable =
      actor.kind === 'member'
        ? await store.versions.findDeliverable(actor.orgId, deliverableId)
        : await store.versions.findDeliverableForClient(actor.orgId, actor.clientId, deliverableId);
    if (!deliverable) throw notFound('Deliverable');
    const rows = await store.versions.listForDeliverable(actor.orgId, deliverable.id, page);
    const result = toPage(rows, page.limit);
    return { items: result.items.map((v) => presentVersion(v, actor)), nextCursor: result.nextCursor };
  }

  async get(actor: Actor, id: string) {
    return presentVersion(await this.visibleVersion(actor, id), actor);
  }

  /**
   * The version's file for streaming, or for downloading the original: a client downloads only
   * when the team allows it on the deliverable (docs/client-portal.md, "Downloads"). The route
   * handles Range and HEAD.
   */
  async media(actor: Actor, id: string, purpose: 'play' | 'download' = 'play'): Promise<MediaFile> {
    const version = await this.visibleVersion(actor, id);
    if (purpose === 'download' && actor.kind === 'portal') {
      const deliverable = await this.deps.store.deliverables.findById(actor.orgId, version.deliverable_id);
      if (deliverable?.client_may_download !== 1)
        throw forbidden(
          'The team has not made the original file of this deliverable downloadable.',
          'download_not_allowed',
        );
    }
    const size = await this.files.size(version.storage_key);
    if (size === null) throw notFound('Media file');
    return {
      size,
      contentType: mediaContentType(version),
      etag: version.sha256 ? `"${version.sha256}"` : null,
      filename: version.original_filename,
      open: (range) => this.files.openRead(version.storage_key, range),
    };
  }

  async delete(actor: Actor, id: string): Promise<void> {
    const admin = requireRole(actor, 'admin');
    const version = await this.deps.store.transaction(async (tx) => {
      const row = await tx.versions.findById(admin.orgId, id);
      if (!row) throw notFound('Version');
      await tx.versions.delete(admin.orgId, id);
      return row;
    });
    // After the commit: a rolled-back delete must not have lost the file.
    await this.files.remove(version.storage_key);
    await this.files.removeDerived([version.id]);
    await this.deps.events.publish(admin.orgId, {
      type: 'version.deleted',
      data: {
        id: version.id,
        deliverable_id: version.deliverable_id,
        number: version.number,
        client_id: await this.deps.store.versions.portalClientOf(admin.orgId, version.deliverable_id),
      },
    });
  }

  /** A version the actor may see: any in their org for members; their client's, past draft, for portal users. */
  async visibleVersion(actor: Actor, id: string, store: Store = this.deps.store): Promise<VersionRow> {
    const row =
      actor.kind === 'member'
        ? await store.versions.findById(actor.orgId, id)
        : await store.versions.findByIdForClient(actor.orgId, actor.clientId, id);
    if (!row) throw notFound('Version');
    return row;
  }
}
