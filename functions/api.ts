import { powertoolsLog } from '#adapters/powertools-log';
import { errorResponse, header, json, jsonBody, requireBearer, text, bodyText, type HttpEvent, type HttpResult } from '#adapters/http';
import { linkSecret, publicSettings, sessionDeps, type CoreDeps } from '#app/deps';
import { cancelSession, enterSession, getSession } from '#use-cases/sessions';
import { unsubscribeEmail } from '#use-cases/unsubscribe';
import { dispatch, type Route } from './commons/router.ts';
import { awsCoreDeps } from './commons/aws.ts';

const SESSION_ID = '([0-9a-f-]{36})';

const unsubscribePage = (message: string, token?: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
  `<title>Unsubscribe</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
  `<p>${message}</p>` +
  (token
    ? `<form method="post" action="/unsubscribe?t=${encodeURIComponent(token)}"><button type="submit">Unsubscribe from aftercare emails</button></form>`
    : '') +
  `</body></html>`;

const routes: Route<CoreDeps>[] = [
  {
    method: 'GET',
    path: /^\/health$/,
    handle: async (deps) => {
      await deps.repo.getContacts([{ channel: 'email', address: 'health-check' }]);
      return json(200, { status: 'ok', ...publicSettings(deps.config) });
    },
  },
  {
    method: 'POST',
    path: /^\/sessions$/,
    handle: async (deps, event) => {
      requireBearer(event, deps.config.apiToken);
      const key = header(event, 'idempotency-key')?.trim();
      const result = await enterSession(sessionDeps(deps), jsonBody(event), key || undefined);
      return json(result.created ? 201 : 200, result.session, { location: `/sessions/${result.session.id}` });
    },
  },
  {
    method: 'GET',
    path: new RegExp(`^/sessions/${SESSION_ID}$`),
    handle: async (deps, event, [id]) => {
      requireBearer(event, deps.config.apiToken);
      return json(200, await getSession(deps, id as string));
    },
  },
  {
    method: 'DELETE',
    path: new RegExp(`^/sessions/${SESSION_ID}$`),
    handle: async (deps, event, [id]) => {
      requireBearer(event, deps.config.apiToken);
      return json(200, await cancelSession(deps, id as string));
    },
  },
  {
    // The link in the email: a page with a button, so that mail scanners that open links do not unsubscribe anyone.
    method: 'GET',
    path: /^\/unsubscribe$/,
    handle: async (_deps, event) => {
      const token = event.queryStringParameters?.t;
      return text(200, unsubscribePage('Stop receiving aftercare emails from this practice?', token), 'text/html; charset=utf-8');
    },
  },
  {
    // The button on that page, and RFC 8058 one-click (List-Unsubscribe-Post) from the mailbox provider.
    method: 'POST',
    path: /^\/unsubscribe$/,
    handle: async (deps, event) => {
      const oneClick = /List-Unsubscribe=One-Click/i.test(bodyText(event));
      await unsubscribeEmail({ ...deps, linkSecret: linkSecret(deps.config) }, event.queryStringParameters?.t, oneClick ? 'one-click' : 'link');
      return text(200, unsubscribePage('You are unsubscribed: no more aftercare emails will be sent to this address.'), 'text/html; charset=utf-8');
    },
  },
];

/** The therapist API and public links, behind API Gateway. Export for the local stack and tests. */
export const createApiHandler =
  (getDeps: () => Promise<CoreDeps>) =>
  async (event: HttpEvent): Promise<HttpResult> => {
    let deps: CoreDeps | undefined;
    try {
      deps = await getDeps();
      return await dispatch(routes, deps, event);
    } catch (error) {
      return errorResponse(error, deps?.log ?? powertoolsLog());
    }
  };

export const handler = createApiHandler(awsCoreDeps);
