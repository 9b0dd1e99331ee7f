import { DateTime } from 'luxon';
import type { InboxItem } from './inbox.ts';
import { formatPhone } from './phone.ts';
import { escapeHtml } from './templates.ts';
import { forMessage } from './text.ts';

/**
 * The therapist's digest of client messages waiting for an answer, as a text and an email. A list (one entry per
 * message) has no place in a `{{variable}}` template, so it is composed here; every value is escaped in the HTML.
 */

export interface DigestContext {
  publicBaseUrl: string;
  phoneRegion: string;
  /** The practice's zone, in which session dates are shown. */
  zone: string;
}

export interface DigestMessage {
  sms: string;
  subject: string;
  text: string;
  html: string;
}

/** How many messages a digest spells out; the rest are counted, and waiting on the page. */
export const DIGEST_SHOWN = 10;
const SMS_WORDS = 160;

export const conversationUrl = (base: string, sessionId: string) => `${base}/#/sessions/${sessionId}`;

const contactText = (item: InboxItem, region: string) => (item.clientContact.startsWith('+') ? formatPhone(item.clientContact, region) : item.clientContact);

const sessionText = (item: InboxItem, zone: string) => {
  const date = DateTime.fromISO(item.sessionEndedAt, { zone }).setLocale('en-US').toFormat('ccc d LLL');
  return `${item.modality ? `${item.modality} ` : ''}session ${date}`;
};

const clip = (text: string, limit: number) => (text.length > limit ? `${text.slice(0, limit - 3).trimEnd()}...` : text);

const waiting = (count: number) => (count === 1 ? '1 client message needs your reply' : `${count} client messages need your reply`);

export function digestMessage(items: readonly InboxItem[], context: DigestContext): DigestMessage {
  const shown = items.slice(0, DIGEST_SHOWN);
  const more = items.length - shown.length;
  const moreLine = more > 0 ? `...and ${more} more on the page: ${context.publicBaseUrl}/` : '';
  const name = (item: InboxItem) => forMessage(item.clientName);
  const words = (item: InboxItem) => forMessage(item.text);

  const sms = [
    `${waiting(items.length)}:`,
    ...shown.map((item) => `${name(item)} (${contactText(item, context.phoneRegion)}): "${clip(words(item), SMS_WORDS)}" ${conversationUrl(context.publicBaseUrl, item.sessionId)}`),
    moreLine,
  ].filter(Boolean).join('\n');

  const first = shown[0];
  const subject = first && items.length === 1 ? `${name(first)} is waiting for your reply` : `${waiting(items.length)}`;

  const text = [
    `${waiting(items.length)}. Oldest first:`,
    '',
    ...shown.flatMap((item) => [
      `${name(item)}, ${contactText(item, context.phoneRegion)}${item.clientContact.startsWith('+') ? ` (tel:${item.clientContact})` : ''}`,
      `${sessionText(item, context.zone)}, by ${item.channel === 'sms' ? 'text' : 'email'}:`,
      `"${words(item)}"`,
      `Open the conversation: ${conversationUrl(context.publicBaseUrl, item.sessionId)}`,
      '',
    ]),
    moreLine,
  ].join('\n').trimEnd().concat('\n');

  const entry = (item: InboxItem) => {
    const contact = escapeHtml(contactText(item, context.phoneRegion));
    const reach = item.clientContact.startsWith('+')
      ? `<a href="tel:${escapeHtml(item.clientContact)}" style="color:#2b2b2b;">${contact}</a>`
      : `<a href="mailto:${escapeHtml(item.clientContact)}" style="color:#2b2b2b;">${contact}</a>`;
    return [
      '<li style="margin:0 0 20px;">',
      `<p style="margin:0;"><strong>${escapeHtml(name(item))}</strong> &middot; ${reach}</p>`,
      `<p style="margin:0;color:#5b5b5b;">${escapeHtml(sessionText(item, context.zone))}, by ${item.channel === 'sms' ? 'text' : 'email'}</p>`,
      `<blockquote style="margin:8px 0;padding:8px 16px;border-left:4px solid #c9a98b;background:#faf7f3;white-space:pre-wrap;">${escapeHtml(words(item))}</blockquote>`,
      `<p style="margin:0;"><a href="${escapeHtml(conversationUrl(context.publicBaseUrl, item.sessionId))}" style="color:#2b2b2b;">Open the conversation</a></p>`,
      '</li>',
    ].join('\n');
  };
  const html = [
    '<!doctype html>',
    '<html lang="en">',
    '<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f6f4f1;">',
    '<div style="max-width:560px;margin:0 auto;padding:24px;font-family:Helvetica,Arial,sans-serif;font-size:16px;line-height:1.5;color:#2b2b2b;background:#ffffff;">',
    `<p><strong>${escapeHtml(waiting(items.length))}.</strong> Oldest first:</p>`,
    '<ul style="padding:0;list-style:none;">',
    ...shown.map(entry),
    '</ul>',
    more > 0 ? `<p>&hellip;and ${more} more on <a href="${escapeHtml(context.publicBaseUrl)}/" style="color:#2b2b2b;">the page</a>.</p>` : '',
    '</div>',
    '</body>',
    '</html>',
    '',
  ].filter((line, i, all) => line !== '' || i === all.length - 1).join('\n');

  return { sms, subject, text, html };
}
