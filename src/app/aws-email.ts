import { SESClient } from '@aws-sdk/client-ses';
import { SesEmailSender } from '#adapters/ses-email-sender';
import type { Config } from '#config';
import type { EmailSender } from '#ports/senders';

/** The one way Aftercare's emails are sent: SES, from the practice's address, in the stack's configuration set. */
export const sesEmailSender = (config: Config, client: SESClient = new SESClient({})): EmailSender =>
  new SesEmailSender(client, {
    from: config.sesFromAddress,
    ...(config.sesConfigurationSet ? { configurationSet: config.sesConfigurationSet } : {}),
  });
