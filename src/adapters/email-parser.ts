import { simpleParser, type AddressObject } from 'mailparser';
import EmailReplyParser from 'email-reply-parser';
import { createHash } from 'node:crypto';
import { ValidationError } from '#domain/errors';
import { clientWords } from '#domain/triage';
import type { InboundEmail } from '#use-cases/replies';

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);

/**
 * Reads a raw RFC 5322 message (mailparser) and keeps only the new part of the reply: quoted history and
 * signature are dropped (email-reply-parser).
 */
export async function parseInboundEmail(raw: Buffer | string): Promise<InboundEmail> {
  const parsed = await simpleParser(raw);
  const from = addresses(parsed.from)[0];
  if (!from) throw new ValidationError([{ field: 'from', message: 'the message has no sender address' }]);
  const deliveredTo = parsed.headers.get('delivered-to');
  const recipients = [
    ...addresses(parsed.to),
    ...addresses(parsed.cc),
    ...(typeof deliveredTo === 'string' ? [deliveredTo.toLowerCase()] : []),
  ];
  const body = parsed.text ?? (typeof parsed.html === 'string' ? parsed.html.replace(/<[^>]+>/g, ' ') : '');
  // The parser misses some layouts (a quote header without an address, Outlook's header block); clientWords catches
  // those. An empty reply (a photo, or just "send") stays empty: the quoted history is not the client's words.
  const visible = new EmailReplyParser().parseReply(body).trim() || clientWords(body);
  return {
    from,
    recipients,
    text: visible,
    messageId: parsed.messageId ?? createHash('sha256').update(raw).digest('hex'),
  };
}
