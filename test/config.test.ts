import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { configFromEnv, parseConfig, parsePracticeSettings } from '#config';
import { ConfigError } from '#domain/errors';

const example = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL('../aftercare.config.json', import.meta.url), 'utf8')) as Record<string, unknown>;

const runtime = { publicBaseUrl: 'https://aftercare.example.com/', apiToken: 'k3y-0f-at-least-16-chars' };

const valid = (): Record<string, unknown> => ({ ...example(), ...runtime });

/** The message of the ConfigError that `input` raises; fails the test when it raises nothing or something else. */
const failureOf = (input: unknown): string => {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
};

describe('parseConfig', () => {
  it('parses the example practice settings plus the runtime values', () => {
    const config = parseConfig(valid());
    expect(config).toMatchObject({
      practiceName: "Chris O'Hara Massage",
      therapistPhone: '+13108960696',
      timezone: 'America/Los_Angeles',
      sendingHours: { startMinute: 9 * 60, endMinute: 20 * 60 },
      retentionDays: 180,
      consentWordingVersion: '2026-11-v1',
      publicBaseUrl: 'https://aftercare.example.com',
      apiToken: runtime.apiToken,
      tableName: 'aftercare',
    });
  });

  it("reads the therapist's hours from practiceHours (\"10AM-10PM\"), else the sending hours; THERAPIST_HOURS overrides; a digest every 15 min", () => {
    const config = parseConfig(valid());
    expect(config.therapistHours).toEqual({ startMinute: 600, endMinute: 1320 });
    expect(config.replyDigestMinutes).toBe(15);
    expect(parseConfig({ ...valid(), practiceHours: 'by appointment' }).therapistHours).toEqual({ startMinute: 540, endMinute: 1200 });
    expect(parseConfig({ ...valid(), ...configFromEnv({ THERAPIST_HOURS: '8am-4pm', REPLY_DIGEST_MINUTES: '0' }) })).toMatchObject({
      therapistHours: { startMinute: 480, endMinute: 960 },
      replyDigestMinutes: 0,
    });
    expect(failureOf({ ...valid(), therapistHours: 'evenings' })).toMatch(/therapistHours \(THERAPIST_HOURS\): "evenings" must be two times of day/);
    expect(failureOf({ ...valid(), replyDigestMinutes: -1 })).toMatch(/replyDigestMinutes \(REPLY_DIGEST_MINUTES\)/);
  });

  it('fills in the defaults: Los Angeles time, 09:00-20:00, 180 days of retention', () => {
    const input = valid();
    for (const key of ['timezone', 'phoneRegion', 'sendingHours', 'retentionDays', 'escalationRenotifyMinutes']) delete input[key];
    const config = parseConfig(input);
    expect(config.timezone).toBe('America/Los_Angeles');
    expect(config.phoneRegion).toBe('US');
    expect(config.sendingHours).toEqual({ startMinute: 540, endMinute: 1200 });
    expect(config.retentionDays).toBe(180);
    expect(config.escalationRenotifyMinutes).toBe(30);
  });

  it('names the key and its environment variable when practiceName is missing', () => {
    const input = valid();
    delete input.practiceName;
    const message = failureOf(input);
    expect(message).toContain('practiceName');
    expect(message).toContain('PRACTICE_NAME');
  });

  it('names every bad key at once', () => {
    const message = failureOf({ ...valid(), practiceName: '', therapistEmail: 'not-an-email' });
    expect(message).toMatch(/practiceName \(PRACTICE_NAME\)/);
    expect(message).toMatch(/therapistEmail \(THERAPIST_EMAIL\)/);
  });

  it.each([
    ['9-20', '"9" is not a time of day: write hours and minutes on the 24-hour clock, such as 09:00-20:00 (20:00-09:00 sends overnight, 00:00-24:00 at any hour)'],
    ['25:00-26:00', '"25:00" is not a time of day'],
    ['09:00-09:00', '"09:00-09:00" starts and ends at the same time: write 00:00-24:00 to send at any hour'],
  ])('rejects sendingHours %j with a sentence, naming SENDING_HOURS', (sendingHours, sentence) => {
    expect(failureOf({ ...valid(), sendingHours })).toContain(`sendingHours (SENDING_HOURS): ${sentence}`);
  });

  it('accepts sending hours that wrap midnight (20:00-09:00) or cover the whole day (00:00-24:00, 00:00-23:59)', () => {
    expect(parseConfig({ ...valid(), sendingHours: '20:00-09:00' }).sendingHours).toEqual({ startMinute: 1200, endMinute: 540 });
    expect(parseConfig({ ...valid(), ...configFromEnv({ SENDING_HOURS: '00:00-24:00' }) }).sendingHours).toEqual({ startMinute: 0, endMinute: 1440 });
    expect(parseConfig({ ...valid(), sendingHours: '00:00-23:59' }).sendingHours).toEqual({ startMinute: 0, endMinute: 1440 });
  });

  it('rejects a time zone that is not IANA', () => {
    expect(failureOf({ ...valid(), timezone: 'Pacific Time' })).toMatch(/timezone \(TIMEZONE\): must be an IANA time zone/);
  });

  it('rejects an API token shorter than 16 characters', () => {
    expect(failureOf({ ...valid(), apiToken: 'short' })).toMatch(/apiToken \(API_TOKEN\): must be at least 16 characters/);
  });

  it('rejects a therapist phone that is not a real number', () => {
    expect(failureOf({ ...valid(), therapistPhone: '555' })).toMatch(/therapistPhone \(THERAPIST_PHONE\)/);
  });

  it('refuses a therapist phone with an extension: the alerts are texts', () => {
    expect(failureOf({ ...valid(), therapistPhone: '(310) 896-0696 ext. 4' })).toMatch(
      /therapistPhone \(THERAPIST_PHONE\): "\(310\) 896-0696 ext\. 4" has an extension, and a text cannot reach one/,
    );
  });

  it('reads a national therapist phone in the configured phone region', () => {
    const config = parseConfig({ ...valid(), phoneRegion: 'GB', therapistPhone: '020 7946 0958' });
    expect(config.therapistPhone).toBe('+442079460958');
    expect(parseConfig({ ...valid(), phoneRegion: 'GB', therapistPhone: '+1 310 896 0696' }).therapistPhone).toBe('+13108960696');
    expect(failureOf({ ...valid(), phoneRegion: 'GB', therapistPhone: '(310) 896-0696' })).toMatch(
      /therapistPhone \(THERAPIST_PHONE\): "\(310\) 896-0696" is not a valid phone number in GB/,
    );
  });

  it.each(['UK', 'XX', 'us', 'USA'])('refuses phoneRegion %j, which is no ISO 3166 country code that phone numbers know', (phoneRegion) => {
    const message = failureOf({ ...valid(), phoneRegion });
    expect(message).toMatch(/phoneRegion \(PHONE_REGION\): must be a two-letter ISO 3166 country code such as US or GB/);
    expect(message).not.toMatch(/therapistPhone/);
  });

  it('checks phoneRegion and therapistPhone together in the practice settings too, as CDK reads them', () => {
    expect(parsePracticeSettings({ ...example(), phoneRegion: 'GB', therapistPhone: '020 7946 0958' }).therapistPhone).toBe('+442079460958');
    expect(() => parsePracticeSettings({ ...example(), phoneRegion: 'UK' })).toThrow(/phoneRegion \(PHONE_REGION\)/);
  });

  it('requires a sender number or messaging service when Twilio credentials are set', () => {
    const twilio = { twilioAccountSid: `AC${'0a'.repeat(16)}`, twilioAuthToken: 'twilio-auth-token-0123' };
    expect(failureOf({ ...valid(), ...twilio })).toMatch(
      /twilioFromNumber \(TWILIO_FROM_NUMBER\): set twilioFromNumber or twilioMessagingServiceSid/,
    );
    expect(parseConfig({ ...valid(), ...twilio, twilioFromNumber: '+13105550100' }).twilioFromNumber).toBe('+13105550100');
    expect(parseConfig({ ...valid(), ...twilio, twilioMessagingServiceSid: `MG${'b1'.repeat(16)}` })).toHaveProperty(
      'twilioMessagingServiceSid',
    );
  });

  it('rejects a Twilio account SID of the wrong shape', () => {
    expect(failureOf({ ...valid(), twilioAccountSid: 'AC123', twilioFromNumber: '+13105550100' })).toMatch(
      /twilioAccountSid \(TWILIO_ACCOUNT_SID\)/,
    );
  });
});

