import { type QueryKey, useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { ApiError, getData, getPage, type Query } from './api-client.ts';
import type { Me, PortalMe } from './types.ts';

/** The signed-in team member, or null when nobody is (401). */
export function useMe() {
  return useQuery<Me | null>({
    queryKey: ['me'],
    queryFn: async () => {
      try {
        return await getData<Me>('/me');
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

/** The signed-in portal contact, or null. */
export function usePortalMe() {
  return useQuery<PortalMe | null>({
    queryKey: ['portal-me'],
    queryFn: async () => {
      try {
        return await getData<PortalMe>('/portal/me');
      } catch (e) {
        if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return null;
        throw e;
      }
    },
    staleTime: 60_000,
  });
}

export const PAGE_SIZE = 50;

/**
 * A cursor list as one flat array with "load more": a single request per page, never one per
 * row, so hundreds of rows stay cheap.
 */
export function usePagedList<T>(queryKey: QueryKey, path: string, query: Query = {}, enabled = true) {
  const q = useInfiniteQuery({
    queryKey: [...queryKey, query],
    queryFn: ({ pageParam }) => getPage<T>(path, { ...query, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    enabled,
  });
  const items = q.data?.pages.flatMap((p) => p.data) ?? [];
  return { ...q, items };
}
