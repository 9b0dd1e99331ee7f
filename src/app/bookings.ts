import { icsFeed } from '#adapters/ics-feed';
import { squareApi } from '#adapters/square-api';
import type { Config } from '#config';
import { NotFoundError } from '#domain/errors';
import type { BookingSourceId } from '#domain/model';
import type { BookingDeps, BookingSettings } from '#use-cases/bookings';
import { sessionDeps, type CoreDeps } from './deps.ts';
import { once } from './memoise.ts';

export const bookingSettings = once((config: Config): BookingSettings => ({
  ...(config.squareConsent ? { squareConsent: config.squareConsent } : {}),
  ...(config.bookingsConsent ? { bookingsConsent: config.bookingsConsent } : {}),
  ...(config.icsConsent ? { icsConsent: config.icsConsent } : {}),
  squareServiceModalities: config.squareServiceModalities,
  icsPollMinutes: config.icsPollMinutes,
  timezone: config.timezone,
}));

const squareFor = once((config: Config) =>
  config.squareAccessToken
    ? squareApi({ accessToken: config.squareAccessToken, environment: config.squareEnvironment, ...(config.squareBaseUrl ? { baseUrl: config.squareBaseUrl } : {}) })
    : undefined,
);
const calendarFor = once((config: Config) => (config.icsFeedUrl ? icsFeed(config.icsFeedUrl) : undefined));

/** What the booking use cases need, for one configuration (the SDK client and the feed made once per configuration). */
export function bookingDeps(core: CoreDeps): BookingDeps {
  const square = squareFor(core.config);
  const calendar = calendarFor(core.config);
  return {
    ...sessionDeps(core),
    bookings: core.bookings,
    inbound: core.inbound,
    bookingSettings: bookingSettings(core.config),
    ...(square ? { square } : {}),
    ...(calendar ? { calendar } : {}),
  };
}

/** Which sources this configuration connects. */
export const connectedSources = (config: Config): Record<BookingSourceId, boolean> => ({
  square: Boolean(config.squareAccessToken && config.squareWebhookSignatureKey),
  webhook: Boolean(config.bookingsWebhookSecret),
  ics: Boolean(config.icsFeedUrl),
});

/** The URL Square signs with each notification: as configured in the subscription, else ours. */
export const squareNotificationUrl = (config: Config) => config.squareNotificationUrl ?? `${config.publicBaseUrl}/webhooks/square`;

export function squareWebhookSettings(config: Config) {
  if (!config.squareWebhookSignatureKey) {
    // Not connected (the secret's placeholder is empty): a plain 404, never a 500, for whoever posts here.
    throw new NotFoundError('Square is not connected to this Aftercare: set squareWebhookSignatureKey (docs/bookings.md)');
  }
  return { signatureKey: config.squareWebhookSignatureKey, notificationUrl: squareNotificationUrl(config) };
}

export function bookingsWebhookSecret(config: Config): string {
  if (!config.bookingsWebhookSecret) {
    throw new NotFoundError('The signed bookings webhook is not set up: set bookingsWebhookSecret (docs/bookings.md)');
  }
  return config.bookingsWebhookSecret;
}
