/**
 * Realtime change notifications, per organization. Services publish after their transaction
 * commits; the SSE route subscribes. In-process on SQLite; across processes on PostgreSQL
 * (LISTEN/NOTIFY), so an event published by the worker reaches browsers connected to the web role.
 */
export interface RealtimeEvent {
  type: string;
  data: Record<string, unknown>;
}

export type Listener = (event: RealtimeEvent) => void;

export interface EventBus {
  publish(orgId: string, event: RealtimeEvent): Promise<void>;
  subscribe(orgId: string, listener: Listener): () => void;
  close(): Promise<void>;
}

export class InProcessEventBus implements EventBus {
  private readonly listeners = new Map<string, Set<Listener>>();

  async publish(orgId: string, event: RealtimeEvent): Promise<void> {
    this.deliver(orgId, event);
  }

  /** Also used by the PostgreSQL bus to hand a NOTIFY to local listeners. */
  deliver(orgId: string, event: RealtimeEvent): void {
    for (const listener of this.listeners.get(orgId) ?? []) {
      try {
        listener(event);
      } catch {
        // One broken subscriber (a closed socket) must not stop delivery to the others.
      }
    }
  }

  subscribe(orgId: string, listener: Listener): () => void {
    let set = this.listeners.get(orgId);
    if (!set) {
      set = new Set();
      this.listeners.set(orgId, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      // Only drop the org's entry if it is still this set: after a double unsubscribe a newer set
      // of listeners may have taken its place.
      if (set.size === 0 && this.listeners.get(orgId) === set) this.listeners.delete(orgId);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
  }
}
