import type { QueryClient } from '@tanstack/react-query';
import { describe, expect, it } from 'vitest';
import { applyLiveEvent, onLiveEventsRefused, parseLiveEvent } from '../src/lib/live-events.ts';

function recordingClient() {
  const keys: unknown[][] = [];
  const qc = {
    invalidateQueries: (f?: { queryKey?: unknown[] }) => {
      keys.push(f?.queryKey ?? []);
      return Promise.resolve();
    },
  } as unknown as QueryClient;
  return { qc, keys };
}

describe('parseLiveEvent', () => {
  it('reads the server envelope of an unnamed message', () => {
    expect(parseLiveEvent('message', '{"type":"comment.created","data":{"version_id":"v1"}}')).toEqual({
      type: 'comment.created',
      data: { version_id: 'v1' },
    });
  });

  it('reads a named event whose data is the payload', () => {
    expect(parseLiveEvent('version.ready', '{"id":"v1"}')).toEqual({
      type: 'version.ready',
      data: { id: 'v1' },
    });
  });

  it('ignores what it cannot read', () => {
    expect(parseLiveEvent('message', 'not json')).toBeNull();
    expect(parseLiveEvent('message', '{"id":"x"}')).toBeNull();
    expect(parseLiveEvent('message', '42')).toBeNull();
  });
});

describe('applyLiveEvent', () => {
  it('refetches only the comments of the version a comment event names', () => {
    const { qc, keys } = recordingClient();
    applyLiveEvent(qc, { type: 'comment.updated', data: { version_id: 'v1' } });
    expect(keys).toEqual([['comments', 'v1']]);
  });

  it('refetches deliverable lists, the portal landing, the deliverable, and activity on a status change', () => {
    const { qc, keys } = recordingClient();
    applyLiveEvent(qc, { type: 'deliverable.status_changed', data: { id: 'd1', to: 'submitted' } });
    expect(keys).toEqual([
      ['deliverables'],
      ['portal-deliverables'],
      ['portal-waiting'],
      ['deliverable', 'd1'],
      ['activity'],
    ]);
  });

  it('refetches the versions of the deliverable and the portal landing (posters) on version events', () => {
    const { qc, keys } = recordingClient();
    applyLiveEvent(qc, { type: 'version.ready', data: { id: 'v2', deliverable_id: 'd1' } });
    expect(keys).toEqual([['portal-waiting'], ['versions', 'd1'], ['version', 'v2'], ['activity']]);
  });

  it('ignores upload progress (the uploader tracks its own)', () => {
    const { qc, keys } = recordingClient();
    applyLiveEvent(qc, { type: 'upload.progress', data: { offset: 1 } });
    expect(keys).toEqual([]);
  });
});

describe('onLiveEventsRefused', () => {
  it('re-asks who is signed in (studio and portal), as any 401 does', () => {
    const { qc, keys } = recordingClient();
    onLiveEventsRefused(qc);
    expect(keys).toEqual([['me'], ['portal-me']]);
  });
});
