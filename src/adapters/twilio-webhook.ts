import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import MessagingResponse from 'twilio/lib/twiml/MessagingResponse.js';
import { ForbiddenError } from '#domain/errors';
import { bodyText, header, text, type HttpEvent, type HttpResult } from './http.ts';

export interface TwilioWebhookSettings {
  authToken: string;
  accountSid: string;
  publicBaseUrl: string;
}

/**
 * The URL Twilio signed: the configured public base URL plus the route's path and query. API Gateway puts a
 * named stage in front of the path (`/prod/webhooks/...`); the public base URL already carries it, so it is removed.
 */
export function signedUrl(event: HttpEvent, publicBaseUrl: string): string {
  const stage = event.requestContext.stage;
  const path = stage && stage !== '$default' && event.rawPath.startsWith(`/${stage}/`) ? event.rawPath.slice(stage.length + 1) : event.rawPath;
  return `${publicBaseUrl}${path}${event.rawQueryString ? `?${event.rawQueryString}` : ''}`;
}

/**
 * Checks X-Twilio-Signature with the twilio package and that the request is for our account;
 * returns the form parameters, or throws ForbiddenError before anything is read or written.
 */
export function verifyTwilioRequest(event: HttpEvent, settings: TwilioWebhookSettings): Record<string, string> {
  const signature = header(event, 'x-twilio-signature');
  if (!signature) throw new ForbiddenError('Missing X-Twilio-Signature');
  const params = Object.fromEntries(new URLSearchParams(bodyText(event)));
  if (!validateRequest(settings.authToken, signature, signedUrl(event, settings.publicBaseUrl), params)) {
    throw new ForbiddenError('Invalid X-Twilio-Signature');
  }
  if (params.AccountSid !== settings.accountSid) throw new ForbiddenError('Request is for another Twilio account');
  return params;
}

/** TwiML built by the twilio package: `<Response/>`, or one `<Message>` with the reply. */
export function twiml(reply?: string): HttpResult {
  const response = new MessagingResponse();
  if (reply) response.message(reply);
  return text(200, response.toString(), 'text/xml; charset=utf-8');
}
