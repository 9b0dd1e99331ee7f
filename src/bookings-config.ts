import * as z from 'zod';

/**
 * The configuration of the booking sources (docs/bookings.md), spread into the one schema in config.ts.
 * Practice settings (non-secret, in aftercare.config.json or CDK) apart from secrets (Secrets Manager in AWS).
 */

/** A JSON value given as text (an environment variable), or as itself (the settings file). */
const json = (value: unknown) => {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
};

/** What a client agreed to when booking through a source: the statement and its version, stored with each consent. */
export const sourceConsent = z.preprocess(
  json,
  z.strictObject(
    {
      statement: z.string('must say what the client agreed to').trim().min(1, 'must say what the client agreed to'),
      version: z.string('is required: the version stored with each consent, such as "booking-2026-11"').trim().min(1).max(64),
    },
    { error: 'must be { "statement": "…", "version": "…" }' },
  ),
);
export type SourceConsent = z.output<typeof sourceConsent>;

export const bookingsPracticeShape = {
  /** The URL Square posts to, exactly as in the subscription (Square signs it with the body). */
  squareNotificationUrl: z.url().optional(),
  squareEnvironment: z.enum(['sandbox', 'production']).default('sandbox'),
  /** Service variation id (or service name) → modality ("deep tissue"). */
  squareServiceModalities: z
    .preprocess(json, z.record(z.string().min(1), z.string().trim().min(1).max(40), { error: 'must be a JSON object of service → modality' }))
    .default({}),
  squareConsent: sourceConsent.optional(),
  bookingsConsent: sourceConsent.optional(),
  icsConsent: sourceConsent.optional(),
  icsPollMinutes: z.coerce.number().int().min(1).max(24 * 60).default(5),
};

/** Secrets: an ICS "secret address" is a password to the calendar, so the feed URL is one too. */
export const bookingsSecretShape = {
  squareAccessToken: z.string().min(8).optional(),
  squareWebhookSignatureKey: z.string().min(8).optional(),
  bookingsWebhookSecret: z
    .string()
    .regex(/^whsec_[A-Za-z0-9+/]{16,}={0,2}$/, 'must be whsec_ followed by a base64 key (24 to 64 bytes, as the Standard Webhooks specification recommends)')
    .optional(),
  /** Another base URL for the Square API than squareEnvironment's (the local stand-in; a proxy). */
  squareBaseUrl: z.url().optional(),
  icsFeedUrl: z.url().refine((url) => /^(https?|webcal):/i.test(url), 'must be an http(s) or webcal URL').optional(),
};

export const bookingsInfraShape = {
  /** The Secrets Manager secret with the Square credentials, the webhook secret and the ICS URL. */
  bookingsSecretArn: z.string().startsWith('arn:').optional(),
};
