import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { LOCAL_DEFAULTS } from '../../local/stack.ts';

let counter = 0;
export const messageSid = () => `SM${(Date.now().toString(16) + (counter += 1).toString(16)).padStart(32, '0')}`;

/** Posts a form-encoded webhook as Twilio does, signed with the real twilio helper (or a chosen signature). */
export async function postTwilio(
  baseUrl: string,
  path: string,
  params: Record<string, string>,
  options: { authToken?: string; signature?: string; publicBaseUrl?: string } = {},
) {
  const body = { AccountSid: LOCAL_DEFAULTS.TWILIO_ACCOUNT_SID, ...params };
  const url = `${options.publicBaseUrl ?? baseUrl}${path}`;
  const signature = options.signature ?? getExpectedTwilioSignature(options.authToken ?? LOCAL_DEFAULTS.TWILIO_AUTH_TOKEN, url, body);
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
    body: new URLSearchParams(body).toString(),
  });
}

export const inboundSms = (baseUrl: string, from: string, text: string, extra: Record<string, string> = {}) =>
  postTwilio(baseUrl, '/webhooks/twilio/sms', { From: from, To: LOCAL_DEFAULTS.TWILIO_FROM_NUMBER, Body: text, MessageSid: messageSid(), ...extra });
