import { verifyLink, type LinkKeys } from '#domain/links';
import { InvalidLinkError } from '#domain/errors';
import type { Clock } from '#domain/time';
import type { Log } from '#ports/log';
import type { ContactStore } from '#ports/contact-store';
import type { SessionStore } from '#ports/session-store';

/**
 * Opts an email address out through a signed unsubscribe link (the link in the email or the
 * List-Unsubscribe-Post one-click request). A forged or damaged token changes nothing.
 */
export async function unsubscribeEmail(
  deps: { sessions: Pick<SessionStore, 'get'>; contacts: ContactStore; clock: Clock; log: Log; linkKeys: LinkKeys },
  token: string | undefined,
  source: 'link' | 'one-click',
): Promise<void> {
  const sessionId = token ? verifyLink(deps.linkKeys, 'unsubscribe', token, deps.clock.now()) : undefined;
  if (!sessionId) throw new InvalidLinkError('unsubscribe');
  const session = await deps.sessions.get(sessionId);
  // A session past its retention is gone; the link then has nothing left to unsubscribe.
  if (session?.client.email) {
    await deps.contacts.setOptOut('email', session.client.email, true, `unsubscribe-${source}`, deps.clock.now());
  }
  deps.log.info('email opted out', { source, sessionId });
}
