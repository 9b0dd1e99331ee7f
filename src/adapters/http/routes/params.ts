import type { CoreDeps } from '#app/deps';
import type { DashboardDeps } from '#use-cases/dashboard';
import type { HttpEvent } from '../../http.ts';

export const SESSION_ID = '([0-9a-f-]{36})';

export const query = (event: HttpEvent, name: string) => event.queryStringParameters?.[name]?.trim() || undefined;

/**
 * A query parameter that is a whole number, written in plain decimal digits; anything else ("1e1", "0x1f", "+5", "3.0")
 * is NaN, for the use case to refuse in its own words. Absent: the fallback.
 */
export function wholeNumberQuery(event: HttpEvent, name: string, fallback: number): number {
  const value = query(event, name);
  if (value === undefined) return fallback;
  return /^\d{1,6}$/.test(value) ? Number(value) : Number.NaN;
}

export const dashboardDeps = (deps: CoreDeps): DashboardDeps => ({
  sessions: deps.sessions,
  contacts: deps.contacts,
  clock: deps.clock,
  settings: { phoneRegion: deps.config.phoneRegion, retentionDays: deps.config.retentionDays },
});
