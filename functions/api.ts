import { errorResponse, type HttpEvent, type HttpResult } from '#adapters/http';
import { answerFor, dispatch } from '#adapters/http/router';
import { pageRoutes } from '#adapters/http/routes/page';
import { linkRoutes } from '#adapters/http/routes/links';
import { sessionRoutes } from '#adapters/http/routes/sessions';
import { powertoolsLog } from '#adapters/powertools-log';
import { awsCoreDeps } from '#app/aws';
import type { CoreDeps } from '#app/deps';

/** Every route of the API, by resource (src/adapters/http/routes/); each calls one use case. */
const routes = [...pageRoutes, ...sessionRoutes, ...linkRoutes];

/** The therapist API and public links, behind API Gateway. Export for the local stack and tests. */
export const createApiHandler =
  (getDeps: () => Promise<CoreDeps>) =>
  async (event: HttpEvent): Promise<HttpResult> => {
    let deps: CoreDeps | undefined;
    try {
      deps = await getDeps();
      return await dispatch(routes, deps, event);
    } catch (error) {
      return answerFor(event, errorResponse(error, deps?.log ?? powertoolsLog()));
    }
  };

export const handler = createApiHandler(awsCoreDeps);
