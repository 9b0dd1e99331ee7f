import { powertoolsLog } from '#adapters/powertools-log';
import { loadTemplatesFromDir, defaultTemplatesDir } from '#adapters/template-files';
import { formatSendingHours } from '#domain/quiet-hours';
import { systemClock, type Clock } from '#domain/time';
import type { TemplateSet } from '#domain/templates';
import type { Config } from '#config';
import type { Log } from '#ports/log';
import type { Stores } from '#ports/stores';
import { ConfigError } from '#domain/errors';
import type { LinkKeys } from '#domain/links';
import { once } from './memoise.ts';
import type { NotifySettings } from '#use-cases/escalations';
import type { ReplySettings } from '#use-cases/replies';
import type { SenderSettings } from '#use-cases/send-due-follow-ups';
import type { TwilioWebhookSettings } from '#adapters/twilio-webhook';
import type { SessionDeps } from '#use-cases/sessions';
import type { AnswerSettings, DigestSettings } from '#use-cases/inbox';
import type { SignInSettings } from '#use-cases/sign-in';
import { relyingParty } from '#domain/sign-in';

/** What every handler needs, for one configuration (in AWS, rebuilt when the secrets are read again). A store per aggregate. */
export interface CoreDeps extends Stores {
  config: Config;
  templates: TemplateSet;
  clock: Clock;
  log: Log;
}

/**
 * The keys of signed links (unsubscribe, acknowledge, and any other token that must outlive a rotation): the current
 * one signs, previous ones still verify (domain/links.ts). Their own secret, apart from the API token, so that
 * changing the token breaks no link already sent.
 */
export const linkKeys = once((config: Pick<Config, 'linkSigningKeyId' | 'linkSigningKey' | 'previousLinkSigningKeys'>): LinkKeys => {
  if (!config.linkSigningKey) {
    throw new ConfigError('linkSigningKey is not set: this function was not given the link keys secret (LINK_KEYS_SECRET_ARN)');
  }
  return { current: { id: config.linkSigningKeyId, key: config.linkSigningKey }, previous: config.previousLinkSigningKeys };
});

export function createCoreDeps(
  config: Config,
  stores: Stores,
  overrides: Partial<Pick<CoreDeps, 'clock' | 'log' | 'templates'>> = {},
): CoreDeps {
  return {
    config,
    ...stores,
    templates: overrides.templates ?? loadTemplatesFromDir(defaultTemplatesDir()),
    clock: overrides.clock ?? systemClock,
    log: overrides.log ?? powertoolsLog(),
  };
}

export const sessionDeps = (core: CoreDeps): SessionDeps => ({
  sessions: core.sessions,
  followUps: core.followUps,
  contacts: core.contacts,
  clock: core.clock,
  log: core.log,
  settings: {
    timezone: core.config.timezone,
    phoneRegion: core.config.phoneRegion,
    sendingHours: core.config.sendingHours,
    consentWordingVersion: core.config.consentWordingVersion,
    defaultLanguage: core.config.defaultLanguage,
  },
});

export const senderSettings = once((config: Config): SenderSettings => ({
  practiceName: config.practiceName,
  therapistName: config.therapistName,
  practicePhone: config.practicePhone,
  practiceHours: config.practiceHours,
  sendingHours: config.sendingHours,
  publicBaseUrl: config.publicBaseUrl,
  linkKeys: linkKeys(config),
  ...(config.replyDomain ? { replyDomain: config.replyDomain } : {}),
}));

export const replySettings = once((config: Config): ReplySettings => ({
  practiceName: config.practiceName,
  therapistName: config.therapistName,
  practicePhone: config.practicePhone,
  practiceHours: config.practiceHours,
  therapistPhone: config.therapistPhone,
  publicBaseUrl: config.publicBaseUrl,
  linkKeys: linkKeys(config),
  ...(config.replyDomain ? { replyDomain: config.replyDomain } : {}),
  therapistHours: config.therapistHours,
  timezone: config.timezone,
}));

export const digestSettings = once((config: Config): DigestSettings => ({
  therapistPhone: config.therapistPhone,
  therapistEmail: config.therapistEmail,
  publicBaseUrl: config.publicBaseUrl,
  phoneRegion: config.phoneRegion,
  timezone: config.timezone,
  therapistHours: config.therapistHours,
  replyDigestMinutes: config.replyDigestMinutes,
}));

export const answerSettings = once((config: Config): AnswerSettings => ({
  therapistName: config.therapistName,
  practiceName: config.practiceName,
  sendingHours: config.sendingHours,
  linkKeys: linkKeys(config),
  ...(config.replyDomain ? { replyDomain: config.replyDomain } : {}),
}));

export const notifySettings = once((config: Config): NotifySettings => ({
  therapistPhone: config.therapistPhone,
  therapistEmail: config.therapistEmail,
  phoneRegion: config.phoneRegion,
  publicBaseUrl: config.publicBaseUrl,
  linkKeys: linkKeys(config),
  escalationRenotifyMinutes: config.escalationRenotifyMinutes,
}));

export function twilioWebhookSettings(config: Config): TwilioWebhookSettings {
  if (!config.twilioAuthToken || !config.twilioAccountSid) {
    throw new ConfigError('twilioAuthToken and twilioAccountSid are needed to check Twilio webhook signatures');
  }
  return { authToken: config.twilioAuthToken, accountSid: config.twilioAccountSid, publicBaseUrl: config.publicBaseUrl };
}

/** The therapist's sign-in: where the link goes, and the WebAuthn relying party (the public host; `localhost` locally). */
export const signInSettings = once((config: Config): SignInSettings => ({
  therapistPhone: config.therapistPhone,
  therapistEmail: config.therapistEmail,
  therapistName: config.therapistName,
  practiceName: config.practiceName,
  publicBaseUrl: config.publicBaseUrl,
  ...relyingParty(config.publicBaseUrl),
}));

/** Settings that are safe to show (health check, start banner): no secrets. */
export const publicSettings = (config: Config) => ({
  practiceName: config.practiceName,
  therapistName: config.therapistName,
  timezone: config.timezone,
  sendingHours: formatSendingHours(config.sendingHours),
  retentionDays: config.retentionDays,
  consentWording: config.consentWording,
  consentWordingVersion: config.consentWordingVersion,
  defaultLanguage: config.defaultLanguage,
});
