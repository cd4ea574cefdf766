import { type QueryClient, useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { asProgress, frameioProgress } from '../frameio/frameio-progress.ts';

export const LIVE_EVENT_TYPES = [
  'comment.created',
  'comment.updated',
  'comment.deleted',
  'deliverable.status_changed',
  'version.created',
  'version.ready',
  'version.failed',
  'version.processing',
  'version.proxy',
  'version.previews',
  'upload.progress',
  'frameio.upload.progress',
  'frameio.upload.state',
  'frameio.review_link.created',
  'notification.created',
  'notification.read',
] as const;

export interface LiveEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Accepts both `event: <type>` + `data: {…}` frames and a bare `data: {"type", "data"}` envelope. */
export function parseLiveEvent(eventType: string, raw: string): LiveEvent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object') return null;
  const obj = parsed as Record<string, unknown>;
  if (typeof obj.type === 'string' && obj.data && typeof obj.data === 'object') {
    return { type: obj.type, data: obj.data as Record<string, unknown> };
  }
  if (eventType && eventType !== 'message') return { type: eventType, data: obj };
  return null;
}

/**
 * Turns a realtime event into cache invalidations: the affected queries refetch once, so the
 * screen shows what the server now says (including visibility filtering for portal users) rather
 * than a locally patched guess.
 */
export function applyLiveEvent(qc: QueryClient, event: LiveEvent): void {
  const d = event.data;
  const str = (k: string) => (typeof d[k] === 'string' ? (d[k] as string) : undefined);
  if (event.type.startsWith('comment.')) {
    const versionId = str('version_id');
    void qc.invalidateQueries({ queryKey: versionId ? ['comments', versionId] : ['comments'] });
    return;
  }
  if (event.type === 'carry_forward.progress') {
    const versionId = str('version_id');
    if (versionId) void qc.invalidateQueries({ queryKey: ['carry-forward', versionId] });
    return;
  }
  if (event.type.startsWith('frameio.')) {
    applyFrameioEvent(qc, event);
    return;
  }
  if (event.type.startsWith('notification.')) {
    // The bell's count and list refetch (the server answers for the signed-in person only).
    void qc.invalidateQueries({ queryKey: ['notifications'] });
    return;
  }
  if (event.type === 'deliverable.status_changed') {
    void qc.invalidateQueries({ queryKey: ['deliverables'] });
    void qc.invalidateQueries({ queryKey: ['portal-deliverables'] });
    // The portal's landing lists what waits for the client's review: a submit adds to it.
    void qc.invalidateQueries({ queryKey: ['portal-waiting'] });
    const id = str('id') ?? str('deliverable_id');
    void qc.invalidateQueries({ queryKey: id ? ['deliverable', id] : ['deliverable'] });
    void qc.invalidateQueries({ queryKey: ['activity'] });
    return;
  }
  if (event.type.startsWith('version.')) {
    // The portal's waiting list carries each deliverable's newest version and its poster.
    void qc.invalidateQueries({ queryKey: ['portal-waiting'] });
    const deliverableId = str('deliverable_id');
    void qc.invalidateQueries({ queryKey: deliverableId ? ['versions', deliverableId] : ['versions'] });
    const id = str('id') ?? str('version_id');
    if (id) void qc.invalidateQueries({ queryKey: ['version', id] });
    void qc.invalidateQueries({ queryKey: ['activity'] });
  }
}

/**
 * Frame.io uploads (Send to Frame.io). Progress events carry speed and time left that no GET returns, so
 * they are kept as they come (frameio-progress.ts) rather than refetching twice a second; state
 * events carry the version's whole Frame.io state and replace the cached one; a new review link
 * refetches the version's state and the portal's deliverable lists.
 */
function applyFrameioEvent(qc: QueryClient, event: LiveEvent): void {
  const d = event.data;
  const versionId = typeof d.version_id === 'string' ? d.version_id : undefined;
  if (event.type === 'frameio.upload.progress') {
    const p = asProgress(d);
    if (p) frameioProgress.set(p);
    return;
  }
  if (event.type === 'frameio.upload.state' && versionId && typeof d.status === 'string') {
    const { visibility: _internal, ...state } = d;
    qc.setQueryData(['frameio-version', versionId], state);
    if (d.status !== 'uploading' && d.status !== 'queued') frameioProgress.clear(versionId);
    return;
  }
  if (event.type === 'frameio.review_link.created') {
    void qc.invalidateQueries({ queryKey: versionId ? ['frameio-version', versionId] : ['frameio-version'] });
    void qc.invalidateQueries({ queryKey: ['portal-deliverables'] });
  }
}

/**
 * The browser gave up on the stream: its reconnect was answered with something other than a stream
 * (401 after logout elsewhere or an expired session, 403 after removal from the organization).
 * Re-ask who we are, as for any 401, so the layouts show the login page or the new state.
 */
export function onLiveEventsRefused(qc: QueryClient): void {
  void qc.invalidateQueries({ queryKey: ['me'] });
  void qc.invalidateQueries({ queryKey: ['portal-me'] });
}

/**
 * One EventSource per signed-in tab on /api/v1/events (same origin, cookie auth). The browser
 * reconnects by itself after a drop (the server's `retry:` hint spaces the attempts); on reconnect
 * we refetch what is on screen, because events sent while we were away are not replayed. The
 * server ends a stream whose access ended or changed: a reconnect then opens a stream with the new
 * role, or is refused, and the browser stops trying (readyState CLOSED) instead of looping.
 */
export function useLiveEvents(enabled: boolean): void {
  const qc = useQueryClient();
  useEffect(() => {
    if (!enabled || typeof EventSource === 'undefined') return;
    const source = new EventSource('/api/v1/events', { withCredentials: true });
    let opened = false;
    const onMessage = (e: MessageEvent) => {
      const event = parseLiveEvent(e.type, String(e.data));
      if (event) applyLiveEvent(qc, event);
    };
    source.onopen = () => {
      if (opened) void qc.invalidateQueries();
      opened = true;
    };
    source.onerror = () => {
      if (source.readyState === EventSource.CLOSED) onLiveEventsRefused(qc);
    };
    source.onmessage = onMessage;
    for (const type of LIVE_EVENT_TYPES) source.addEventListener(type, onMessage);
    return () => source.close();
  }, [enabled, qc]);
}
