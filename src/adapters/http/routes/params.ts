import type { CoreDeps } from '#app/deps';
import type { DashboardDeps } from '#use-cases/dashboard';
import type { HttpEvent } from '../../http.ts';

export const SESSION_ID = '([0-9a-f-]{36})';

export const query = (event: HttpEvent, name: string) => event.queryStringParameters?.[name]?.trim() || undefined;

export const dashboardDeps = (deps: CoreDeps): DashboardDeps => ({
  sessions: deps.sessions,
  clock: deps.clock,
  settings: { phoneRegion: deps.config.phoneRegion, retentionDays: deps.config.retentionDays },
});
