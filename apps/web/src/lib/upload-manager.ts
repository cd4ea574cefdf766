import { useSyncExternalStore } from 'react';
import { defaultOptions, type PreviousUpload, Upload } from 'tus-js-client';
import { CSRF_HEADER, csrfToken } from '../api/api-client.ts';
import { SpeedMeter } from './upload-speed.ts';

export type UploadPhase = 'uploading' | 'paused' | 'done' | 'error';

/** What the UI shows for one deliverable's upload; replaced (never mutated) on every change. */
export interface UploadState {
  deliverableId: string;
  fileName: string;
  sent: number;
  total: number;
  bps: number | null;
  phase: UploadPhase;
  error: string | null;
  resumed: boolean;
}

export const UPLOAD_ENDPOINT = '/api/v1/uploads';
export const CHUNK_SIZE = 8 * 1024 * 1024;

/**
 * The resume key: same file (name, type, size, mtime) to the same deliverable. tus-js-client's
 * default ignores the deliverable, so picking the same file for another deliverable would
 * otherwise resume the first one's upload.
 */
export function fingerprintFor(deliverableId: string, file: File): string {
  return ['preroll', deliverableId, file.name, file.type, file.size, file.lastModified].join('-');
}

/** The API's message from a failed tus request (JSON from our pre-checks, plain text from tus). */
export function tusErrorMessage(err: Error): string {
  const res = (err as { originalResponse?: { getStatus(): number; getBody(): string } | null })
    .originalResponse;
  if (res) {
    const body = res.getBody();
    try {
      const parsed = JSON.parse(body) as { error?: { message?: string } };
      if (parsed.error?.message) return `${parsed.error.message} (HTTP ${res.getStatus()})`;
    } catch {
      // not JSON
    }
    return `${body.trim() || 'Upload failed'} (HTTP ${res.getStatus()})`;
  }
  return err.message.split('\n')[0] ?? 'Upload failed';
}

/**
 * Uploads live here, outside React, so they keep going while the producer moves around the app
 * (another tab of the episode, the player); components subscribe to the state of the deliverable
 * they show. A page reload ends them, and tus resumes from the server's offset next time.
 */
class UploadManager {
  private readonly states = new Map<string, UploadState>();
  private readonly uploads = new Map<string, { upload: Upload; meter: SpeedMeter }>();
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  get(deliverableId: string): UploadState | undefined {
    return this.states.get(deliverableId);
  }

  private set(deliverableId: string, patch: Partial<UploadState>): void {
    const prev = this.states.get(deliverableId);
    if (!prev) return;
    this.states.set(deliverableId, { ...prev, ...patch });
    for (const l of this.listeners) l();
  }

  async start(deliverableId: string, file: File, onSuccess: () => void): Promise<void> {
    const running = this.uploads.get(deliverableId);
    if (running) await running.upload.abort(false);
    const meter = new SpeedMeter();
    this.states.set(deliverableId, {
      deliverableId,
      fileName: file.name,
      sent: 0,
      total: file.size,
      bps: null,
      phase: 'uploading',
      error: null,
      resumed: false,
    });
    for (const l of this.listeners) l();
    const upload = new Upload(file, {
      endpoint: UPLOAD_ENDPOINT,
      chunkSize: CHUNK_SIZE,
      retryDelays: [0, 1000, 3000, 5000, 10000],
      metadata: {
        deliverable_id: deliverableId,
        filename: file.name,
        filetype: file.type || 'application/octet-stream',
      },
      fingerprint: async (f) => fingerprintFor(deliverableId, f as File),
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      onBeforeRequest: (req) => {
        // Read the cookie per request: logging in again rotates the CSRF token mid-upload.
        const token = csrfToken();
        if (token) req.setHeader(CSRF_HEADER, token);
        const xhr = req.getUnderlyingObject() as XMLHttpRequest | undefined;
        if (xhr && 'withCredentials' in xhr) xhr.withCredentials = true;
      },
      onProgress: (sent, total) => {
        meter.add(sent);
        this.set(deliverableId, { sent, total, bps: meter.bytesPerSecond() });
      },
      onError: (err) => this.set(deliverableId, { phase: 'error', error: tusErrorMessage(err), bps: null }),
      onSuccess: () => {
        this.uploads.delete(deliverableId);
        const s = this.states.get(deliverableId);
        this.set(deliverableId, { phase: 'done', sent: s?.total ?? 0, bps: null });
        onSuccess();
      },
    });
    this.uploads.set(deliverableId, { upload, meter });
    const previous = await upload.findPreviousUploads();
    const last = previous[0];
    if (last) {
      upload.resumeFromPreviousUpload(last);
      this.set(deliverableId, { resumed: true });
    }
    upload.start();
  }

  pause(deliverableId: string): void {
    const u = this.uploads.get(deliverableId);
    if (!u) return;
    void u.upload.abort(false);
    this.set(deliverableId, { phase: 'paused', bps: null });
  }

  /** Continues a paused or failed upload: tus asks the server for its offset first. */
  resume(deliverableId: string): void {
    const u = this.uploads.get(deliverableId);
    if (!u) return;
    u.meter.reset();
    this.set(deliverableId, { phase: 'uploading', error: null });
    u.upload.start();
  }

  canResume(deliverableId: string): boolean {
    return this.uploads.has(deliverableId);
  }

  /** Uploads a reload interrupted, for this deliverable (their resume keys in localStorage). */
  async interrupted(deliverableId: string): Promise<PreviousUpload[]> {
    if (this.uploads.has(deliverableId)) return [];
    const all = await defaultOptions.urlStorage.findAllUploads();
    return all.filter((u) => u.metadata.deliverable_id === deliverableId);
  }

  async discard(previous: PreviousUpload): Promise<void> {
    await defaultOptions.urlStorage.removeUpload(previous.urlStorageKey);
  }
}

export const uploadManager = new UploadManager();

export function useUploadState(deliverableId: string): UploadState | undefined {
  return useSyncExternalStore(uploadManager.subscribe, () => uploadManager.get(deliverableId));
}
