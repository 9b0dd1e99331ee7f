import { linkKeys, type CoreDeps } from '#app/deps';
import { InvalidLinkError, NotFoundError } from '#domain/errors';
import { LINK_LIFETIME_DAYS, verifyAckLink, type LinkPurpose } from '#domain/links';
import { acknowledgeEscalation, escalationToAcknowledge, openEscalations } from '#use-cases/escalations';
import { unsubscribeEmail } from '#use-cases/unsubscribe';
import { bodyText, json, requireBearer, type HttpEvent, type HttpResult } from '../../http.ts';
import { linkPage } from '../pages.ts';
import type { Route } from '../router.ts';
import { SESSION_ID } from './params.ts';

const escalationFromToken = (deps: CoreDeps, token: string | undefined) => {
  const named = verifyAckLink(linkKeys(deps.config), token, deps.clock.now());
  if (!named) throw new InvalidLinkError('acknowledge');
  return named;
};

/** What a person who opens a link that no longer works is told, and what to do instead. */
const NO_LONGER_WORKS: Record<LinkPurpose, string> = {
  unsubscribe:
    `This unsubscribe link no longer works (links in our emails work for ${LINK_LIFETIME_DAYS.unsubscribe} days). ` +
    'To stop aftercare emails, reply to any of them with the word STOP, or call the practice.',
  acknowledge:
    `This acknowledgement link no longer works (links in alerts work for ${LINK_LIFETIME_DAYS.acknowledge} days). ` +
    'Open the Aftercare page to see and acknowledge open escalations, or reply OK to the alert text.',
  // Reply addresses are not links on a page: nobody opens one in a browser.
  reply: 'This link no longer works.',
};

/** A link page, or a page that says plainly that the link no longer works. */
const linkRoute =
  (handle: Route<CoreDeps>['handle']): Route<CoreDeps>['handle'] =>
  async (deps, event, params): Promise<HttpResult> => {
    try {
      return await handle(deps, event, params);
    } catch (error) {
      if (!(error instanceof InvalidLinkError)) throw error;
      return linkPage('Link no longer works', NO_LONGER_WORKS[error.purpose], undefined, 400);
    }
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
    handle: linkRoute(async (deps, event) => {
      const oneClick = /List-Unsubscribe=One-Click/i.test(bodyText(event));
      await unsubscribeEmail({ ...deps, linkKeys: linkKeys(deps.config) }, token(event), oneClick ? 'one-click' : 'link');
      return linkPage('Unsubscribed', 'You are unsubscribed: no more aftercare emails will be sent to this address.');
    }),
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
    handle: linkRoute(async (deps, event) => {
      const { sessionId, escalationId } = escalationFromToken(deps, token(event));
      const view = await escalationToAcknowledge(deps, sessionId, escalationId);
      if (view.acknowledged) return linkPage('Acknowledged', `Already acknowledged (${view.clientName}).`);
      return linkPage('Acknowledge', `${view.urgent ? 'URGENT: ' : ''}${view.clientName} needs a call.`, {
        action: `/escalations/ack?t=${encodeURIComponent(token(event) as string)}`,
        button: 'Acknowledge: I am handling it',
      });
    }),
  },
  {
    method: 'POST',
    path: /^\/escalations\/ack$/,
    handle: linkRoute(async (deps, event) => {
      const { sessionId, escalationId } = escalationFromToken(deps, token(event));
      const escalation = await acknowledged(deps, sessionId, escalationId, 'link');
      return linkPage('Acknowledged', `Acknowledged: ${escalation.clientName}. No more reminders for this reply.`);
    }),
  },
];