describe('parsePracticeSettings', () => {
  it('accepts the example aftercare.config.json on its own, as CDK does at synth time', () => {
    expect(parsePracticeSettings(example())).toMatchObject({ practiceName: "Chris O'Hara Massage", retentionDays: 180 });
  });

  it('names a missing practice key and its environment variable', () => {
    const settings = example();
    delete settings.sesFromAddress;
    expect(() => parsePracticeSettings(settings)).toThrow(/sesFromAddress \(SES_FROM_ADDRESS\)/);
  });

  it('sends email from the practice by name: sesFromName, or a name given with the address, else the practice name', () => {
    expect(parsePracticeSettings(example())).toMatchObject({ sesFromAddress: 'aftercare@ohara-massage.example', sesFromName: "Chris O'Hara Massage" });
    expect(parsePracticeSettings({ ...example(), sesFromName: 'Chris at the studio' })).toMatchObject({ sesFromName: 'Chris at the studio' });
    expect(parsePracticeSettings({ ...example(), sesFromAddress: '"O\'Hara Aftercare" <care@ohara-massage.example>' })).toMatchObject({
      sesFromAddress: 'care@ohara-massage.example',
      sesFromName: "O'Hara Aftercare",
    });
    expect(() => parsePracticeSettings({ ...example(), sesFromAddress: 'Chris <not an address>' })).toThrow(/sesFromAddress \(SES_FROM_ADDRESS\): .*must be an email address/);
  });

  it('takes the default language of client messages, English or Spanish', () => {
    expect(parsePracticeSettings(example()).defaultLanguage).toBe('en');
    expect(parsePracticeSettings({ ...example(), defaultLanguage: 'es' }).defaultLanguage).toBe('es');
    expect(() => parsePracticeSettings({ ...example(), defaultLanguage: 'fr' })).toThrow(/defaultLanguage \(DEFAULT_LANGUAGE\)/);
  });
});

