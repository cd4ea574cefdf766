import type { DatabaseHandle } from '../db/database.ts';
import { type EventBus, InProcessEventBus } from '../realtime/event-bus.ts';
import { PostgresEventBus } from './postgres-event-bus.ts';

/**
 * The realtime bus for a database: on SQLite everything runs in one process (or a worker process
 * whose events stay local to it), so an in-process bus; on PostgreSQL, LISTEN/NOTIFY so events
 * cross between web and worker processes.
 */
export function createEventBus(
  database: DatabaseHandle,
  opts: { onError?: (err: unknown) => void } = {},
): EventBus {
  if (database.dialect === 'postgres' && database.postgresUrl) {
    return new PostgresEventBus({
      db: database.db,
      connectionString: database.postgresUrl,
      onError: opts.onError,
    });
  }
  return new InProcessEventBus();
}
