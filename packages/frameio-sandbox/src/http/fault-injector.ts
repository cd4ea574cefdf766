import { setTimeout as sleep } from 'node:timers/promises';

/**
 * Faults per operation id (or `*` for all), set through the control API: a status to answer
 * with at a rate (0..1) or for the next `count` requests, and/or added latency.
 */
export interface FaultSpec {
  operation: string;
  status?: 429 | 500 | 502 | 503;
  rate?: number;
  count?: number;
  latencyMs?: number;
}

export class FaultInjector {
  private faults = new Map<string, FaultSpec & { remaining?: number }>();

  set(f: FaultSpec): void {
    if (f.rate !== undefined && (f.rate < 0 || f.rate > 1)) throw new Error('rate must be within 0..1');
    this.faults.set(f.operation, { ...f, remaining: f.count });
  }

  clear(operation?: string): void {
    if (operation) this.faults.delete(operation);
    else this.faults.clear();
  }

  list(): FaultSpec[] {
    return [...this.faults.values()].map(({ remaining, ...f }) => ({
      ...f,
      ...(remaining !== undefined ? { count: remaining } : {}),
    }));
  }

  /** Applies latency, then returns the status to fail with (or null). */
  async apply(operationId: string): Promise<number | null> {
    const f = this.faults.get(operationId) ?? this.faults.get('*');
    if (!f) return null;
    if (f.latencyMs) await sleep(f.latencyMs);
    if (!f.status) return null;
    if (f.remaining !== undefined) {
      if (f.remaining <= 0) return null;
      f.remaining -= 1;
      return f.status;
    }
    return Math.random() < (f.rate ?? 1) ? f.status : null;
  }
}

export const FAULT_DETAIL: Record<number, string> = {
  429: 'Too many requests',
  500: 'Internal server error',
  502: 'Bad gateway',
  503: 'Service unavailable',
};
