import { SendRawEmailCommand, type SESClient } from '@aws-sdk/client-ses';
import MailComposer from 'nodemailer/lib/mail-composer';
import { PermanentDeliveryError, TransientDeliveryError, UnknownDeliveryError } from '#domain/errors';
import type { EmailMessage, EmailSender } from '#ports/senders';

/** A mailbox: `From: "Chris O'Hara Massage" <aftercare@…>` (nodemailer quotes and encodes the name as needed). */
export type Sender = string | { name: string; address: string };

export interface SesEmailSenderOptions {
  from: Sender;
  /** SES configuration set that publishes bounces and complaints; optional locally. */
  configurationSet?: string;
}

const PERMANENT = new Set(['MessageRejected', 'MailFromDomainNotVerifiedException', 'ConfigurationSetDoesNotExistException', 'AccountSendingPausedException']);

/** Builds the MIME message with nodemailer's composer (multipart text + HTML, RFC 8058 one-click unsubscribe). */
export async function composeEmail(from: Sender, message: EmailMessage): Promise<Buffer> {
  const headers: Record<string, string> = {};
  if (message.unsubscribeUrl) {
    headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  if (message.autoSubmitted) headers['Auto-Submitted'] = message.autoSubmitted;
  const composer = new MailComposer({
    from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    html: message.html,
    ...(message.replyTo ? { replyTo: message.replyTo } : {}),
    ...(message.inReplyTo ? { inReplyTo: message.inReplyTo } : {}),
    ...(message.references?.length ? { references: message.references } : {}),
    headers,
  });
  return composer.compile().build();
}

/** Sends email through Amazon SES (SendRawEmail, so the unsubscribe headers reach the client's mailbox). */
export class SesEmailSender implements EmailSender {
  constructor(
    private readonly ses: SESClient,
    private readonly options: SesEmailSenderOptions,
  ) {}

  async send(message: EmailMessage): Promise<{ providerId: string }> {
    const raw = await composeEmail(this.options.from, message);
    try {
      const result = await this.ses.send(
        new SendRawEmailCommand({
          RawMessage: { Data: raw },
          ...(this.options.configurationSet ? { ConfigurationSetName: this.options.configurationSet } : {}),
        }),
      );
      return { providerId: result.MessageId ?? 'unknown' };
    } catch (error) {
      const name = (error as Error).name;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      if (PERMANENT.has(name)) {
        throw new PermanentDeliveryError(`SES refused the email (${name})`, `ses: ${name}`, false, { cause: error });
      }
      const code = String((error as { code?: unknown }).code ?? '');
      if (status === undefined && !/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|UNREACH/.test(`${code} ${(error as Error).message}`)) {
        throw new UnknownDeliveryError(`no answer from SES (${name}); the email may have gone out`, { cause: error });
      }
      throw new TransientDeliveryError(`SES failed (${name}${status ? `, HTTP ${status}` : ''}); will retry`, { cause: error });
    }
  }
}
