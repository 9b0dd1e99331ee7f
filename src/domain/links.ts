import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens for links that act without a sign-in (email unsubscribe, escalation acknowledgement).
 * The token carries its subject in base64url and an HMAC-SHA256 of purpose and subject, so a link cannot be
 * forged or reused for another purpose.
 */
export type LinkPurpose = 'unsubscribe' | 'acknowledge';

const mac = (secret: string, purpose: LinkPurpose, subject: string) =>
  createHmac('sha256', secret).update(`${purpose}\n${subject}`).digest('base64url');

export function signLink(secret: string, purpose: LinkPurpose, subject: string): string {
  return `${Buffer.from(subject, 'utf8').toString('base64url')}.${mac(secret, purpose, subject)}`;
}

/** The subject of a valid token, or undefined when it is malformed or its signature does not match. */
export function verifyLink(secret: string, purpose: LinkPurpose, token: string): string | undefined {
  const [encoded, signature, ...rest] = token.split('.');
  if (!encoded || !signature || rest.length > 0) return undefined;
  const subject = Buffer.from(encoded, 'base64url').toString('utf8');
  const expected = Buffer.from(mac(secret, purpose, subject));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? subject : undefined;
}

/** Where links point and what signs them. */
export interface LinkSettings {
  publicBaseUrl: string;
  linkSecret: string;
}

/**
 * The signed unsubscribe link of a session's emails. It names the session, not the address, so no email address
 * ends up in a URL (and so in access logs).
 */
export const unsubscribeUrl = (settings: LinkSettings, sessionId: string) =>
  `${settings.publicBaseUrl}/unsubscribe?t=${signLink(settings.linkSecret, 'unsubscribe', sessionId)}`;

/** The link in the therapist's notification that acknowledges one escalation. */
export const ackUrl = (settings: LinkSettings, e: { sessionId: string; id: string }) =>
  `${settings.publicBaseUrl}/escalations/ack?t=${signLink(settings.linkSecret, 'acknowledge', `${e.sessionId}/${e.id}`)}`;

/** The escalation an acknowledgement token names, or undefined when the token is not valid. */
export function verifyAckLink(secret: string, token: string | undefined): { sessionId: string; escalationId: string } | undefined {
  const subject = token ? verifyLink(secret, 'acknowledge', token) : undefined;
  const [sessionId, escalationId, ...rest] = subject?.split('/') ?? [];
  return sessionId && escalationId && rest.length === 0 ? { sessionId, escalationId } : undefined;
}
