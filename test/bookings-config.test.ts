import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configFromEnv, parseConfig } from '#config';

const practice = JSON.parse(readFileSync('aftercare.config.json', 'utf8')) as Record<string, unknown>;
const base = { ...practice, publicBaseUrl: 'https://aftercare.example' };

describe('the booking sources\' configuration', () => {
  it('reads every key from its environment variable, JSON ones parsed', () => {
    const config = parseConfig({
      ...base,
      ...configFromEnv({
        BOOKINGS_WEBHOOK_SECRET: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
        BOOKINGS_CONSENT: '{"statement":"Agreed when booking","version":"b-1"}',
        SQUARE_ACCESS_TOKEN: 'EAAAtoken123',
        SQUARE_SERVICE_MODALITIES: '{"SV1":"deep tissue"}',
        SQUARE_ENVIRONMENT: 'production',
        ICS_FEED_URL: 'webcal://calendar.example/secret.ics',
        ICS_POLL_MINUTES: '15',
      }),
    });
    expect(config).toMatchObject({
      bookingsWebhookSecret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      bookingsConsent: { statement: 'Agreed when booking', version: 'b-1' },
      squareAccessToken: 'EAAAtoken123',
      squareServiceModalities: { SV1: 'deep tissue' },
      squareEnvironment: 'production',
      icsFeedUrl: 'webcal://calendar.example/secret.ics',
      icsPollMinutes: 15,
    });
  });

  it('stops the start naming each bad key: a secret without whsec_, a consent without a version, a feed that is not http', () => {
    let message = '';
    try {
      parseConfig({ ...base, bookingsWebhookSecret: 'MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', bookingsConsent: '{"statement":"x"}', icsFeedUrl: 'ftp://calendar.example/a.ics' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/bookingsWebhookSecret \(BOOKINGS_WEBHOOK_SECRET\): must be whsec_ followed by a base64 key/);
    expect(message).toMatch(/bookingsConsent\.version .*: is required: the version stored with each consent/);
    expect(message).toMatch(/icsFeedUrl \(ICS_FEED_URL\): must be an http\(s\) or webcal URL/);
  });
});
