import { linkSecret, type CoreDeps } from '#app/deps';
import { NotFoundError, ValidationError } from '#domain/errors';
import { verifyAckLink } from '#domain/links';
import { acknowledgeEscalation, escalationToAcknowledge, openEscalations } from '#use-cases/escalations';
import { unsubscribeEmail } from '#use-cases/unsubscribe';
import { bodyText, json, requireBearer, type HttpEvent } from '../../http.ts';
import { linkPage } from '../pages.ts';
import type { Route } from '../router.ts';
import { SESSION_ID } from './params.ts';

const escalationFromToken = (deps: CoreDeps, token: string | undefined) => {
  const named = verifyAckLink(linkSecret(deps.config), token);
  if (!named) throw new ValidationError([{ field: 't', message: 'is not a valid acknowledgement link' }]);
  return named;
};

const acknowledged = async (deps: CoreDeps, sessionId: string, escalationId: string, via: string) => {
  const escalation = await acknowledgeEscalation(deps, sessionId, escalationId, via);
  if (!escalation) throw new NotFoundError('No such escalation');
  return escalation;
};

const token = (event: HttpEvent) => event.queryStringParameters?.t;

/** Escalations (Bearer) and the signed links in messages: unsubscribe, acknowledge. */
export const linkRoutes: Route<CoreDeps>[] = [
  {
    // The link in the email: a page with a button, so that mail scanners that open links do not unsubscribe anyone.
    method: 'GET',
    path: /^\/unsubscribe$/,
    handle: async (_deps, event) => {
      const t = token(event);
      return linkPage(
        'Unsubscribe',
        'Stop receiving aftercare emails from this practice?',
        t ? { action: `/unsubscribe?t=${encodeURIComponent(t)}`, button: 'Unsubscribe from aftercare emails' } : undefined,
      );
    },
  },
  {
    // The button on that page, and RFC 8058 one-click (List-Unsubscribe-Post) from the mailbox provider.
    method: 'POST',
    path: /^\/unsubscribe$/,
    handle: async (deps, event) => {
      const oneClick = /List-Unsubscribe=One-Click/i.test(bodyText(event));
      await unsubscribeEmail({ ...deps, linkSecret: linkSecret(deps.config) }, token(event), oneClick ? 'one-click' : 'link');
      return linkPage('Unsubscribed', 'You are unsubscribed: no more aftercare emails will be sent to this address.');
    },
  },
  {
    method: 'GET',
    path: /^\/escalations$/,
    handle: async (deps, event) => {
      requireBearer(event, deps.config.apiToken);
      return json(200, { escalations: await openEscalations(deps) });
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/sessions/${SESSION_ID}/escalations/${SESSION_ID}/ack$`),
    handle: async (deps, event, [sessionId, escalationId]) => {
      requireBearer(event, deps.config.apiToken);
      return json(200, await acknowledged(deps, sessionId as string, escalationId as string, 'api'));
    },
  },
  {
    // The link in the therapist's notification.
    method: 'GET',
    path: /^\/escalations\/ack$/,
    handle: async (deps, event) => {
      const { sessionId, escalationId } = escalationFromToken(deps, token(event));
      const view = await escalationToAcknowledge(deps, sessionId, escalationId);
      if (view.acknowledged) return linkPage('Acknowledged', `Already acknowledged (${view.clientName}).`);
      return linkPage('Acknowledge', `${view.urgent ? 'URGENT: ' : ''}${view.clientName} needs a call.`, {
        action: `/escalations/ack?t=${encodeURIComponent(token(event) as string)}`,
        button: 'Acknowledge: I am handling it',
      });
    },
  },
  {
    method: 'POST',
    path: /^\/escalations\/ack$/,
    handle: async (deps, event) => {
      const { sessionId, escalationId } = escalationFromToken(deps, token(event));
      const escalation = await acknowledged(deps, sessionId, escalationId, 'link');
      return linkPage('Acknowledged', `Acknowledged: ${escalation.clientName}. No more reminders for this reply.`);
    },
  },
];
