import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The per-session Reply-To address of a client's emails: `reply+<session>.<mac>@<reply domain>`. The MAC covers the
 * session and the client's address, so the address cannot be guessed from a session id, and it names the one client
 * it was sent to. It does not expire: a client may answer a week-old email.
 *
 * The MAC is 20 lower-case hex digits (80 bits): the local part stays within 64 characters and survives mail systems
 * that lower-case addresses.
 */
const MAC_DIGITS = 20;
const PATTERN = /^reply\+([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(?:\.([0-9a-f]{20}))?@/i;

const mac = (secret: string, sessionId: string, clientEmail: string) =>
  createHmac('sha256', secret).update(`reply-address\n${sessionId.toLowerCase()}\n${clientEmail.toLowerCase()}`).digest('hex').slice(0, MAC_DIGITS);

export function replyAddress(secret: string, domain: string, sessionId: string, clientEmail: string): string {
  return `reply+${sessionId}.${mac(secret, sessionId, clientEmail)}@${domain}`;
}

/** What an address names: a session and its MAC (absent on addresses sent before they were signed), or nothing. */
export function parseReplyAddress(address: string): { sessionId: string; mac?: string } | undefined {
  const match = PATTERN.exec(address);
  if (!match) return undefined;
  const [, sessionId, given] = match as unknown as [string, string, string | undefined];
  return given ? { sessionId: sessionId.toLowerCase(), mac: given.toLowerCase() } : { sessionId: sessionId.toLowerCase() };
}

/** Whether the MAC was made, with one of the secrets, for this session and this client address. */
export function replyAddressMatches(secrets: readonly string[], named: { sessionId: string; mac?: string }, clientEmail: string): boolean {
  if (!named.mac) return false;
  const given = Buffer.from(named.mac);
  return secrets.some((secret) => {
    const expected = Buffer.from(mac(secret, named.sessionId, clientEmail));
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}
