import * as z from 'zod';
import { ConfigError } from '#domain/errors';
import { isPhoneRegion, readPhone } from '#domain/phone';
import { parseSendingHours, readOpeningHours, type SendingHours } from '#domain/quiet-hours';
import { isValidTimeZone } from '#domain/time';
import { bookingsInfraShape, bookingsPracticeShape, bookingsSecretShape } from './bookings-config.ts';

/**
 * The one configuration of a running Aftercare, parsed once at start.
 * Non-secret practice settings come from `aftercare.config.json` (locally) or CDK (in AWS), both validated by
 * `practiceSchema`; runtime values and secrets come from the environment (locally) or Secrets Manager (in AWS).
 * Every key has an environment variable of the same name in SCREAMING_SNAKE_CASE that overrides the file.
 */

const practiceShape = {
  practiceName: z.string().min(1),
  therapistName: z.string().min(1),
  therapistPhone: z.string().min(1),
  therapistEmail: z.email(),
  practicePhone: z.string().min(7),
  practiceHours: z.string().min(1),
  practiceAddress: z.string().min(1).optional(),
  timezone: z.string().refine(isValidTimeZone, 'must be an IANA time zone such as America/Los_Angeles').default('America/Los_Angeles'),
  phoneRegion: z.string().refine(isPhoneRegion, 'must be a two-letter ISO 3166 country code such as US or GB').default('US'),
  sendingHours: z
    .string()
    .default('09:00-20:00')
    .transform((value, ctx) => {
      try {
        return parseSendingHours(value);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  /** The therapist's own working hours (practice time zone), when the digest of client messages may reach them. */
  therapistHours: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const hours = readOpeningHours(value);
      if (!hours) ctx.addIssue({ code: 'custom', message: `"${value}" must be two times of day such as 10:00-22:00 or 10AM-10PM` });
      return hours ?? z.NEVER;
    }),
  /** At most one digest of client messages per this many minutes; 0 sends each message at once. */
  replyDigestMinutes: z.coerce.number().int().min(0).max(24 * 60).default(15),
  retentionDays: z.coerce.number().int().min(1).max(3650).default(180),
  escalationRenotifyMinutes: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** The address emails come from; `"Chris O'Hara Massage" <aftercare@…>` is accepted too (the name becomes sesFromName). */
  sesFromAddress: z.string().transform((value, ctx) => {
    const mailbox = readMailbox(value);
    if (!mailbox) {
      ctx.addIssue({ code: 'custom', message: `"${value}" must be an email address, or a name and an address such as "Chris O'Hara Massage" <aftercare@example.com>` });
      return z.NEVER;
    }
    return mailbox;
  }),
  /** The name emails come from (From: "<name>" <address>); the practice's name when not given. */
  sesFromName: z.string().trim().min(1).max(100).optional(),
  /** The language of a client's messages when the session does not say (`en` or `es`). */
  defaultLanguage: z.enum(['en', 'es'], 'must be "en" or "es"').default('en'),
  replyDomain: z.string().regex(/^[a-z0-9.-]+\.[a-z]{2,}$/i, 'must be a domain name such as reply.example.com').optional(),
  twilioFromNumber: z.string().regex(/^\+[1-9]\d{6,14}$/, 'must be an E.164 number such as +13105550100').optional(),
  twilioMessagingServiceSid: z.string().regex(/^MG[0-9a-f]{32}$/, 'must look like MG followed by 32 hex digits').optional(),
  consentWording: z.string().min(1).default('I agree to receive aftercare texts and emails about this session. Reply STOP to opt out.'),
  consentWordingVersion: z.string().min(1).default('2026-11-v1'),
  ...bookingsPracticeShape,
};

const EMAIL = z.email();

/** "aftercare@x.example" or "Chris O'Hara Massage <aftercare@x.example>" (the name quoted or not). */
function readMailbox(text: string): { address: string; name?: string } | undefined {
  const named = /^\s*(?:"((?:[^"\\]|\\.)*)"|([^"<>]*?))\s*<([^<>\s]+)>\s*$/.exec(text);
  const address = (named ? named[3] : text.trim()) ?? '';
  if (!EMAIL.safeParse(address).success) return undefined;
  const name = (named?.[1]?.replace(/\\(.)/g, '$1') ?? named?.[2] ?? '').trim();
  return name ? { address, name } : { address };
}

