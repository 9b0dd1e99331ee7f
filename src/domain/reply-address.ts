import { createHmac, timingSafeEqual } from 'node:crypto';
import type { LinkKey } from './links.ts';

/**
 * The per-session Reply-To address of a client's emails: `reply+<session>.<mac>@<reply domain>`. The MAC covers the
 * session and the client's address, so the address cannot be guessed from a session id, and it names the one client
 * it was sent to. It does not expire (a client may answer a week-old email); it is signed with the current link key,
 * and a retired key still verifies it for 90 days (`verifyingKeys(keys, 'reply', now)`).
 *
 * The MAC is 20 lower-case hex digits (80 bits): the local part stays within 64 characters and survives mail systems
 * that lower-case addresses. It carries no key id (there is no room): each verifying key is tried.
 */
const MAC_DIGITS = 20;
const PATTERN = /^reply\+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\.([0-9a-f]{20}))?@/i;

const mac = (key: LinkKey, sessionId: string, clientEmail: string) =>
  createHmac('sha256', key.key).update(`reply\n${key.id}\n${sessionId.toLowerCase()}\n${clientEmail.toLowerCase()}`).digest('hex').slice(0, MAC_DIGITS);

export function replyAddress(key: LinkKey, domain: string, sessionId: string, clientEmail: string): string {
  return `reply+${sessionId}.${mac(key, sessionId, clientEmail)}@${domain}`;
}

/** What an address names: a session and its MAC (absent on addresses sent before they were signed), or nothing. */
export function parseReplyAddress(address: string): { sessionId: string; mac?: string } | undefined {
  const match = PATTERN.exec(address);
  if (!match) return undefined;
  const [, sessionId, given] = match as unknown as [string, string, string | undefined];
  return given ? { sessionId: sessionId.toLowerCase(), mac: given.toLowerCase() } : { sessionId: sessionId.toLowerCase() };
}

/** Whether the MAC was made, with one of the keys, for this session and this client address. */
export function replyAddressMatches(keys: readonly LinkKey[], named: { sessionId: string; mac?: string }, clientEmail: string): boolean {
  if (!named.mac) return false;
  const given = Buffer.from(named.mac);
  return keys.some((key) => {
    const expected = Buffer.from(mac(key, named.sessionId, clientEmail));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
