import nock from 'nock';
import twilio from 'twilio';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TwilioSmsSender } from '#adapters/twilio-sms-sender';
import { PermanentDeliveryError, TransientDeliveryError } from '#domain/errors';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'test-auth-token-0123456789';
const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;

const sender = (options: ConstructorParameters<typeof TwilioSmsSender>[1]) =>
  new TwilioSmsSender(twilio(ACCOUNT, TOKEN), options);

const form = (body: string) => Object.fromEntries(new URLSearchParams(body));

/** A Twilio-shaped JSON answer. Content-Length is set as Twilio sets it: without it, nock keeps a keep-alive response open. */
const answer = (status: number, payload: object): [number, string, Record<string, string>] => {
  const body = JSON.stringify(payload);
  return [status, body, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) }];
};

beforeAll(() => {
  nock.disableNetConnect();
});

afterEach(() => {
  nock.cleanAll();
});

describe('TwilioSmsSender', () => {
  it('posts the text to the Messages resource with basic auth, the Messaging Service and the status callback', async () => {
    let seen: { body: Record<string, string>; auth?: string } | undefined;
    nock('https://api.twilio.com')
      .post(MESSAGES)
      .reply(function (_uri, body) {
        seen = { body: form(body as string), auth: this.req.headers.authorization as string };
        return answer(201, { sid: 'SM0123456789abcdef0123456789abcdef', status: 'queued' });
      });

    const result = await sender({
      sender: { messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' },
      statusCallbackUrl: 'https://api.example.com/webhooks/twilio/status',
    }).send({ to: '+13105550142', body: 'Hi Jordan, drink water.' });

    expect(result.providerId).toBe('SM0123456789abcdef0123456789abcdef');
    expect(seen?.body).toEqual({
      To: '+13105550142',
      Body: 'Hi Jordan, drink water.',
      MessagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      StatusCallback: 'https://api.example.com/webhooks/twilio/status',
    });
    expect(seen?.auth).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
  });

  it('uses a From number when no Messaging Service is configured', async () => {
    let body: Record<string, string> = {};
    nock('https://api.twilio.com')
      .post(MESSAGES)
      .reply((_uri, raw) => {
        body = form(raw as string);
        return answer(201, { sid: 'SMabc' });
      });
    await sender({ sender: { from: '+15005550006' } }).send({ to: '+13105550142', body: 'x' });
    expect(body).toEqual({ To: '+13105550142', Body: 'x', From: '+15005550006' });
  });

  it('turns a 429 throttle into a transient error (retried later)', async () => {
    nock('https://api.twilio.com').post(MESSAGES).reply(...answer(429, { code: 20429, message: 'Too Many Requests', status: 429 }));
    await expect(sender({ sender: { from: '+15005550006' } }).send({ to: '+13105550142', body: 'x' })).rejects.toBeInstanceOf(
      TransientDeliveryError,
    );
  });

  it('turns a 500 into a transient error', async () => {
    nock('https://api.twilio.com').post(MESSAGES).reply(...answer(503, { code: 20500, message: 'Service Unavailable', status: 503 }));
    await expect(sender({ sender: { from: '+15005550006' } }).send({ to: '+13105550142', body: 'x' })).rejects.toBeInstanceOf(
      TransientDeliveryError,
    );
  });

  it('turns an invalid number into a permanent failure with the Twilio code', async () => {
    nock('https://api.twilio.com')
      .post(MESSAGES)
      .reply(...answer(400, { code: 21211, message: "The 'To' number is not a valid phone number.", status: 400 }));
    const error = await sender({ sender: { from: '+15005550006' } })
      .send({ to: '+1555', body: 'x' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PermanentDeliveryError);
    expect((error as PermanentDeliveryError).reason).toBe('twilio: error 21211');
    expect((error as PermanentDeliveryError).optedOut).toBe(false);
  });

  it('reports error 21610 (the recipient replied STOP) as an opt-out', async () => {
    nock('https://api.twilio.com')
      .post(MESSAGES)
      .reply(...answer(400, { code: 21610, message: 'Attempt to send to unsubscribed recipient', status: 400 }));
    const error = await sender({ sender: { from: '+15005550006' } })
      .send({ to: '+13105550142', body: 'x' })
      .catch((e: unknown) => e);
    expect((error as PermanentDeliveryError).optedOut).toBe(true);
  });
});
