import { errorResponse, type HttpEvent, type HttpResult } from '#adapters/http';
import { answerFor, dispatch } from '#adapters/http/router';
import { notFoundPage, wantsPage } from '#adapters/http/pages';
import { pageRoutes } from '#adapters/http/routes/page';
import { linkRoutes } from '#adapters/http/routes/links';
import { sessionRoutes } from '#adapters/http/routes/sessions';
import { bookingRoutes } from '#adapters/http/routes/bookings';
import { inboxRoutes, type ApiDeps } from '#adapters/http/routes/inbox';
import { authRoutes } from '#adapters/http/routes/auth';
import { powertoolsLog } from '#adapters/powertools-log';
import { awsCoreDeps } from '#app/aws';
import type { CoreDeps } from '#app/deps';
import { sesEmailSender } from '#app/aws-email';
import { lambdaSmsRelay } from '#app/aws-replies';
import { once } from '#app/memoise';
import { NotFoundError } from '#domain/errors';

/** Every route of the API, by resource (src/adapters/http/routes/); each calls one use case. */
const routes = [...pageRoutes, ...inboxRoutes, ...sessionRoutes, ...linkRoutes, ...authRoutes, ...bookingRoutes];

/** The therapist API and public links, behind API Gateway. Export for the local stack and tests. */
export const createApiHandler =
  (getDeps: () => Promise<ApiDeps>) =>
  async (event: HttpEvent): Promise<HttpResult> => {
    let deps: ApiDeps | undefined;
    try {
      deps = await getDeps();
      return await dispatch(routes, deps, event);
    } catch (error) {
      // A browser that follows a broken or mistyped address gets a page; API clients keep getting JSON.
      if (error instanceof NotFoundError && wantsPage(event)) return answerFor(event, notFoundPage(deps?.config.practiceName ?? 'Aftercare', event.rawPath));
      return answerFor(event, errorResponse(error, deps?.log ?? powertoolsLog()));
    }
  };

/** Answers from the page go by SES, and by text through the notifier (which alone carries the Twilio client). */
const depsFor = once((core: CoreDeps): ApiDeps => ({ ...core, sms: lambdaSmsRelay(core.config), email: sesEmailSender(core.config) }));

export const handler = createApiHandler(async () => depsFor(await awsCoreDeps()));