/** The From of the practice's emails: the configured name (or the one given with the address), else the practice's. */
const withSenderName = <T extends { sesFromAddress: { address: string; name?: string }; sesFromName?: string | undefined; practiceName: string }>(
  settings: T,
): Omit<T, 'sesFromAddress' | 'sesFromName'> & { sesFromAddress: string; sesFromName: string } => ({
  ...settings,
  sesFromAddress: settings.sesFromAddress.address,
  sesFromName: settings.sesFromName ?? settings.sesFromAddress.name ?? settings.practiceName,
});

type PhoneSettings = { therapistPhone: string; phoneRegion: string };

/** The therapist's phone read in the practice's phone region, once that is known to be one. */
const readTherapistPhone = ({ therapistPhone, phoneRegion }: PhoneSettings) =>
  typeof therapistPhone === 'string' && isPhoneRegion(phoneRegion) ? readPhone(therapistPhone, phoneRegion) : undefined;

/** A national therapistPhone is a number of the configured phoneRegion, so the two are checked together. */
function checkTherapistPhone(settings: PhoneSettings, ctx: z.RefinementCtx): void {
  const reading = readTherapistPhone(settings);
  if (!reading || 'e164' in reading) return;
  const given = `"${settings.therapistPhone}"`;
  ctx.addIssue({
    code: 'custom',
    path: ['therapistPhone'],
    message:
      reading.problem === 'extension'
        ? `${given} has an extension, and a text cannot reach one: give the mobile number without it`
        : `${given} is not a valid phone number in ${settings.phoneRegion}`,
  });
}

/** The settings with the therapist's phone in E.164; runs only once checkTherapistPhone found nothing wrong. */
const withE164TherapistPhone = <T extends PhoneSettings>(settings: T): T => {
  const reading = readTherapistPhone(settings);
  return reading && 'e164' in reading ? { ...settings, therapistPhone: reading.e164 } : settings;
};

/**
 * The therapist's hours: `therapistHours`, else the practice's opening hours when they read as a window of the day
 * ("10AM-10PM"), else the sending hours.
 */
const withTherapistHours = <T extends { therapistHours?: SendingHours | undefined; practiceHours: string; sendingHours: SendingHours }>(
  settings: T,
): Omit<T, 'therapistHours'> & { therapistHours: SendingHours } => ({
  ...settings,
  therapistHours: settings.therapistHours ?? readOpeningHours(settings.practiceHours) ?? settings.sendingHours,
});

export const practiceSchema = z
  .object(practiceShape)
  .superRefine(checkTherapistPhone)
  .transform(withE164TherapistPhone)
  .transform(withTherapistHours)
  .transform(withSenderName);

const keyId = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'must be 1 to 32 letters, digits, "-" or "_"');
const linkKey = z.string().min(32, 'must be at least 32 characters');

/** A JSON array given as text (an environment variable), or as itself (a secret's JSON). */
const jsonText = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

