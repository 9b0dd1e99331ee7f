/**
 * Structured logging as the domain sees it; Powertools' Logger fits this shape.
 * Never put a phone number, email address or message text in a log line: log ids, steps, statuses and reasons.
 */
export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

export const silentLog: Log = { info: () => {}, warn: () => {}, error: () => {} };
