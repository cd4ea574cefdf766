import { useQuery } from '@tanstack/react-query';
import { getData } from '../api/api-client.ts';
import type { FrameioCard, FrameioVersionState } from './frameio-types.ts';

export const FRAMEIO_CARD_KEY = ['frameio-card'] as const;

/** The organization's Frame.io connection (every member may read it; can_manage says who acts). */
export function useFrameioCard(enabled = true) {
  return useQuery<FrameioCard>({
    queryKey: FRAMEIO_CARD_KEY,
    queryFn: () => getData<FrameioCard>('/integrations/frameio'),
    enabled,
    staleTime: 30_000,
  });
}

export const frameioVersionKey = (versionId: string) => ['frameio-version', versionId] as const;

const IN_FLIGHT = new Set(['queued', 'uploading', 'uploaded']);

/**
 * A version's Frame.io upload state. SSE `frameio.upload.state` replaces it in the cache as it
 * changes; while an upload is in flight it is also re-read every few seconds, so a dropped event
 * stream cannot leave the row stuck.
 */
export function useFrameioVersion(versionId: string, enabled: boolean) {
  return useQuery<FrameioVersionState>({
    queryKey: frameioVersionKey(versionId),
    queryFn: () => getData<FrameioVersionState>(`/versions/${versionId}/frameio`),
    enabled,
    refetchInterval: (q) => {
      const s = q.state.data;
      if (!s) return false;
      if (IN_FLIGHT.has(s.status)) return 3000;
      // Uploaded but the review link is still being created.
      if (s.status === 'transcoded' && !s.review_link) return 3000;
      return false;
    },
  });
}
