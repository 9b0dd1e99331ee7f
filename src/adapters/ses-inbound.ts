import type { SESEventRecord } from 'aws-lambda';
import { senderVerified } from '#domain/inbound-checks';
import type { InboundEmail } from '#use-cases/replies';
import type { ParsedEmail } from './email-parser.ts';

/**
 * The reply as the use case sees it: the envelope recipients and the verdicts from SES's receipt, never from the
 * message's own headers, which the sender writes.
 */
export function inboundEmail(record: SESEventRecord, parsed: ParsedEmail): InboundEmail {
  const { receipt, mail } = record.ses;
  const verdicts = {
    spf: receipt.spfVerdict.status, dkim: receipt.dkimVerdict.status, dmarc: receipt.dmarcVerdict.status,
    spam: receipt.spamVerdict.status, virus: receipt.virusVerdict.status,
  };
  return {
    from: parsed.from,
    recipients: receipt.recipients.map((r) => r.toLowerCase()),
    text: parsed.text,
    ...(parsed.fullLength ? { fullLength: parsed.fullLength } : {}),
    messageId: parsed.messageId,
    ...(parsed.headerMessageId ? { headerMessageId: parsed.headerMessageId } : {}),
    ...(parsed.subject ? { subject: parsed.subject } : {}),
    verified: !parsed.ambiguousSender && senderVerified(verdicts, parsed.from, mail.source),
    automatic: parsed.automatic,
  };
}