describe('configFromEnv', () => {
  it('maps SCREAMING_SNAKE_CASE variables to configuration keys', () => {
    const values = configFromEnv({
      PRACTICE_NAME: 'Bay Bodywork',
      PUBLIC_BASE_URL: 'https://bay.example.com',
      TWILIO_AUTH_TOKEN: 'twilio-auth-token-0123',
      RETENTION_DAYS: '90',
    });
    expect(values).toEqual({
      practiceName: 'Bay Bodywork',
      publicBaseUrl: 'https://bay.example.com',
      twilioAuthToken: 'twilio-auth-token-0123',
      retentionDays: '90',
    });
  });

  it('ignores empty and unrelated variables', () => {
    expect(configFromEnv({ PRACTICE_NAME: '', HOME: '/root', PATH: '/usr/bin', API_TOKEN: undefined })).toEqual({});
  });

  it('overrides the file when merged after it, and coerces numbers from strings', () => {
    const config = parseConfig({
      ...example(),
      ...configFromEnv({
        PRACTICE_NAME: 'Bay Bodywork',
        PUBLIC_BASE_URL: 'https://bay.example.com',
        API_TOKEN: 'env-token-0123456789',
        RETENTION_DAYS: '90',
        SENDING_HOURS: '08:30-19:00',
      }),
    });
    expect(config.practiceName).toBe('Bay Bodywork');
    expect(config.retentionDays).toBe(90);
    expect(config.sendingHours).toEqual({ startMinute: 510, endMinute: 1140 });
  });
});

describe('link signing keys', () => {
  const KEY = 'link-signing-key-0123456789abcdefghij';

  it('reads the current key, its id and the previous keys from the environment (previous ones as JSON)', () => {
    const previous = [{ id: '2026-11', key: `old-${KEY}`, retiredAt: '2026-12-01T00:00:00Z' }];
    const config = parseConfig({
      ...valid(),
      ...configFromEnv({ LINK_SIGNING_KEY_ID: '2026-12', LINK_SIGNING_KEY: KEY, PREVIOUS_LINK_SIGNING_KEYS: JSON.stringify(previous) }),
    });
    expect(config).toMatchObject({ linkSigningKeyId: '2026-12', linkSigningKey: KEY, previousLinkSigningKeys: previous });
  });

  it('takes the previous keys as JSON itself, as they are in the link keys secret', () => {
    const previous = [{ id: '1', key: `old-${KEY}`, retiredAt: '2026-12-01T00:00:00.000Z' }];
    expect(parseConfig({ ...valid(), linkSigningKeyId: '2', linkSigningKey: KEY, previousLinkSigningKeys: previous }).previousLinkSigningKeys).toEqual(previous);
  });

  it('refuses a short key, an id that cannot go in a link, a previous key without its retirement, and two keys with one id', () => {
    expect(failureOf({ ...valid(), linkSigningKey: 'short' })).toMatch(/linkSigningKey \(LINK_SIGNING_KEY\): must be at least 32 characters/);
    expect(failureOf({ ...valid(), linkSigningKey: KEY, linkSigningKeyId: 'a.b' })).toMatch(/linkSigningKeyId \(LINK_SIGNING_KEY_ID\)/);
    expect(failureOf({ ...valid(), linkSigningKey: KEY, previousLinkSigningKeys: '[{"id":"0","key":"' + KEY + '"}]' })).toMatch(/previousLinkSigningKeys\.0\.retiredAt/);
    expect(failureOf({ ...valid(), linkSigningKey: KEY, previousLinkSigningKeys: 'not json' })).toMatch(/PREVIOUS_LINK_SIGNING_KEYS.*JSON array/);
    expect(failureOf({ ...valid(), linkSigningKeyId: '1', linkSigningKey: KEY, previousLinkSigningKeys: [{ id: '1', key: KEY, retiredAt: '2026-12-01T00:00:00Z' }] })).toMatch(
      /each link key needs its own id/,
    );
  });
});
