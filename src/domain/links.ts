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
