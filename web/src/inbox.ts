/// <reference lib="dom" />
import type { InboxItemView } from './api.ts';
import { h } from './dom.ts';
import { clientTime, displayPhone } from './format.ts';

export interface InboxActions {
  reply: (item: InboxItemView) => void;
  handled: (item: InboxItemView) => void;
}

const CHANNEL_NAMES: Record<string, string> = { sms: 'text', email: 'email' };

const sessionDate = (item: InboxItemView, timeZone: string) =>
  new Date(item.sessionEndedAt).toLocaleDateString('en-US', { timeZone, weekday: 'short', month: 'short', day: 'numeric' });

/** Client messages waiting for an answer, oldest first: who, their words (at the client's time), the session, Reply and Mark handled. */
export function inboxCards(
  items: InboxItemView[],
  timeZone: string,
  actions: InboxActions,
  clientZone: (sessionId: string) => string = () => timeZone,
): HTMLElement[] {
  const ordered = [...items].sort((a, b) => a.at.localeCompare(b.at));
  return ordered.map((item) => {
    const key = `${item.sessionId}-${item.messageId}`;
    const isPhone = item.clientContact.startsWith('+');
    const reply = h('button', { type: 'button', class: 'primary', 'data-key': `inbox-reply-${key}` }, 'Reply');
    reply.addEventListener('click', () => actions.reply(item));
    const handled = h('button', { type: 'button', 'data-key': `inbox-handled-${key}` }, 'Mark handled');
    handled.addEventListener('click', () => actions.handled(item));
    return h(
      'li',
      { class: `inbox-item${item.unverified ? ' is-unverified' : ''}`, 'data-inbox': item.messageId },
      h('h3', {}, item.clientName),
      h(
        'p',
        { class: 'meta' },
        isPhone ? h('a', { href: `tel:${item.clientContact}` }, displayPhone(item.clientContact)) : item.clientContact,
        ` · by ${CHANNEL_NAMES[item.channel] ?? item.channel}, ${clientTime(item.at, clientZone(item.sessionId), timeZone)}`,
      ),
      h('blockquote', {}, item.text || '(no text)'),
      h('p', { class: 'meta' }, `${item.modality ? `${item.modality} session` : 'Session'} of ${sessionDate(item, timeZone)}`),
      item.unverified ? h('p', { class: 'note is-unverified' }, 'Not verified: this email may not be from your client. Check with them before acting on it.') : null,
      h('div', { class: 'actions' }, reply, handled),
    );
  });
}
