import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { SESEvent } from 'aws-lambda';
import { parseInboundEmail } from '#adapters/email-parser';
import { inboundEmail } from '#adapters/ses-inbound';
import { replySettings, type CoreDeps } from '#app/deps';
import type { EscalationNotifier } from '#ports/notifier';
import type { EmailSender } from '#ports/senders';
import { handleInboundEmail } from '#use-cases/replies';
import { awsCoreDeps, required } from '#app/aws';
import { sesEmailSender } from '#app/aws-email';
import { lambdaNotifier } from '#app/aws-replies';
import { lazy, once } from '#app/memoise';

export type EmailInboundDeps = CoreDeps & { notifier: EscalationNotifier; email: EmailSender; readRaw: (messageId: string) => Promise<Buffer> };

/** Invoked by the SES receipt rule after its S3 action stored the raw message under INBOUND_PREFIX + messageId. */
export const createEmailInboundHandler =
  (getDeps: () => Promise<EmailInboundDeps>) =>
  async (event: SESEvent): Promise<{ processed: number; results: Awaited<ReturnType<typeof handleInboundEmail>>[] }> => {
    const deps = await getDeps();
    const results = [];
    for (const record of event.Records ?? []) {
      const email = inboundEmail(record, await parseInboundEmail(await deps.readRaw(record.ses.mail.messageId)));
      const result = await handleInboundEmail({ ...deps, settings: replySettings(deps.config) }, email);
      deps.log.info('inbound email processed', { matched: Boolean(result.sessionId), category: result.category, verified: result.verified ?? false });
      results.push(result);
    }
    return { processed: results.length, results };
  };

const s3 = lazy(() => new S3Client({}));

const depsFor = once((core: CoreDeps): EmailInboundDeps => {
  const bucket = required(core.config, 'inboundBucket', 'INBOUND_BUCKET');
  return {
    ...core,
    notifier: lambdaNotifier(core.config),
    email: sesEmailSender(core.config),
    readRaw: async (messageId: string) => {
      const object = await s3().send(new GetObjectCommand({ Bucket: bucket, Key: `${core.config.inboundPrefix}${messageId}` }));
      return Buffer.from(await object.Body!.transformToByteArray());
    },
  };
});
const awsDeps = async () => depsFor(await awsCoreDeps());

export const handler = createEmailInboundHandler(awsDeps);
