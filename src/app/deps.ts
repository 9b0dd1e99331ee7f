import { createHash } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { powertoolsLog } from '#adapters/powertools-log';
import { DynamoSessionRepository } from '#adapters/dynamo-repository';
import { loadTemplatesFromDir, defaultTemplatesDir } from '#adapters/template-files';
import { formatSendingHours } from '#domain/quiet-hours';
import { systemClock, type Clock } from '#domain/time';
import type { TemplateSet } from '#domain/templates';
import type { Config } from '#config';
import type { Log } from '#ports/log';
import type { SenderSettings } from '#use-cases/send-due-follow-ups';
import type { SessionDeps } from '#use-cases/sessions';

/** What every handler needs; built once per container (or once per local stack). */
export interface CoreDeps {
  config: Config;
  repo: DynamoSessionRepository;
  templates: TemplateSet;
  clock: Clock;
  log: Log;
}

/** A secret for signed links, derived from the API token so that one secret fewer needs managing. */
export const linkSecret = (config: Pick<Config, 'apiToken'>) =>
  createHash('sha256').update(`aftercare-links\n${config.apiToken}`).digest('base64url');

export function createCoreDeps(
  config: Config,
  dynamo: DynamoDBClient,
  overrides: Partial<Pick<CoreDeps, 'clock' | 'log' | 'templates'>> = {},
): CoreDeps {
  return {
    config,
    repo: new DynamoSessionRepository(dynamo, { tableName: config.tableName, retentionDays: config.retentionDays }),
    templates: overrides.templates ?? loadTemplatesFromDir(defaultTemplatesDir()),
    clock: overrides.clock ?? systemClock,
    log: overrides.log ?? powertoolsLog(),
  };
}

export const sessionDeps = (core: CoreDeps): SessionDeps => ({
  repo: core.repo,
  clock: core.clock,
  log: core.log,
  settings: {
    timezone: core.config.timezone,
    phoneRegion: core.config.phoneRegion,
    sendingHours: core.config.sendingHours,
    consentWordingVersion: core.config.consentWordingVersion,
  },
});

export const senderSettings = (config: Config): SenderSettings => ({
  practiceName: config.practiceName,
  therapistName: config.therapistName,
  practicePhone: config.practicePhone,
  practiceHours: config.practiceHours,
  sendingHours: config.sendingHours,
  publicBaseUrl: config.publicBaseUrl,
  linkSecret: linkSecret(config),
  ...(config.replyDomain ? { replyDomain: config.replyDomain } : {}),
});

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
