import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import EmailReplyParser from 'email-reply-parser';
import { createHash } from 'node:crypto';
import { ValidationError } from '#domain/errors';
import { isAutomaticEmail } from '#domain/inbound-checks';
import { clientWords } from '#domain/triage';

/** What a raw message says about itself; the receiving checks and envelope come from SES's event, not from here. */
export interface ParsedEmail {
  /** The header `From` address, lower-cased. */
  from: string;
  /** The new text of the reply, quoted history and signature removed. */
  text: string;
  /** The characters of the whole body, when more than was read. */
  fullLength?: number;
  messageId: string;
  /** The Message-ID header itself (`<…@…>`), when the message has one: an answer's In-Reply-To. */
  headerMessageId?: string;
  subject?: string;
  /** Sent by a machine (RFC 3834 auto-reply, list, bulk, out-of-office). */
  automatic: boolean;
  /** More than one From header or mailbox: which one the receiving checks vouched for is unknown. */
  ambiguousSender: boolean;
}

/**
 * Reading stops here: a reply's new words come first, and the reply parser's time grows with the text. What
 * follows is not read (the raw message stays in the inbound store).
 */
const READ_LIMIT = 100_000;

const addresses = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((a) => a.value.map((v) => (v.address ?? '').toLowerCase())).filter(Boolean);

const headerText = (parsed: ParsedMail, name: string): string | undefined => {
  const value = parsed.headers.get(name);
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : typeof value === 'object' && value && 'value' in value ? String(value.value) : String(value);
};

/**
 * Reads a raw RFC 5322 message (mailparser) and keeps only the new part of the reply: quoted history and
 * signature are dropped (email-reply-parser).
 */
export async function parseInboundEmail(raw: Buffer | string): Promise<ParsedEmail> {
  const parsed = await simpleParser(raw);
  const from = addresses(parsed.from)[0];
  if (!from) throw new ValidationError([{ field: 'from', message: 'the message has no sender address' }]);
  const whole = parsed.text ?? (typeof parsed.html === 'string' ? parsed.html.replace(/<[^>]+>/g, ' ') : '');
  const body = whole.slice(0, READ_LIMIT);
  // The parser misses some layouts (a quote header without an address, Outlook's header block); clientWords catches
  // those. An empty reply (a photo, or just "send") stays empty: the quoted history is not the client's words.
  const visible = new EmailReplyParser().parseReply(body).trim() || clientWords(body);
  const automatic = isAutomaticEmail({
    ...optional('autoSubmitted', headerText(parsed, 'auto-submitted')),
    ...optional('precedence', headerText(parsed, 'precedence')),
    ...optional('xAutoreply', headerText(parsed, 'x-autoreply')),
    ...optional('xAutorespond', headerText(parsed, 'x-autorespond')),
    ...optional('subject', parsed.subject),
  });
  return {
    from,
    text: visible,
    ...(whole.length > body.length ? { fullLength: whole.length } : {}),
    // A message id is the sender's to choose, of any length: it is hashed before it becomes a key.
    messageId: parsed.messageId ?? createHash('sha256').update(raw).digest('hex'),
    ...optional('headerMessageId', parsed.messageId && /^<[^<>\s]+@[^<>\s]+>$/.test(parsed.messageId) && parsed.messageId.length <= 998 ? parsed.messageId : undefined),
    ...optional('subject', parsed.subject?.slice(0, 200)),
    automatic,
    ambiguousSender: parsed.headerLines.filter((h) => h.key === 'from').length > 1 || addresses(parsed.from).length > 1,
  };
}

const optional = <K extends string>(key: K, value: string | undefined): Partial<Record<K, string>> =>
  (value === undefined ? {} : { [key]: value }) as Partial<Record<K, string>>;
