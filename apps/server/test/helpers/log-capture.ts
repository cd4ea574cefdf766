import type { TestApp } from './test-app.ts';

export interface LogEntry {
  details: Record<string, unknown>;
  message: string;
}

/**
 * Test apps run with logging off. This records what the app logs at warn level from now on, for
 * tests whose promise is that a raw error goes to the log and not into a response.
 */
export function captureWarnings(app: TestApp): LogEntry[] {
  const entries: LogEntry[] = [];
  const log = app.preroll.app.log as unknown as { warn: (details: unknown, message?: string) => void };
  log.warn = (details, message) => {
    entries.push({ details: details as Record<string, unknown>, message: message ?? '' });
  };
  return entries;
}
