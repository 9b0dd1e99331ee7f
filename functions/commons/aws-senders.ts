import { SESClient } from '@aws-sdk/client-ses';
import twilio from 'twilio';
import { ConfigError } from '#domain/errors';
import { SesEmailSender } from '#adapters/ses-email-sender';
import { TwilioSmsSender } from '#adapters/twilio-sms-sender';
import type { Config } from '#config';
import type { EmailSender, SmsSender } from '#ports/senders';

/** Real providers for AWS: Twilio's REST client and SES, created once per container. Only senders import this. */
export function awsSenders(config: Config, env: NodeJS.ProcessEnv): { sms: SmsSender; email: EmailSender } {
  if (!config.twilioAccountSid || !config.twilioAuthToken) {
    throw new ConfigError('twilioAccountSid and twilioAuthToken must be set in the Aftercare secret to send texts');
  }
  const sender = config.twilioMessagingServiceSid
    ? { messagingServiceSid: config.twilioMessagingServiceSid }
    : { from: config.twilioFromNumber as string };
  return {
    sms: new TwilioSmsSender(twilio(config.twilioAccountSid, config.twilioAuthToken), {
      sender,
      statusCallbackUrl: `${config.publicBaseUrl}/webhooks/twilio/status`,
    }),
    email: new SesEmailSender(new SESClient({}), {
      from: config.sesFromAddress,
      ...(env.SES_CONFIGURATION_SET ? { configurationSet: env.SES_CONFIGURATION_SET } : {}),
    }),
  };
}
