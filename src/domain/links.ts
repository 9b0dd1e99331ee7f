import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens for what acts without a sign-in: the unsubscribe link in every email, the acknowledge link in the
 * therapist's alert. A token is `<key id>.<expiry>.<subject>.<mac>`: the key id names the key that signed it, the
 * expiry is in Unix seconds, the subject is base64url, and the HMAC-SHA256 covers purpose, key id, expiry and subject,
 * so that none of them can be changed and a token made for one purpose is refused for another.
 *
 * Keys rotate without breaking what was sent: one key signs (the current one); keys retired from signing still
 * verify, each for as long as the longest-lived token it may have signed, counted from when it was retired.
 */
export type LinkPurpose = 'unsubscribe' | 'acknowledge' | 'reply';

/**
 * How long a token works after it is made, by purpose. A reply address (domain/reply-address.ts) has no expiry of
 * its own: its lifetime is how long a retired key still verifies the addresses it signed.
 */
export const LINK_LIFETIME_DAYS: Readonly<Record<LinkPurpose, number>> = { unsubscribe: 90, acknowledge: 7, reply: 90 };

/** Tokens made a little ahead of this clock (another container's) are still accepted. */
const CLOCK_SKEW_SECONDS = 5 * 60;

export interface LinkKey {
  /** Names the key inside each token it signs: letters, digits, `-` and `_`. */
  id: string;
  key: string;
  /** When the key stopped signing (ISO 8601); set on previous keys only. */
  retiredAt?: string;
}

/** The key that signs, and the previous keys that still verify what they signed. */
export interface LinkKeys {
  current: LinkKey;
  previous: LinkKey[];
}

const DAY_MS = 86_400_000;
const lifetimeMs = (purpose: LinkPurpose) => LINK_LIFETIME_DAYS[purpose] * DAY_MS;

/** The HMAC of a token's parts under one key, for one purpose (base64url). */
export const linkMac = (key: LinkKey, purpose: LinkPurpose, parts: readonly string[]): string =>
  createHmac('sha256', key.key).update([purpose, key.id, ...parts].join('\n')).digest('base64url');

/**
 * The keys that may verify a token of `purpose` at `now`: the current one, and each previous one until its
 * retirement plus the purpose's lifetime (after that, nothing it signed can still be valid).
 */
export function verifyingKeys(keys: LinkKeys, purpose: LinkPurpose, now: Date): LinkKey[] {
  const stillValid = (key: LinkKey) => key.retiredAt === undefined || Date.parse(key.retiredAt) + lifetimeMs(purpose) > now.getTime();
  return [keys.current, ...keys.previous.filter(stillValid)];
}

const sameMac = (expected: string, given: string) => {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
};

/** A token for `subject`, signed with the current key, valid for the purpose's lifetime from `now`. */
export function signLink(keys: LinkKeys, purpose: LinkPurpose, subject: string, now: Date): string {
  const expires = String(Math.floor((now.getTime() + lifetimeMs(purpose)) / 1000));
  const encoded = Buffer.from(subject, 'utf8').toString('base64url');
  return [keys.current.id, expires, encoded, linkMac(keys.current, purpose, [expires, subject])].join('.');
}

/**
 * The subject of a token that is well formed, signed by the key its id names (current, or previous and still
 * verifying), for this purpose, and not expired at `now`; otherwise undefined.
 */
export function verifyLink(keys: LinkKeys, purpose: LinkPurpose, token: string, now: Date): string | undefined {
  const [keyId, expires, encoded, mac, ...rest] = token.split('.');
  if (!keyId || !expires || !encoded || !mac || rest.length > 0 || !/^\d{1,12}$/.test(expires)) return undefined;
  const expiresMs = Number(expires) * 1000;
  if (expiresMs <= now.getTime() || expiresMs > now.getTime() + lifetimeMs(purpose) + CLOCK_SKEW_SECONDS * 1000) return undefined;
  const key = verifyingKeys(keys, purpose, now).find((k) => k.id === keyId);
  if (!key) return undefined;
  const subject = Buffer.from(encoded, 'base64url').toString('utf8');
  return sameMac(linkMac(key, purpose, [expires, subject]), mac) ? subject : undefined;
}

/** Where links point and what signs them. */
export interface LinkSettings {
  publicBaseUrl: string;
  linkKeys: LinkKeys;
}

/**
 * The signed unsubscribe link of a session's emails. It names the session, not the address, so no email address
 * ends up in a URL (and so in access logs).
 */
export const unsubscribeUrl = (settings: LinkSettings, sessionId: string, now: Date) =>
  `${settings.publicBaseUrl}/unsubscribe?t=${signLink(settings.linkKeys, 'unsubscribe', sessionId, now)}`;

/**
 * The link in the therapist's notification that acknowledges one escalation, up to the reply it was sent about
 * (its round): a link from an earlier alert does not acknowledge a reply that came after it.
 */
export const ackUrl = (settings: LinkSettings, e: { sessionId: string; id: string; newsRound?: number }, now: Date) =>
  `${settings.publicBaseUrl}/escalations/ack?t=${signLink(settings.linkKeys, 'acknowledge', `${e.sessionId}/${e.id}${e.newsRound ? `/${e.newsRound}` : ''}`, now)}`;

/**
 * The escalation an acknowledgement token names, and the round it was sent in (absent in links from before rounds
 * were named), or undefined when the token is not valid (or has expired).
 */
export function verifyAckLink(
  keys: LinkKeys,
  token: string | undefined,
  now: Date,
): { sessionId: string; escalationId: string; round?: number } | undefined {
  const subject = token ? verifyLink(keys, 'acknowledge', token, now) : undefined;
  const [sessionId, escalationId, round, ...rest] = subject?.split('/') ?? [];
  if (!sessionId || !escalationId || rest.length > 0) return undefined;
  if (round === undefined) return { sessionId, escalationId };
  return /^\d{1,6}$/.test(round) ? { sessionId, escalationId, round: Number(round) } : undefined;
}
