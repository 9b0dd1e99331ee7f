import { publicSettings, type CoreDeps } from '#app/deps';
import { clientSessions, listClients } from '#use-cases/clients';
import { conversation } from '#use-cases/dashboard';
import { checkHealth } from '#use-cases/health';
import { json, type HttpEvent } from '../../http.ts';
import { serveWebAsset, STATIC_ASSET, webManifest } from '../../web-assets.ts';
import { requireTherapist } from '../guard.ts';
import type { Route } from '../router.ts';
import { dashboardDeps, query, wholeNumberQuery } from './params.ts';

/** The paging parameters of a list: `limit` (absent: the use case's default) and `cursor`. */
const paging = (event: HttpEvent) => {
  const cursor = query(event, 'cursor');
  return { ...(cursor ? { cursor } : {}), ...(query(event, 'limit') === undefined ? {} : { limit: wholeNumberQuery(event, 'limit', 20) }) };
};

/** The therapist's page (static, behind its own sign-in), client search, conversations and the health check. */
export const pageRoutes: Route<CoreDeps>[] = [
  { method: 'GET', path: /^\/$/, handle: async () => serveWebAsset('index.html') },
  { method: 'GET', path: STATIC_ASSET, handle: async (_deps, _event, [file]) => serveWebAsset(file as string) },
  { method: 'GET', path: /^\/manifest\.webmanifest$/, handle: async (deps) => webManifest(deps.config.practiceName) },
  {
    method: 'GET',
    path: /^\/clients$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      const q = event.queryStringParameters?.q;
      return json(200, await listClients(dashboardDeps(deps), { ...(q === undefined ? {} : { q }), ...paging(event) }));
    },
  },
  {
    method: 'GET',
    path: /^\/clients\/sessions$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      const phone = query(event, 'phone');
      const email = query(event, 'email');
      return json(200, await clientSessions(dashboardDeps(deps), { ...(phone ? { phone } : {}), ...(email ? { email } : {}), ...paging(event) }));
    },
  },
  {
    method: 'GET',
    path: /^\/conversations$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      const phone = query(event, 'phone');
      const email = query(event, 'email');
      return json(200, await conversation(dashboardDeps(deps), { ...(phone ? { phone } : {}), ...(email ? { email } : {}) }));
    },
  },
  {
    method: 'GET',
    path: /^\/health$/,
    handle: async (deps) => {
      await checkHealth(deps);
      return json(200, { status: 'ok', ...publicSettings(deps.config) });
    },
  },
];
