import { createHmac, timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { UnauthorizedError } from '#domain/errors';
import { bodyText, header, type HttpEvent } from './http.ts';

/** Standard Webhooks: a timestamp further than this from now is refused (the specification's and library's 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 5 * 60;

const sameText = (a: string, b: string) => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/**
 * Square's `x-square-hmacsha256-signature`: base64 HMAC-SHA256 of the notification URL followed by the raw body,
 * keyed with the subscription's signature key. Compared in constant time (the SDK's WebhooksHelper computes the same
 * value but compares with `===`). Returns the raw body, or throws before anything is read or written.
 */
export function verifySquareRequest(event: HttpEvent, settings: { signatureKey: string; notificationUrl: string }): string {
  const signature = header(event, 'x-square-hmacsha256-signature');
  if (!signature) throw new UnauthorizedError('This request is not signed by Square (no x-square-hmacsha256-signature)');
  const body = bodyText(event);
  const expected = createHmac('sha256', settings.signatureKey).update(settings.notificationUrl + body).digest('base64');
  if (!sameText(signature.trim(), expected)) throw new UnauthorizedError('The Square signature does not match: check the signature key and the notification URL');
  return body;
}

/**
 * A Standard Webhooks request (`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64>`): the signature
 * computed by the `standardwebhooks` package over `id.timestamp.body`, the timestamp checked against our clock (the
 * package's own check reads the system time). Returns the id and the raw body, or throws before anything changes.
 */
export function verifyStandardWebhook(event: HttpEvent, secret: string, now: Date): { webhookId: string; body: string } {
  const webhookId = header(event, 'webhook-id')?.trim();
  const timestamp = header(event, 'webhook-timestamp')?.trim();
  const signatures = header(event, 'webhook-signature')?.trim();
  if (!webhookId || !timestamp || !signatures) {
    throw new UnauthorizedError('This request is not signed: it needs the webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks)');
  }
  const seconds = /^\d{1,12}$/.test(timestamp) ? Number(timestamp) : Number.NaN;
  if (!Number.isFinite(seconds) || Math.abs(now.getTime() / 1000 - seconds) > WEBHOOK_TOLERANCE_SECONDS) {
    throw new UnauthorizedError('The webhook-timestamp is more than 5 minutes from now: sign each delivery when it is sent');
  }
  const body = bodyText(event);
  const expected = new Webhook(secret).sign(webhookId, new Date(seconds * 1000), body).split(',')[1] ?? '';
  const matches = signatures.split(' ').some((versioned) => {
    const [version, signature] = versioned.split(',');
    return version === 'v1' && signature !== undefined && sameText(signature, expected);
  });
  if (!matches) throw new UnauthorizedError('The webhook signature does not match: check the signing secret (bookingsWebhookSecret)');
  return { webhookId, body };
}

/** Signs a body as a Standard Webhooks sender does (the settings view's test event, the demo script). */
export function signStandardWebhook(secret: string, webhookId: string, at: Date, body: string): Record<string, string> {
  return {
    'webhook-id': webhookId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(webhookId, at, body),
  };
}

/** Signs a body as Square does. */
export const signSquare = (signatureKey: string, notificationUrl: string, body: string) =>
  createHmac('sha256', signatureKey).update(notificationUrl + body).digest('base64');
