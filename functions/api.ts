import { powertoolsLog } from '#adapters/powertools-log';
import { errorResponse, header, json, jsonBody, requireBearer, text, bodyText, type HttpEvent, type HttpResult } from '#adapters/http';
import { linkSecret, publicSettings, sessionDeps, type CoreDeps } from '#app/deps';
import { cancelSession, enterSession, getSession } from '#use-cases/sessions';
import { unsubscribeEmail } from '#use-cases/unsubscribe';
import { acknowledgeEscalation } from '#use-cases/escalations';
import { verifyAckLink } from '#domain/links';
import { escapeHtml } from '#domain/templates';
import { NotFoundError, ValidationError } from '#domain/errors';
import { conversation, findClients, recentSessions, type DashboardDeps } from '#use-cases/dashboard';
import { serveWebAsset } from '#adapters/web-assets';
import { dispatch, type Route } from './commons/router.ts';
import { awsCoreDeps } from '#app/aws';

const SESSION_ID = '([0-9a-f-]{36})';

/** A one-button page for signed links: a GET never changes anything (mail scanners open links), the button POSTs. */
const linkPage = (title: string, message: string, form?: { action: string; button: string }) =>
  text(
    200,
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
      `<title>${title}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">` +
      `<p>${message}</p>` +
      (form ? `<form method="post" action="${form.action}"><button type="submit">${form.button}</button></form>` : '') +
      `</body></html>`,
    'text/html; charset=utf-8',
  );

const escalationFromToken = (deps: CoreDeps, token: string | undefined) => {
  const named = verifyAckLink(linkSecret(deps.config), token);
  if (!named) throw new ValidationError([{ field: 't', message: 'is not a valid acknowledgement link' }]);
  return named;
};

const dashboardDeps = (deps: CoreDeps): DashboardDeps => ({
  sessions: deps.sessions,
  clock: deps.clock,
  settings: { phoneRegion: deps.config.phoneRegion, retentionDays: deps.config.retentionDays },
});

const query = (event: HttpEvent, name: string) => event.queryStringParameters?.[name]?.trim() || undefined;

const routes: Route<CoreDeps>[] = [
  // The therapist's page (web/): static files, behind its own sign-in; every data call below needs the token.
  { method: 'GET', path: /^\/$/, handle: async () => serveWebAsset('index.html') },
  { method: 'GET', path: /^\/(app\.js|app\.css|icon\.svg)$/, handle: async (_deps, _event, [file]) => serveWebAsset(file as string) },
  {
    method: 'GET',
    path: /^\/sessions$/,
    handle: async (deps, event) => {
      requireBearer(event, deps.config.apiToken);
      return json(200, { sessions: await recentSessions(dashboardDeps(deps), Number(query(event, 'days') ?? 3)) });
    },
  },
  {
    method: 'GET',
    path: /^\/clients$/,
    handle: async (deps, event) => {
      requireBearer(event, deps.config.apiToken);
      return json(200, { clients: await findClients(dashboardDeps(deps), query(event, 'q') ?? '') });
    },
  },
  {
    method: 'GET',
    path: /^\/conversations$/,
    handle: async (deps, event) => {
      requireBearer(event, deps.config.apiToken);
      const phone = query(event, 'phone');
      const email = query(event, 'email');
      return json(200, await conversation(dashboardDeps(deps), { ...(phone ? { phone } : {}), ...(email ? { email } : {}) }));
    },
  },
  {
    method: 'GET',
    path: /^\/health$/,
    handle: async (deps) => {
      await deps.contacts.get([{ channel: 'email', address: 'health-check' }]);
      return json(200, { status: 'ok', ...publicSettings(deps.config) });
    },
  },
  {
    method: 'POST',
    path: /^\/sessions$/,
    handle: async (deps, event) => {
      requireBearer(event, deps.config.apiToken);
      const key = header(event, 'idempotency-key')?.trim();
      if (key && !/^[\x21-\x7e]{1,255}$/.test(key)) {
        throw new ValidationError([{ field: 'Idempotency-Key', message: 'must be 1 to 255 printable ASCII characters without spaces' }]);
      }
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
      return linkPage(
        'Unsubscribe',
        'Stop receiving aftercare emails from this practice?',
        token ? { action: `/unsubscribe?t=${encodeURIComponent(token)}`, button: 'Unsubscribe from aftercare emails' } : undefined,
      );
    },
  },
  {
    // The button on that page, and RFC 8058 one-click (List-Unsubscribe-Post) from the mailbox provider.
    method: 'POST',
    path: /^\/unsubscribe$/,
    handle: async (deps, event) => {
      const oneClick = /List-Unsubscribe=One-Click/i.test(bodyText(event));
      await unsubscribeEmail({ ...deps, linkSecret: linkSecret(deps.config) }, event.queryStringParameters?.t, oneClick ? 'one-click' : 'link');
      return linkPage('Unsubscribed', 'You are unsubscribed: no more aftercare emails will be sent to this address.');
    },
  },
  {
    method: 'GET',
    path: /^\/escalations$/,
    handle: async (deps, event) => {
      requireBearer(event, deps.config.apiToken);
      return json(200, { escalations: await deps.escalations.listOpen() });
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/sessions/${SESSION_ID}/escalations/${SESSION_ID}/ack$`),
    handle: async (deps, event, [sessionId, escalationId]) => {
      requireBearer(event, deps.config.apiToken);
      const escalation = await acknowledgeEscalation(deps, sessionId as string, escalationId as string, 'api');
      if (!escalation) throw new NotFoundError('No such escalation');
      return json(200, escalation);
    },
  },
  {
    // The link in the therapist's notification.
    method: 'GET',
    path: /^\/escalations\/ack$/,
    handle: async (deps, event) => {
      const token = event.queryStringParameters?.t;
      const { sessionId, escalationId } = escalationFromToken(deps, token);
      const escalation = await deps.escalations.get(sessionId, escalationId);
      if (!escalation) throw new NotFoundError('No such escalation');
      if (escalation.status !== 'open') return linkPage('Acknowledged', `Already acknowledged (${escapeHtml(escalation.clientName)}).`);
      return linkPage('Acknowledge', `${escalation.urgent ? 'URGENT: ' : ''}${escapeHtml(escalation.clientName)} needs a call.`, {
        action: `/escalations/ack?t=${encodeURIComponent(token as string)}`,
        button: 'Acknowledge: I am handling it',
      });
    },
  },
  {
    method: 'POST',
    path: /^\/escalations\/ack$/,
    handle: async (deps, event) => {
      const { sessionId, escalationId } = escalationFromToken(deps, event.queryStringParameters?.t);
      const escalation = await acknowledgeEscalation(deps, sessionId, escalationId, 'link');
      if (!escalation) throw new NotFoundError('No such escalation');
      return linkPage('Acknowledged', `Acknowledged: ${escapeHtml(escalation.clientName)}. No more reminders for this reply.`);
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
