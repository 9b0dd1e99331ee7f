import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { SESClient } from '@aws-sdk/client-ses';
import type { SESEvent } from 'aws-lambda';
import { parseInboundEmail } from '#adapters/email-parser';
import { LambdaEscalationNotifier } from '#adapters/lambda-notifier';
import { SesEmailSender } from '#adapters/ses-email-sender';
import { replySettings, type CoreDeps } from '#app/deps';
import { ConfigError } from '#domain/errors';
import type { EscalationNotifier } from '#ports/notifier';
import type { EmailSender } from '#ports/senders';
import { handleInboundEmail } from '#use-cases/replies';
import { awsCoreDeps } from './commons/aws.ts';

export type EmailInboundDeps = CoreDeps & { notifier: EscalationNotifier; email: EmailSender; readRaw: (messageId: string) => Promise<Buffer> };

/** Invoked by the SES receipt rule after its S3 action stored the raw message under INBOUND_PREFIX + messageId. */
export const createEmailInboundHandler =
  (getDeps: () => Promise<EmailInboundDeps>) =>
  async (event: SESEvent): Promise<{ processed: number }> => {
    const deps = await getDeps();
    let processed = 0;
    for (const record of event.Records ?? []) {
      const messageId = record.ses.mail.messageId;
      const email = await parseInboundEmail(await deps.readRaw(messageId));
      const result = await handleInboundEmail({ ...deps, settings: replySettings(deps.config) }, email);
      deps.log.info('inbound email processed', { matched: Boolean(result.sessionId), category: result.category });
      processed += 1;
    }
    return { processed };
  };

let deps: Promise<EmailInboundDeps> | undefined;
const awsDeps = (): Promise<EmailInboundDeps> => {
  deps ??= awsCoreDeps().then((core) => {
    const { INBOUND_BUCKET: bucket, INBOUND_PREFIX: prefix = 'inbound/', NOTIFIER_FUNCTION_NAME: notifier } = process.env;
    if (!bucket || !notifier) throw new ConfigError('INBOUND_BUCKET and NOTIFIER_FUNCTION_NAME must be set by the stack');
    const s3 = new S3Client({});
    return {
      ...core,
      notifier: new LambdaEscalationNotifier(new LambdaClient({}), notifier),
      email: new SesEmailSender(new SESClient({}), {
        from: core.config.sesFromAddress,
        ...(process.env.SES_CONFIGURATION_SET ? { configurationSet: process.env.SES_CONFIGURATION_SET } : {}),
      }),
      readRaw: async (messageId: string) => {
        const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `${prefix}${messageId}` }));
        return Buffer.from(await object.Body!.transformToByteArray());
      },
    };
  });
  return deps;
};

export const handler = createEmailInboundHandler(awsDeps);
