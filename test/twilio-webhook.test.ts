import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import { describe, expect, it } from 'vitest';
import { signedUrl, twiml, verifyTwilioRequest } from '#adapters/twilio-webhook';
import { ForbiddenError } from '#domain/errors';
import type { HttpEvent } from '#adapters/http';

const settings = { authToken: 'twilio-auth-token-for-tests', accountSid: 'AC0123456789abcdef0123456789abcdef', publicBaseUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/prod' };
const params = { AccountSid: settings.accountSid, From: '+13105550142', Body: 'sharp pain & more', MessageSid: 'SM0123456789abcdef0123456789abcdef' };

const event = (options: { stage: string; rawPath: string; base64?: boolean; signature?: string; body?: string }): HttpEvent => {
  const form = options.body ?? new URLSearchParams(params).toString();
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: options.rawPath,
    rawQueryString: '',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(options.signature === undefined ? {} : { 'x-twilio-signature': options.signature }) },
    requestContext: { stage: options.stage, http: { method: 'POST', path: options.rawPath } } as HttpEvent['requestContext'],
    body: options.base64 ? Buffer.from(form).toString('base64') : form,
    isBase64Encoded: Boolean(options.base64),
  };
};

const goodSignature = getExpectedTwilioSignature(settings.authToken, `${settings.publicBaseUrl}/webhooks/twilio/sms`, params);

describe('verifyTwilioRequest', () => {
  it('accepts a signed request behind a named API Gateway stage with a base64 body', () => {
    const e = event({ stage: 'prod', rawPath: '/prod/webhooks/twilio/sms', base64: true, signature: goodSignature });
    expect(signedUrl(e, settings.publicBaseUrl)).toBe(`${settings.publicBaseUrl}/webhooks/twilio/sms`);
    expect(verifyTwilioRequest(e, settings)).toMatchObject({ Body: 'sharp pain & more' });
  });

  it('accepts the $default stage, where the path has no stage prefix', () => {
    const base = 'https://abc.execute-api.us-east-1.amazonaws.com';
    const signature = getExpectedTwilioSignature(settings.authToken, `${base}/webhooks/twilio/sms`, params);
    const e = event({ stage: '$default', rawPath: '/webhooks/twilio/sms', signature });
    expect(verifyTwilioRequest(e, { ...settings, publicBaseUrl: base }).From).toBe('+13105550142');
  });

  it('refuses a missing signature, a wrong one, a tampered body and another account', () => {
    const path = { stage: 'prod', rawPath: '/prod/webhooks/twilio/sms' };
    expect(() => verifyTwilioRequest(event({ ...path }), settings)).toThrow(ForbiddenError);
    expect(() => verifyTwilioRequest(event({ ...path, signature: 'AAAA' }), settings)).toThrow(ForbiddenError);
    const tampered = new URLSearchParams({ ...params, Body: 'all good' }).toString();
    expect(() => verifyTwilioRequest(event({ ...path, signature: goodSignature, body: tampered }), settings)).toThrow(ForbiddenError);
    const other = { ...params, AccountSid: 'AC11111111111111111111111111111111' };
    const signature = getExpectedTwilioSignature(settings.authToken, `${settings.publicBaseUrl}/webhooks/twilio/sms`, other);
    expect(() => verifyTwilioRequest(event({ ...path, signature, body: new URLSearchParams(other).toString() }), settings)).toThrow(
      'another Twilio account',
    );
  });
});

describe('twiml', () => {
  it('answers an empty Response when there is nothing to say, and escapes the reply', () => {
    expect(twiml().body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect(twiml('a < b & c').body).toBe('<?xml version="1.0" encoding="UTF-8"?><Response><Message>a &lt; b &amp; c</Message></Response>');
    expect(twiml().headers?.['content-type']).toMatch(/^text\/xml/);
  });
});
