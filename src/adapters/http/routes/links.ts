import { linkKeys, type CoreDeps } from '#app/deps';
import { ConflictError, InvalidLinkError, NotFoundError } from '#domain/errors';
import { parseAcknowledgeRequest, type AcknowledgeRequest, type AcknowledgeVia } from '#domain/escalation';
import { LINK_LIFETIME_DAYS, verifyAckLink, type LinkPurpose } from '#domain/links';
import { acknowledgeEscalation, escalationToAcknowledge, openEscalations } from '#use-cases/escalations';
import { unsubscribeEmail, unsubscribeState, type UnsubscribeState } from '#use-cases/unsubscribe';
import { bodyText, json, jsonBody, type HttpEvent, type HttpResult } from '../../http.ts';
import { linkPage, type LinkPageContent } from '../pages.ts';
import { requireTherapist } from '../guard.ts';
import type { Route } from '../router.ts';
import { SESSION_ID } from './params.ts';

const escalationFromToken = (deps: CoreDeps, token: string | undefined) => {
  const named = verifyAckLink(linkKeys(deps.config), token, deps.clock.now());
  if (!named) throw new InvalidLinkError('acknowledge');
  return named;
};

/** What a person who opens a link that no longer works (expired, cut off, altered) is told, and what to do instead. */
const NO_LONGER_WORKS: Record<LinkPurpose, string> = {
  unsubscribe:
    `This unsubscribe link no longer works: it may be incomplete, or older than ${LINK_LIFETIME_DAYS.unsubscribe} days. ` +
    'To stop aftercare emails, reply to any of them with the word STOP, or call the practice.',
  acknowledge:
    `This acknowledgement link no longer works: it may be incomplete, or older than ${LINK_LIFETIME_DAYS.acknowledge} days. ` +
    'Open the Aftercare page to see and acknowledge open escalations, or reply OK to the alert text.',
  // Reply addresses are not links on a page: nobody opens one in a browser.
  reply: 'This link no longer works.',
};

/** A link page in the practice's name, at the path it answers. */
const page = (deps: CoreDeps, event: HttpEvent, content: Omit<LinkPageContent, 'practice'>) =>
  linkPage(event.rawPath, { practice: deps.config.practiceName, ...content });

/** A link page, or a page that says plainly that the link no longer works. */
const linkRoute =
  (handle: Route<CoreDeps>['handle']): Route<CoreDeps>['handle'] =>
  async (deps, event, params): Promise<HttpResult> => {
    try {
      return await handle(deps, event, params);
    } catch (error) {
      if (!(error instanceof InvalidLinkError)) throw error;
      return page(deps, event, { title: 'This link no longer works', tone: 'broken', lines: [NO_LONGER_WORKS[error.purpose]], status: 400 });
    }
  };

/** The unsubscribe page's words, in the client's language. */
const UNSUBSCRIBE_WORDS = {
  en: {
    title: 'Unsubscribe',
    alreadyTitle: 'Already unsubscribed',
    doneTitle: 'Unsubscribed',
    ask: (practice: string) => `Stop receiving aftercare emails from ${practice}?`,
    button: 'Unsubscribe from aftercare emails',
    texts: 'This stops emails only. Aftercare texts are separate: to stop them, reply STOP to any of our texts.',
    maybeTexts: 'This stops emails only. If you also get texts from us, reply STOP to any of them to stop those.',
    done: 'You are unsubscribed: no more aftercare emails will be sent to this address.',
    already: 'You are already unsubscribed: no aftercare emails are sent to this address.',
    gone: 'There is nothing left to unsubscribe: we no longer keep the details this link was for, and no more aftercare emails will come from it.',
  },
  es: {
    title: 'Dejar de recibir correos',
    alreadyTitle: 'Ya no recibes correos',
    doneTitle: 'Listo',
    ask: (practice: string) => `¿Dejar de recibir los correos de cuidado después del masaje de ${practice}?`,
    button: 'Dejar de recibir estos correos',
    texts: 'Esto solo detiene los correos. Los mensajes de texto son aparte: para no recibirlos, responde STOP o PARAR a cualquiera de ellos.',
    maybeTexts: 'Esto solo detiene los correos. Si también recibes mensajes de texto, responde STOP o PARAR a cualquiera de ellos.',
    done: 'Listo: ya no enviaremos más correos de cuidado después del masaje a esta dirección.',
    already: 'Ya no recibes nuestros correos: no se envían correos de cuidado después del masaje a esta dirección.',
    gone: 'No queda nada que cancelar: ya no guardamos los datos de este enlace, y no llegarán más correos por él.',
  },
} as const;

/** Texts are separate from emails: what the unsubscribe page says about them. */
const textsLine = (state: UnsubscribeState) => (state.texts ? UNSUBSCRIBE_WORDS[state.language].texts : UNSUBSCRIBE_WORDS[state.language].maybeTexts);

const acknowledged = async (deps: CoreDeps, sessionId: string, escalationId: string, via: AcknowledgeVia, request: AcknowledgeRequest) => {
  const result = await acknowledgeEscalation(deps, sessionId, escalationId, {
    via,
    by: deps.config.therapistName,
    ...(request.outcome ? { outcome: request.outcome } : {}),
    ...(request.note ? { note: request.note } : {}),
    ...(request.round !== undefined ? { seenRound: request.round } : {}),
  });
  if (!result) throw new NotFoundError('No such escalation');
  return result;
};

/** The API's body is optional: no body acknowledges with the default outcome. */
const apiRequest = (event: HttpEvent): AcknowledgeRequest => parseAcknowledgeRequest(bodyText(event).trim() === '' ? {} : jsonBody(event));

