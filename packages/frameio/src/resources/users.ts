import { paginate } from '../http/paginate.ts';
import type { FrameioHttp } from '../http/request.ts';
import { path } from '../http/url.ts';
import type { PageQuery, Profile, User } from '../types/common.ts';
import { type CallOptions, callExtras } from './call-options.ts';

/** One entry of `GET /v4/accounts/{account_id}/users`: a user with their account role. */
export interface AccountUserRole {
  role: 'owner' | 'admin' | 'member';
  user: User;
}

export function usersResource(http: FrameioHttp) {
  return {
    /** `GET /v4/me` (users.show): the user behind the token. */
    me(options?: CallOptions): Promise<Profile> {
      return http.request<Profile>({ operation: 'users.show', path: '/v4/me', ...callExtras(options) });
    },
    /**
     * `GET /v4/accounts/{account_id}/users` (account_permissions.index, beyond the subset:
     * docs/frameio-api-notes.md, "Operations beyond the subset"): every user of the account with
     * their role, following `links.next`.
     */
    iterateAccountUsers(
      accountId: string,
      query?: PageQuery,
      options?: CallOptions,
    ): AsyncGenerator<AccountUserRole> {
      return paginate<AccountUserRole>(http, {
        operation: 'account_permissions.index',
        path: path`/v4/accounts/${accountId}/users`,
        query: { ...query },
        ...callExtras(options),
      });
    },
  };
}

export type UsersResource = ReturnType<typeof usersResource>;
