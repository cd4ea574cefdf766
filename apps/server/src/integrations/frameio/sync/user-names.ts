import {
  type FrameioClient,
  FrameioNotFoundError,
  FrameioPermissionError,
  FrameioUnsupportedError,
} from '@preroll/frameio';
import type { FrameioConnectionView } from '../connection/connection-access.ts';
import type { FrameioDeps } from '../frameio-deps.ts';
import { frameioRepos } from '../repositories/frameio-repos.ts';

/** A found name is good for a day (people rarely rename themselves); "not listed" for an hour. */
const NAME_TTL_MS = 24 * 3_600_000;
const UNKNOWN_TTL_MS = 3_600_000;

/**
 * Who a Frame.io user is, by the id a webhook carries (docs/frameio-api-notes.md, "Users and
 * names"): the connected user through `GET /v4/me`, anyone else through the account's user list
 * (`GET /v4/accounts/{account_id}/users`), cached per organization (`frameio_user_names`). One
 * listing caches every member it pages through, so a team of reviewers costs one listing a day.
 * A user the list does not hold (a share reviewer outside the account) or a listing Frame.io
 * refuses gives null: the caller credits "Frame.io".
 */
export class FrameioUserNames {
  constructor(private readonly deps: FrameioDeps) {}

  async nameOf(
    orgId: string,
    frameioUserId: string,
    client: FrameioClient,
    conn: FrameioConnectionView,
  ): Promise<string | null> {
    const names = frameioRepos(this.deps.store).userNames;
    const now = this.deps.clock.now();
    const cached = await names.find(orgId, frameioUserId);
    if (cached) {
      const age = now.getTime() - Date.parse(cached.fetched_at);
      if (age < (cached.name === null ? UNKNOWN_TTL_MS : NAME_TTL_MS)) return cached.name;
    }
    const fetchedAt = now.toISOString();
    const remember = (id: string, name: string | null) =>
      names.put({ org_id: orgId, frameio_user_id: id, name, fetched_at: fetchedAt });
    try {
      if (frameioUserId === conn.row.frameio_user_id) {
        const me = await client.users.me();
        await remember(frameioUserId, me.name);
        return me.name;
      }
      if (!conn.accountId) return cached?.name ?? null;
      let found: string | null = null;
      for await (const entry of client.users.iterateAccountUsers(conn.accountId, { page_size: 100 })) {
        if (!entry.user.id || !entry.user.name) continue;
        await remember(entry.user.id, entry.user.name);
        if (entry.user.id === frameioUserId) found = entry.user.name;
      }
      if (found === null) await remember(frameioUserId, null);
      return found;
    } catch (err) {
      // Who may list an account's users is not documented: a refusal leaves the event uncredited.
      if (
        err instanceof FrameioPermissionError ||
        err instanceof FrameioNotFoundError ||
        err instanceof FrameioUnsupportedError
      )
        return cached?.name ?? null;
      throw err;
    }
  }
}