/** Link keys retired from signing: each still verifies what it signed, for the longest link lifetime after `retiredAt`. */
const previousLinkKeys = z.preprocess(
  jsonText,
  z.array(z.object({ id: keyId, key: linkKey, retiredAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 time such as 2026-12-01T00:00:00Z' }) }), {
    error: 'must be a JSON array of { "id", "key", "retiredAt" }',
  }),
);

/**
 * Runtime values and secrets. In AWS the secrets come from the Secrets Manager secrets the stack lets each function
 * read (src/app/aws.ts), so a function has only those it uses; one that needs a value it was not given fails saying
 * which (`linkKeys` in app/deps.ts, `requireBearer` and `twilioWebhookSettings`).
 */
export const runtimeSchema = z.object({
  tableName: z.string().min(3).default('aftercare'),
  publicBaseUrl: z.url().transform((url) => url.replace(/\/+$/, '')),
  apiToken: z.string().min(16, 'must be at least 16 characters').optional(),
  /** Signs new links; its id goes into each token (domain/links.ts). */
  linkSigningKeyId: keyId.default('1'),
  linkSigningKey: linkKey.optional(),
  previousLinkSigningKeys: previousLinkKeys.default([]),
  twilioAccountSid: z.string().regex(/^AC[0-9a-f]{32}$/, 'must look like AC followed by 32 hex digits').optional(),
  twilioAuthToken: z.string().min(16).optional(),
  ...bookingsSecretShape,
});

/** Set by the CDK stack on the functions that need them (never by hand); absent locally. */
export const infraSchema = z.object({
  /** The Secrets Manager secrets this function may read: the API token, the link keys, the Twilio credentials. */
  apiTokenSecretArn: z.string().startsWith('arn:').optional(),
  linkKeysSecretArn: z.string().startsWith('arn:').optional(),
  twilioSecretArn: z.string().startsWith('arn:').optional(),
  inboundBucket: z.string().min(3).optional(),
  inboundPrefix: z.string().default('inbound/'),
  notifierFunctionName: z.string().min(1).optional(),
  sesConfigurationSet: z.string().min(1).optional(),
  ...bookingsInfraShape,
});

const configShape = { ...practiceShape, ...runtimeSchema.shape, ...infraSchema.shape };

export const configSchema = z
  .object(configShape)
  .superRefine(checkTherapistPhone)
  .superRefine((config, ctx) => {
    const ids = [config.linkSigningKeyId, ...config.previousLinkSigningKeys.map((k) => k.id)];
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['previousLinkSigningKeys'], message: 'each link key needs its own id, different from linkSigningKeyId' });
    }
    if (config.twilioAccountSid && !config.twilioFromNumber && !config.twilioMessagingServiceSid) {
      ctx.addIssue({
        code: 'custom',
        path: ['twilioFromNumber'],
        message: 'set twilioFromNumber or twilioMessagingServiceSid when Twilio credentials are configured',
      });
    }
  })
  .transform(withE164TherapistPhone)
  .transform(withTherapistHours)
  .transform(withSenderName);

export type PracticeSettings = z.output<typeof practiceSchema>;
export type Config = z.output<typeof configSchema> & { sendingHours: SendingHours };

const envName = (key: string) => key.replace(/([A-Z])/g, '_$1').toUpperCase();

/** Picks every configuration key from an environment, by its SCREAMING_SNAKE_CASE name. */
export function configFromEnv(env: Record<string, string | undefined>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const key of Object.keys(configShape)) {
    const value = env[envName(key)];
    if (value !== undefined && value !== '') values[key] = value;
  }
  return values;
}

function failure(error: z.ZodError): ConfigError {
  const lines = error.issues.map((issue) => {
    const key = issue.path.join('.') || '(root)';
    return `  ${key} (${envName(key)}): ${issue.message}`;
  });
  return new ConfigError(`Aftercare configuration is invalid:\n${lines.join('\n')}`);
}

/** Validates a merged configuration object; throws a ConfigError naming every bad or missing key. */
export function parseConfig(input: unknown): Config {
  const result = configSchema.safeParse(input);
  if (!result.success) throw failure(result.error);
  return result.data;
}

/** Validates only the practice settings, as CDK does at synth time. */
export function parsePracticeSettings(input: unknown): PracticeSettings {
  const result = practiceSchema.safeParse(input);
  if (!result.success) throw failure(result.error);
  return result.data;
}
