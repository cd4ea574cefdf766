import type { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { frameioProgress } from '../src/frameio/frameio-progress.ts';
import { applyLiveEvent } from '../src/lib/live-events.ts';

function recordingClient() {
  const invalidated: unknown[][] = [];
  const set: Array<[unknown[], unknown]> = [];
  const qc = {
    invalidateQueries: (f?: { queryKey?: unknown[] }) => {
      invalidated.push(f?.queryKey ?? []);
      return Promise.resolve();
    },
    setQueryData: (key: unknown[], value: unknown) => {
      set.push([key, value]);
      return value;
    },
  } as unknown as QueryClient;
  return { qc, invalidated, set };
}

describe('Frame.io live events', () => {
  it('keeps the latest progress per version without refetching anything', () => {
    const { qc, invalidated, set } = recordingClient();
    const data = {
      version_id: 'v1',
      deliverable_id: 'd1',
      bytes_done: 10,
      file_size: 40,
      percent: 25,
      speed_bps: 5,
      eta_seconds: 6,
    };
    applyLiveEvent(qc, { type: 'frameio.upload.progress', data });
    expect(frameioProgress.get('v1')).toEqual(data);
    applyLiveEvent(qc, { type: 'frameio.upload.progress', data: { ...data, bytes_done: 20, percent: 50 } });
    expect(frameioProgress.get('v1')?.bytes_done).toBe(20);
    expect(invalidated).toEqual([]);
    expect(set).toEqual([]);
  });

  it('a state event replaces the cached state (minus the internal marker) and ends the live figures when done', () => {
    const { qc, set } = recordingClient();
    frameioProgress.set({
      version_id: 'v2',
      deliverable_id: 'd1',
      bytes_done: 1,
      file_size: 2,
      speed_bps: 1,
      eta_seconds: 1,
    });
    applyLiveEvent(qc, {
      type: 'frameio.upload.state',
      data: { version_id: 'v2', status: 'uploading', bytes_done: 1, visibility: 'internal' },
    });
    expect(set).toEqual([
      [['frameio-version', 'v2'], { version_id: 'v2', status: 'uploading', bytes_done: 1 }],
    ]);
    expect(frameioProgress.get('v2')).toBeDefined();
    applyLiveEvent(qc, { type: 'frameio.upload.state', data: { version_id: 'v2', status: 'uploaded' } });
    expect(frameioProgress.get('v2')).toBeUndefined();
  });

  it('a new review link refetches that version and the portal lists', () => {
    const { qc, invalidated } = recordingClient();
    applyLiveEvent(qc, {
      type: 'frameio.review_link.created',
      data: { version_id: 'v3', deliverable_id: 'd1', short_url: 'https://f.io/x' },
    });
    expect(invalidated).toEqual([['frameio-version', 'v3'], ['portal-deliverables']]);
  });
});
