import { publicSettings, type CoreDeps } from '#app/deps';
import { conversation, findClients } from '#use-cases/dashboard';
import { checkHealth } from '#use-cases/health';
import { json } from '../../http.ts';
import { serveWebAsset } from '../../web-assets.ts';
import { requireTherapist } from '../guard.ts';
import type { Route } from '../router.ts';
import { dashboardDeps, query } from './params.ts';

/** The therapist's page (static, behind its own sign-in), client search, conversations and the health check. */
export const pageRoutes: Route<CoreDeps>[] = [
  { method: 'GET', path: /^\/$/, handle: async () => serveWebAsset('index.html') },
  { method: 'GET', path: /^\/(app\.js|app\.css|icon\.svg)$/, handle: async (_deps, _event, [file]) => serveWebAsset(file as string) },
  {
    method: 'GET',
    path: /^\/clients$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      return json(200, { clients: await findClients(dashboardDeps(deps), query(event, 'q') ?? '') });
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
