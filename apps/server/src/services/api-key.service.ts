import { type Actor, requireRole } from '../lib/actor.ts';
import type { Clock } from '../lib/clock.ts';
import { notFound } from '../lib/errors.ts';
import { sha256Hex } from '../lib/hash.ts';
import { newId, newToken } from '../lib/ids.ts';
import { accessChangedEvent } from '../realtime/access-events.ts';
import type { EventBus } from '../realtime/event-bus.ts';
import type { Store } from '../repositories/store.ts';

/** API keys: `pr_` + 256 random bits, shown once, stored only as SHA-256. */
export class ApiKeyService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly events: EventBus,
  ) {}

  async create(actor: Actor, name: string) {
    const admin = requireRole(actor, 'admin');
    const key = `pr_${newToken()}`;
    const row = {
      id: newId(),
      org_id: admin.orgId,
      name,
      display_prefix: key.slice(0, 10),
      key_hash: sha256Hex(key),
      created_by: admin.userId,
      last_used_at: null,
      revoked_at: null,
      created_at: this.clock.now().toISOString(),
    };
    await this.store.apiKeys.insert(row);
    const { key_hash: _hash, ...summary } = row;
    return { ...summary, key };
  }

  async list(actor: Actor) {
    const admin = requireRole(actor, 'admin');
    return this.store.apiKeys.listForOrg(admin.orgId);
  }

  async revoke(actor: Actor, id: string) {
    const admin = requireRole(actor, 'admin');
    if (!(await this.store.apiKeys.revoke(admin.orgId, id, this.clock.now().toISOString()))) {
      throw notFound('API key');
    }
    await this.events.publish(admin.orgId, accessChangedEvent({ api_key_id: id }));
  }
}
