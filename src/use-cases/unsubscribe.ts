import { verifyLink, type LinkKeys } from '#domain/links';
import { InvalidLinkError } from '#domain/errors';
import type { Clock } from '#domain/time';
import type { Log } from '#ports/log';
import type { ContactStore } from '#ports/contact-store';
import type { SessionStore } from '#ports/session-store';
import type { Session } from '#domain/model';

type UnsubscribeDeps = { sessions: Pick<SessionStore, 'get'>; contacts: ContactStore; clock: Clock; log: Log; linkKeys: LinkKeys };

/**
 * Where a link's address stands: `subscribed`, `unsubscribed` already (by this link, a complaint or anything else),
 * or `gone` (the session is past its retention, so there is nothing left to unsubscribe); and whether the client
 * also gets texts, which this link does not stop.
 */
export interface UnsubscribeState {
  state: 'subscribed' | 'unsubscribed' | 'gone';
  texts: boolean;
  /** The client's language, for the page's words. */
  language: 'en' | 'es';
}

const sessionOf = async (deps: UnsubscribeDeps, token: string | undefined) => {
  const sessionId = token ? verifyLink(deps.linkKeys, 'unsubscribe', token, deps.clock.now()) : undefined;
  if (!sessionId) throw new InvalidLinkError('unsubscribe');
  return { sessionId, session: await deps.sessions.get(sessionId) };
};

async function stateOf(deps: UnsubscribeDeps, session: Session | undefined): Promise<UnsubscribeState> {
  const email = session?.client.email;
  const language = session?.client.language ?? 'en';
  if (!session || !email) return { state: 'gone', texts: false, language };
  const [contact] = await deps.contacts.get([{ channel: 'email', address: email }]);
  return { state: contact?.optedOut ? 'unsubscribed' : 'subscribed', texts: Boolean(session.client.phone && session.consent.sms.granted), language };
}

/** What the unsubscribe link's page shows before its button is pressed (a GET changes nothing). */
export async function unsubscribeState(deps: UnsubscribeDeps, token: string | undefined): Promise<UnsubscribeState> {
  return stateOf(deps, (await sessionOf(deps, token)).session);
}

/**
 * Opts an email address out through a signed unsubscribe link (the link in the email or the
 * List-Unsubscribe-Post one-click request); answers the state it was in before. A forged or damaged token, or a
 * second visit, changes nothing.
 */
export async function unsubscribeEmail(deps: UnsubscribeDeps, token: string | undefined, source: 'link' | 'one-click'): Promise<UnsubscribeState> {
  const { sessionId, session } = await sessionOf(deps, token);
  const before = await stateOf(deps, session);
  // A session past its retention is gone; the link then has nothing left to unsubscribe.
  if (session?.client.email && before.state === 'subscribed') {
    await deps.contacts.setOptOut('email', session.client.email, true, `unsubscribe-${source}`, deps.clock.now());
  }
  deps.log.info('email opted out', { source, sessionId, already: before.state === 'unsubscribed' });
  return before;
}
