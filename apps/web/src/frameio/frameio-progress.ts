import { useSyncExternalStore } from 'react';
import type { FrameioUploadProgress } from './frameio-types.ts';

/**
 * The latest `frameio.upload.progress` event per version, outside React Query: these arrive up
 * to twice a second and carry speed and time left, which no GET returns, so they are kept as
 * they come instead of triggering refetches.
 */
class FrameioProgressStore {
  private readonly byVersion = new Map<string, FrameioUploadProgress>();
  private readonly listeners = new Set<() => void>();

  set(p: FrameioUploadProgress): void {
    this.byVersion.set(p.version_id, p);
    for (const l of this.listeners) l();
  }

  clear(versionId: string): void {
    if (!this.byVersion.delete(versionId)) return;
    for (const l of this.listeners) l();
  }

  get(versionId: string): FrameioUploadProgress | undefined {
    return this.byVersion.get(versionId);
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };
}

export const frameioProgress = new FrameioProgressStore();

export function useFrameioProgress(versionId: string): FrameioUploadProgress | undefined {
  return useSyncExternalStore(frameioProgress.subscribe, () => frameioProgress.get(versionId));
}

/** Reads an SSE payload as a progress event, or undefined when it is not one. */
export function asProgress(d: Record<string, unknown>): FrameioUploadProgress | undefined {
  if (typeof d.version_id !== 'string' || typeof d.bytes_done !== 'number' || typeof d.file_size !== 'number')
    return undefined;
  const num = (k: string) => (typeof d[k] === 'number' ? (d[k] as number) : null);
  return {
    version_id: d.version_id,
    deliverable_id: typeof d.deliverable_id === 'string' ? d.deliverable_id : '',
    bytes_done: d.bytes_done,
    file_size: d.file_size,
    percent: num('percent') ?? undefined,
    speed_bps: num('speed_bps'),
    eta_seconds: num('eta_seconds'),
  };
}
