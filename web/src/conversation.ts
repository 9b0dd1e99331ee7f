/// <reference lib="dom" />
import type { MessageView } from './api.ts';
import { reasonsInWords } from '#domain/reason-words';
import { h } from './dom.ts';
import { clientTime } from './format.ts';

const CHANNEL_NAMES: Record<string, string> = { sms: 'Text', email: 'Email' };
const TEMPLATE_NAMES: Record<string, string> = {
  '2h': '2 h follow-up',
  '24h': '24 h follow-up',
  '48h': '48 h follow-up',
  checkin: 'gentle check-in',
  '48h-checkin': 'gentle check-in',
  'therapist-escalation': 'alert to the therapist',
  'therapist-answer': 'your answer',
  'keyword-stop': 'answer to their STOP',
  'keyword-start': 'answer to their START',
  'keyword-help': 'answer to their HELP',
};

/** A template in words: "2 h follow-up", "automatic reply, in Spanish"; never its file name. */
function templateName(template: string): string {
  const [language, name] = template.startsWith('es/') ? ['es', template.slice(3)] : ['en', template];
  const words = TEMPLATE_NAMES[name] ?? (name.startsWith('reply-') ? 'automatic reply' : 'message');
  return language === 'es' ? `${words}, in Spanish` : words;
}

function heading(message: MessageView): string {
  const channel = CHANNEL_NAMES[message.channel] ?? message.channel;
  if (message.author === 'therapist') return `${channel} from you`;
  if (message.direction === 'inbound') return `${channel} from ${message.party === 'therapist' ? 'the therapist' : 'the client'}`;
  return `${channel} to ${message.party === 'therapist' ? 'the therapist' : 'the client'}`;
}

const LONG = 360;

/** A long text (an email) shows its opening; the whole of it is one tap away. */
function body(message: MessageView): HTMLElement[] {
  const text = message.body;
  if (!text) return [h('p', { class: 'body muted' }, message.reason ?? '(no text kept)')];
  if (text.length <= LONG) return [h('p', { class: 'body' }, text)];
  return [
    h('p', { class: 'body preview' }, `${text.slice(0, LONG - 60).trimEnd()}…`),
    h('details', { class: 'whole' }, h('summary', {}, 'Whole message'), h('p', { class: 'body' }, text)),
  ];
}

/** What the therapist should know before acting on a message: who may have sent it, and whether it is all there. */
function notes(message: MessageView): HTMLElement[] {
  const lines: string[] = [];
  if (message.unverified) {
    lines.push('Not verified: this email may not be from your client (it came from another address, or failed the mail checks). Nothing was changed and no automatic answer went out; check with them before acting on it.');
  }
  if (message.automatic) lines.push('An automatic reply (an out-of-office or a phone’s driving mode), so it was not answered.');
  if (message.fullLength) lines.push(`A long message: only its first ${(message.body ?? '').length.toLocaleString('en-US')} characters are kept here (the whole had ${message.fullLength.toLocaleString('en-US')}).`);
  return lines.map((line) => h('p', { class: `note${message.unverified ? ' is-unverified' : ''}` }, line));
}

/** Oldest first; at the same instant, what the client wrote comes before the automatic answer to it. */
const inOrder = (messages: MessageView[]) =>
  [...messages].sort((a, b) => a.at.localeCompare(b.at) || Number(b.direction === 'inbound') - Number(a.direction === 'inbound'));

/**
 * Every message, oldest first: outbound on the right, the client's words on the left with the triage label and
 * reasons; the client's messages at the client's time (`timeZone`, the practice's, beside it when it differs), the
 * therapist's own alerts at the practice's.
 */
export function messageItems(messages: MessageView[], timeZone: string, clientZone = timeZone): HTMLElement[] {
  if (messages.length === 0) return [h('li', { class: 'empty' }, 'No messages yet.')];
  return inOrder(messages).map((message) => {
    const status = message.deliveryStatus ?? message.status;
    return h(
      'li',
      { class: `message is-${message.direction}${message.party === 'therapist' ? ' is-therapist' : ''}${message.author === 'therapist' ? ' is-from-you' : ''}` },
      h(
        'p',
        { class: 'meta' },
        h('strong', {}, heading(message)),
        ` · ${clientTime(message.at, message.party === 'therapist' ? timeZone : clientZone, timeZone)}`,
        message.template ? ` · ${templateName(message.template)}` : '',
        status && message.direction === 'outbound' ? ` · ${status}` : '',
      ),
      ...body(message),
      ...notes(message),
      message.triage
        ? h(
            'p',
            { class: 'triage' },
            h('span', { class: `label is-${message.triage.category}` }, message.triage.category),
            message.triage.reasons.length > 0 ? ` ${reasonsInWords(message.triage.reasons)}` : '',
          )
        : null,
    );
  });
}
