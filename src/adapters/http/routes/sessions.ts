import { ValidationError } from '#domain/errors';
import { sessionDeps, type CoreDeps } from '#app/deps';
import { sessionHistory } from '#use-cases/clients';
import { recentSessions } from '#use-cases/dashboard';
import { editSession, restoreSession } from '#use-cases/session-edits';
import { cancelSession, enterSession, getSession } from '#use-cases/sessions';
import { header, json, jsonBody, type HttpEvent } from '../../http.ts';
import { requireTherapist } from '../guard.ts';
import type { Route } from '../router.ts';
import { dashboardDeps, query, SESSION_ID, wholeNumberQuery } from './params.ts';

const idempotencyKey = (event: HttpEvent): string | undefined => {
  const key = header(event, 'idempotency-key')?.trim();
  if (key && !/^[\x21-\x7e]{1,255}$/.test(key)) {
    throw new ValidationError([{ field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters without spaces' }]);
  }
  return key || undefined;
};

/** Asks for the history (any date, paged) rather than the last `days` days. */
const asksForHistory = (event: HttpEvent) => !query(event, 'days') && ['before', 'limit', 'cursor'].some((name) => query(event, name) !== undefined);

/** /sessions: the therapist's sessions (Bearer). */
export const sessionRoutes: Route<CoreDeps>[] = [
  {
    method: 'GET',
    path: /^\/sessions$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      if (asksForHistory(event)) {
        const before = query(event, 'before');
        const cursor = query(event, 'cursor');
        const limit = query(event, 'limit') === undefined ? undefined : wholeNumberQuery(event, 'limit', 20);
        return json(200, await sessionHistory(dashboardDeps(deps), { ...(before ? { before } : {}), ...(cursor ? { cursor } : {}), ...(limit === undefined ? {} : { limit }) }));
      }
      return json(200, { sessions: await recentSessions(dashboardDeps(deps), wholeNumberQuery(event, 'days', 3)) });
    },
  },
  {
    method: 'POST',
    path: /^\/sessions$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      const result = await enterSession(sessionDeps(deps), jsonBody(event), idempotencyKey(event));
      const body = result.duplicateOf ? { ...result.session, duplicateOf: result.duplicateOf, message: result.message } : result.session;
      return json(result.created ? 201 : 200, body, { location: `/sessions/${result.session.id}` });
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/sessions/${SESSION_ID}$`),
    handle: async (deps, event, [id]) => {
      await requireTherapist(deps, event);
      return json(200, await getSession(deps, id as string));
    },
  },
  {
    method: 'DELETE',
    path: new RegExp(`^/sessions/${SESSION_ID}$`),
    handle: async (deps, event, [id]) => {
      await requireTherapist(deps, event);
      return json(200, await cancelSession(deps, id as string));
    },
  },
  {
    method: 'PATCH',
    path: new RegExp(`^/sessions/${SESSION_ID}$`),
    handle: async (deps, event, [id]) => {
      await requireTherapist(deps, event);
      return json(200, await editSession(sessionDeps(deps), id as string, jsonBody(event)));
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/sessions/${SESSION_ID}/restore$`),
    handle: async (deps, event, [id]) => {
      await requireTherapist(deps, event);
      return json(200, await restoreSession(deps, id as string));
    },
  },
];
