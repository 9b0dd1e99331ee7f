import { createHash } from 'node:crypto';
import { powertoolsLog } from '#adapters/powertools-log';
import { loadTemplatesFromDir, defaultTemplatesDir } from '#adapters/template-files';
import { formatSendingHours } from '#domain/quiet-hours';
import { systemClock, type Clock } from '#domain/time';
import type { TemplateSet } from '#domain/templates';
import type { Config } from '#config';
import type { Log } from '#ports/log';
import type { Stores } from '#ports/stores';
import { ConfigError } from '#domain/errors';
import type { NotifySettings } from '#use-cases/escalations';
import type { ReplySettings } from '#use-cases/replies';
import type { SenderSettings } from '#use-cases/send-due-follow-ups';
import type { TwilioWebhookSettings } from '#adapters/twilio-webhook';
import type { SessionDeps } from '#use-cases/sessions';

/** What every handler needs; built once per container (or once per local stack). A store per aggregate. */
export interface CoreDeps extends Stores {
  config: Config;
  templates: TemplateSet;
  clock: Clock;
  log: Log;
}

/** Settings derived from a configuration, built on first use and kept with it (a container has one configuration). */
const once = <C extends object, T>(build: (config: C) => T): ((config: C) => T) => {
  const built = new WeakMap<C, T>();
  return (config) => {
    if (!built.has(config)) built.set(config, build(config));
    return built.get(config) as T;
  };
};

/** A secret for signed links, derived from the API token so that one secret fewer needs managing. */
export const linkSecret = once((config: Pick<Config, 'apiToken'>) =>
  createHash('sha256').update(`aftercare-links\n${config.apiToken}`).digest('base64url'));

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
  clock: core.clock,
  log: core.log,
  settings: {
    timezone: core.config.timezone,
    phoneRegion: core.config.phoneRegion,
    sendingHours: core.config.sendingHours,
    consentWordingVersion: core.config.consentWordingVersion,
  },
});

export const senderSettings = once((config: Config): SenderSettings => ({
  practiceName: config.practiceName,
  therapistName: config.therapistName,
  practicePhone: config.practicePhone,
  practiceHours: config.practiceHours,
  sendingHours: config.sendingHours,
  publicBaseUrl: config.publicBaseUrl,
  linkSecret: linkSecret(config),
  ...(config.replyDomain ? { replyDomain: config.replyDomain } : {}),
}));

export const replySettings = once((config: Config): ReplySettings => ({
  practiceName: config.practiceName,
  therapistName: config.therapistName,
  practicePhone: config.practicePhone,
  practiceHours: config.practiceHours,
  therapistPhone: config.therapistPhone,
  publicBaseUrl: config.publicBaseUrl,
  linkSecret: linkSecret(config),
  replyAddressSecrets: [linkSecret(config)],
  ...(config.replyDomain ? { replyDomain: config.replyDomain } : {}),
}));

export const notifySettings = once((config: Config): NotifySettings => ({
  therapistPhone: config.therapistPhone,
  therapistEmail: config.therapistEmail,
  publicBaseUrl: config.publicBaseUrl,
  linkSecret: linkSecret(config),
  escalationRenotifyMinutes: config.escalationRenotifyMinutes,
}));

export function twilioWebhookSettings(config: Config): TwilioWebhookSettings {
  if (!config.twilioAuthToken || !config.twilioAccountSid) {
    throw new ConfigError('twilioAuthToken and twilioAccountSid are needed to check Twilio webhook signatures');
  }
  return { authToken: config.twilioAuthToken, accountSid: config.twilioAccountSid, publicBaseUrl: config.publicBaseUrl };
}

/** Settings that are safe to show (health check, start banner): no secrets. */
export const publicSettings = (config: Config) => ({
  practiceName: config.practiceName,
  therapistName: config.therapistName,
  timezone: config.timezone,
  sendingHours: formatSendingHours(config.sendingHours),
  retentionDays: config.retentionDays,
  consentWording: config.consentWording,
  consentWordingVersion: config.consentWordingVersion,
});
