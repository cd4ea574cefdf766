import type { FrameioHttp } from '../http/request.ts';
import type { Profile } from '../types/common.ts';
import { type CallOptions, callExtras } from './call-options.ts';

export function usersResource(http: FrameioHttp) {
  return {
    /** `GET /v4/me` (users.show): the user behind the token. */
    me(options?: CallOptions): Promise<Profile> {
      return http.request<Profile>({ operation: 'users.show', path: '/v4/me', ...callExtras(options) });
    },
  };
}

export type UsersResource = ReturnType<typeof usersResource>;
