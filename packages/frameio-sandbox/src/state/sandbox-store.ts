import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SeedSpec } from '../sandbox-types.ts';
import type { SandboxClock } from './clock.ts';
import { SEED_IDS } from './seed.ts';
import type { AccountRec, FieldDefinitionRec, SandboxState } from './state-types.ts';

export interface SandboxEvent {
  type: string;
  account_id: string;
  workspace_id: string;
  project_id: string | null;
  resource: { id: string; type: string };
  /** every event names the user who caused it (the token's user) */
  user_id: string;
}

export type EventListener = (e: SandboxEvent) => void;

function emptyState(): SandboxState {
  return {
    seq: 0,
    users: {},
    accounts: {},
    memberships: [],
    workspaces: {},
    projects: {},
    assets: {},
    comments: {},
    fieldDefinitions: {},
    metadataValues: {},
    shares: {},
    webhooks: {},
    clients: {},
    tokens: {},
    signing_key: randomBytes(32).toString('hex'),
  };
}

/** In-memory state with optional JSON persistence (saved shortly after each change). */
export class SandboxStore {
  state: SandboxState = emptyState();
  private listeners: EventListener[] = [];
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly clock: SandboxClock,
    private readonly seed: SeedSpec,
    private readonly statePath: string | undefined,
  ) {
    if (statePath && this.tryLoad(statePath)) return;
    this.applySeed();
  }

  nextSeq(): number {
    this.state.seq += 1;
    return this.state.seq;
  }

  newId(): string {
    return randomUUID();
  }

  onEvent(l: EventListener): void {
    this.listeners.push(l);
  }

  emit(e: SandboxEvent): void {
    for (const l of this.listeners) l(e);
  }

  reset(): void {
    this.state = emptyState();
    this.applySeed();
    this.changed();
  }

  /** Call after every mutation; persistence is debounced so bursts write once. */
  changed(): void {
    if (!this.statePath || this.saveTimer) return;
    this.saveTimer = setTimeout(() => {
      this.saveTimer = null;
      this.saveNow();
    }, 50);
    this.saveTimer.unref();
  }

  saveNow(): void {
    if (!this.statePath) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    mkdirSync(dirname(this.statePath), { recursive: true });
    const tmp = `${this.statePath}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state));
    renameSync(tmp, this.statePath);
  }

  private tryLoad(path: string): boolean {
    try {
      this.state = { ...emptyState(), ...(JSON.parse(readFileSync(path, 'utf8')) as SandboxState) };
      return true;
    } catch {
      return false;
    }
  }

  addAccount(id: string, displayName: string): AccountRec {
    const now = this.clock.iso();
    const acc: AccountRec = {
      id,
      display_name: displayName,
      created_at: now,
      updated_at: now,
      storage_limit: null,
    };
    this.state.accounts[id] = acc;
    this.addStatusField(id, id === this.seed.account.id);
    return acc;
  }

  private applySeed(): void {
    const s = this.state;
    const now = this.clock.iso();
    for (const u of this.seed.users) {
      s.users[u.id] = {
        id: u.id,
        name: u.name,
        email: u.email,
        adobe_user_id: u.adobe_user_id,
        avatar_url: null,
      };
    }
    const owner = this.seed.users.find((u) => u.role === 'owner') ?? this.seed.users[0];
    this.addAccount(this.seed.account.id, this.seed.account.display_name);
    for (const u of this.seed.users) {
      s.memberships.push({ account_id: this.seed.account.id, user_id: u.id, role: u.role });
    }
    s.workspaces[this.seed.workspace.id] = {
      id: this.seed.workspace.id,
      account_id: this.seed.account.id,
      name: this.seed.workspace.name,
      creator_id: owner?.id ?? '',
      created_at: now,
      updated_at: now,
    };
    for (const c of this.seed.clients) {
      s.clients[c.client_id] = {
        client_id: c.client_id,
        client_secret: c.client_secret,
        redirect_uris: [...c.redirect_uris],
        name: c.name ?? c.client_id,
        service_user_id: owner?.id ?? null,
      };
    }
  }

  /**
   * The review "Status" select field (frameio-api-notes.md, "Status field": name and options
   * UNCONFIRMED, a choice). The seeded account gets the stable ids from SEED_IDS; other accounts
   * get fresh ones.
   */
  private addStatusField(accountId: string, stable: boolean): FieldDefinitionRec {
    const now = this.clock.iso();
    const o = SEED_IDS.statusOptions;
    const id = stable ? SEED_IDS.statusFieldId : randomUUID();
    const creator = this.state.memberships.find((m) => m.account_id === accountId)?.user_id;
    const def: FieldDefinitionRec = {
      id,
      account_id: accountId,
      name: 'Status',
      field_type: 'select',
      mutable: true,
      creator_id: creator ?? this.seed.users[0]?.id ?? randomUUID(),
      created_at: now,
      updated_at: now,
      seq: this.nextSeq(),
      field_configuration: {
        enable_add_new: false,
        options: [
          { id: stable ? o.needsReview : randomUUID(), display_name: 'Needs Review', color: '#f5a623' },
          { id: stable ? o.inProgress : randomUUID(), display_name: 'In Progress', color: '#4a90e2' },
          { id: stable ? o.approved : randomUUID(), display_name: 'Approved', color: '#7ed321' },
        ],
      },
    };
    this.state.fieldDefinitions[id] = def;
    return def;
  }
}
