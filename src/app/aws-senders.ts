import twilio from 'twilio';
import { TwilioSmsSender } from '#adapters/twilio-sms-sender';
import { ConfigError } from '#domain/errors';
import type { Config } from '#config';
import type { CoreDeps } from '#app/deps';
import type { EmailSender, SmsSender } from '#ports/senders';
import { awsCoreDeps } from './aws.ts';
import { sesEmailSender } from './aws-email.ts';
import { once } from './memoise.ts';

export type SenderHandlerDeps = CoreDeps & { sms: SmsSender; email: EmailSender };

/**
 * The practice's Twilio sender, for AWS and for `npm start` with real credentials. Only the functions that text
 * import this (the REST client is most of a bundle). `statusCallback`: where Twilio reports delivery (AWS only).
 */
export function twilioSmsSender(config: Config, options: { statusCallback: boolean }): SmsSender {
  if (!config.twilioAccountSid || !config.twilioAuthToken) {
    throw new ConfigError('twilioAccountSid and twilioAuthToken must be set in the Twilio credentials secret (TwilioSecretName, docs/deploy.md) to send texts');
  }
  const sender = config.twilioMessagingServiceSid
    ? { messagingServiceSid: config.twilioMessagingServiceSid }
    : { from: config.twilioFromNumber as string };
  return new TwilioSmsSender(twilio(config.twilioAccountSid, config.twilioAuthToken), {
    sender,
    ...(options.statusCallback ? { statusCallbackUrl: `${config.publicBaseUrl}/webhooks/twilio/status` } : {}),
  });
}

const senderDepsFor = once((core: CoreDeps): SenderHandlerDeps => ({
  ...core,
  sms: twilioSmsSender(core.config, { statusCallback: true }),
  email: sesEmailSender(core.config),
}));

/** Real providers for AWS: Twilio's REST client (with the credentials of the moment) and SES. */
export const awsSenderDeps = async (): Promise<SenderHandlerDeps> => senderDepsFor(await awsCoreDeps());
