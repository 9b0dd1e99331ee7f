/// <reference lib="dom" />
import { reasonsInWords } from '#domain/reason-words';
import type { EscalationView } from './api.ts';
import { h } from './dom.ts';
import { clientTime, displayPhone } from './format.ts';

export interface EscalationActions {
  acknowledge: (escalation: EscalationView) => void;
  openConversation: (contact: { phone?: string; email?: string }, name: string) => void;
}

const CHANNEL_NAMES: Record<string, string> = { sms: 'text', email: 'email' };

/**
 * Open escalations, urgent ones first: the client's own words (at the client's time, where `clientZone` knows it), a
 * one-tap call (or email) link, acknowledge.
 */
export function escalationCards(
  escalations: EscalationView[],
  timeZone: string,
  actions: EscalationActions,
  clientZone: (sessionId: string) => string = () => timeZone,
): HTMLElement[] {
  const ordered = [...escalations].sort((a, b) => Number(b.urgent) - Number(a.urgent) || a.createdAt.localeCompare(b.createdAt));
  return ordered.map((escalation) => {
    const isPhone = escalation.clientContact.startsWith('+');
    const contact = isPhone ? { phone: escalation.clientContact } : { email: escalation.clientContact };
    const reach = h(
      'a',
      {
        class: 'button call',
        href: `${isPhone ? 'tel:' : 'mailto:'}${escalation.clientContact}`,
        'data-key': `call-${escalation.id}`,
      },
      isPhone ? `Call ${displayPhone(escalation.clientContact)}` : `Email ${escalation.clientContact}`,
    );
    const acknowledge = h('button', { type: 'button', class: 'primary', 'data-key': `ack-${escalation.id}` }, 'Acknowledge');
    acknowledge.addEventListener('click', () => actions.acknowledge(escalation));
    const conversation = h('button', { type: 'button', 'data-key': `esc-conversation-${escalation.id}` }, 'Conversation');
    conversation.addEventListener('click', () => actions.openConversation(contact, escalation.clientName));
    return h(
      'li',
      { class: `escalation${escalation.urgent ? ' is-urgent' : ''}`, 'data-escalation': escalation.id },
      h('p', { class: 'flag' }, escalation.urgent ? 'Urgent: call now' : 'Needs a call'),
      h('h3', {}, escalation.clientName),
      escalation.sharedWith?.length ? h('p', { class: 'meta' }, `This number or address is shared with ${escalation.sharedWith.join(', ')}: check who wrote.`) : null,
      h(
        'ul',
        { class: 'plain replies' },
        ...escalation.replies.map((reply) =>
          h(
            'li',
            {},
            h('blockquote', {}, reply.text),
            h(
              'p',
              { class: 'meta' },
              `By ${CHANNEL_NAMES[reply.channel] ?? reply.channel}, ${clientTime(reply.at, clientZone(escalation.sessionId), timeZone)}`,
              reply.reasons.length > 0 ? ` · ${reasonsInWords(reply.reasons)}` : '',
            ),
          ),
        ),
      ),
      h('div', { class: 'actions' }, reach, acknowledge, conversation),
      escalation.code === undefined ? null : h('p', { class: 'meta' }, `Or text OK ${escalation.code} back to the alert.`),
    );
  });
}
