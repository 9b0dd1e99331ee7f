import { SESClient } from '@aws-sdk/client-ses';
import { SesEmailSender } from '#adapters/ses-email-sender';
import type { Config } from '#config';
import type { EmailSender } from '#ports/senders';
import { lazy } from './memoise.ts';

/** One SES client per container, whatever the configuration of the moment. */
const containerSesClient = lazy(() => new SESClient({}));

/** The one way Aftercare's emails are sent: SES, from the practice's name and address, in the stack's configuration set. */
export const sesEmailSender = (config: Config, client: SESClient = containerSesClient()): EmailSender =>
  new SesEmailSender(client, {
    from: { name: config.sesFromName, address: config.sesFromAddress },
    ...(config.sesConfigurationSet ? { configurationSet: config.sesConfigurationSet } : {}),
  });