/** The link page's form (`outcome=skip&note=…`); the button of a page from before the choice posts nothing. */
const formRequest = (event: HttpEvent, round: number | undefined): AcknowledgeRequest => {
  const form = new URLSearchParams(bodyText(event));
  const outcome = form.get('outcome');
  const note = form.get('note')?.trim();
  return parseAcknowledgeRequest({ ...(outcome ? { outcome } : {}), ...(note ? { note } : {}), ...(round !== undefined ? { round } : {}) });
};

const OUTCOME_WORDS = {
  resume: 'Their automated follow-ups resume as gentle check-ins ("How are you feeling now?").',
  skip: 'The rest of their automated follow-ups are skipped.',
} as const;

const token = (event: HttpEvent) => event.queryStringParameters?.t;

/** Escalations (Bearer) and the signed links in messages: unsubscribe, acknowledge. */
export const linkRoutes: Route<CoreDeps>[] = [
  {
    // The link in the email: a page with a button, so that mail scanners that open links do not unsubscribe anyone.
    method: 'GET',
    path: /^\/unsubscribe$/,
    handle: linkRoute(async (deps, event) => {
      const t = token(event);
      const state = await unsubscribeState({ ...deps, linkKeys: linkKeys(deps.config) }, t);
      const words = UNSUBSCRIBE_WORDS[state.language];
      const lang = state.language;
      if (state.state === 'unsubscribed') return page(deps, event, { title: words.alreadyTitle, tone: 'done', lines: [words.already, textsLine(state)], lang });
      if (state.state === 'gone') return page(deps, event, { title: words.title, lines: [words.gone, textsLine(state)], lang });
      return page(deps, event, {
        title: words.title,
        lines: [words.ask(deps.config.practiceName), textsLine(state)],
        form: { action: `unsubscribe?t=${encodeURIComponent(t as string)}`, button: words.button },
        lang,
      });
    }),
  },
  {
    // The button on that page, and RFC 8058 one-click (List-Unsubscribe-Post) from the mailbox provider.
    method: 'POST',
    path: /^\/unsubscribe$/,
    handle: linkRoute(async (deps, event) => {
      const oneClick = /List-Unsubscribe=One-Click/i.test(bodyText(event));
      const before = await unsubscribeEmail({ ...deps, linkKeys: linkKeys(deps.config) }, token(event), oneClick ? 'one-click' : 'link');
      const words = UNSUBSCRIBE_WORDS[before.language];
      const done = before.state === 'unsubscribed' ? words.already : before.state === 'gone' ? words.gone : words.done;
      return page(deps, event, { title: before.state === 'unsubscribed' ? words.alreadyTitle : words.doneTitle, tone: 'done', lines: [done, textsLine(before)], lang: before.language });
    }),
  },
  {
    method: 'GET',
    path: /^\/escalations$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      return json(200, { escalations: await openEscalations(deps) });
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/sessions/${SESSION_ID}/escalations/${SESSION_ID}/ack$`),
    handle: async (deps, event, [sessionId, escalationId]) => {
      await requireTherapist(deps, event);
      const request = apiRequest(event);
      const result = await acknowledged(deps, sessionId as string, escalationId as string, 'api', request);
      if (result.unseen) {
        throw new ConflictError(`${result.escalation.clientName} wrote again after the reply you read: read the newest reply, then acknowledge again.`);
      }
      return json(200, result.escalation);
    },
  },
  {
    // The link in the therapist's notification.
    method: 'GET',
    path: /^\/escalations\/ack$/,
    handle: linkRoute(async (deps, event) => {
      const { sessionId, escalationId, round } = escalationFromToken(deps, token(event));
      const view = await escalationToAcknowledge(deps, sessionId, escalationId);
      if (view.acknowledged) return page(deps, event, { title: 'Already acknowledged', tone: 'done', lines: [`Already acknowledged (${view.clientName}).`] });
      const newer = round !== undefined && round < view.newsRound ? ' They wrote again after this alert; a newer alert is on its way.' : '';
      const suggested = (outcome: 'resume' | 'skip') => (view.outcome === outcome ? ' (suggested)' : '');
      return page(deps, event, {
        title: view.urgent ? 'Urgent: acknowledge' : 'Acknowledge',
        lines: [`${view.urgent ? 'URGENT: ' : ''}${view.clientName} needs a call.${newer} Once you are handling it, acknowledge and choose what happens to their automated follow-ups.`],
        form: {
          action: `escalations/ack?t=${encodeURIComponent(token(event) as string)}`,
          button: 'Acknowledge: I am handling it',
          note: 'Note for the session (optional)',
          choices: [
            { name: 'outcome', value: 'resume', label: `Acknowledge, resume follow-ups as gentle check-ins${suggested('resume')}` },
            { name: 'outcome', value: 'skip', label: `Acknowledge, skip the rest of the follow-ups${suggested('skip')}` },
          ],
        },
      });
    }),
  },
  {
    method: 'POST',
    path: /^\/escalations\/ack$/,
    handle: linkRoute(async (deps, event) => {
      const { sessionId, escalationId, round } = escalationFromToken(deps, token(event));
      const { escalation, unseen } = await acknowledged(deps, sessionId, escalationId, 'link', formRequest(event, round));
      if (unseen) {
        return page(deps, event, {
          title: 'Not acknowledged yet',
          tone: 'broken',
          lines: [`${escalation.clientName} wrote again after this alert. Read the newer alert (it is on its way), then acknowledge from it or from the Aftercare page.`],
          status: 409,
        });
      }
      const outcome = escalation.outcome ? ` ${OUTCOME_WORDS[escalation.outcome]}` : '';
      return page(deps, event, { title: 'Acknowledged', tone: 'done', lines: [`Acknowledged: ${escalation.clientName}. No more reminders for this reply.${outcome}`] });
    }),
  },
];
