/// <reference lib="dom" />
import type { ChannelView, FollowUpView, SessionView } from './api.ts';
import { acknowledgedHistory } from './acknowledge.ts';
import { h } from './dom.ts';
import { editable, undoable } from './edit.ts';
import { clientTime, clientTimeParts, displayPhone, longTime } from './format.ts';
import { sourceLabel } from './bookings.ts';

const STEP_NAMES: Record<string, string> = { '2h': '2 h', '24h': '24 h', '48h': '48 h' };
const CHANNEL_NAMES: Record<string, string> = { sms: 'Text', email: 'Email' };

/** What the therapist reads for a follow-up: one word (and a CSS class), the time that goes with it, a detail line. */
export interface StepState {
  word: string;
  kind: string;
  at: string;
  detail: string;
}

const isDelivered = (report: string | undefined) => report !== undefined && /^deliver/i.test(report);
const isUndelivered = (report: string | undefined) => report !== undefined && /^(undelivered|failed|bounce|complain)/i.test(report);

/**
 * Follow-up status → status word. "Delivered" needs a provider delivery report on one of the follow-up's messages;
 * "Deferred" means quiet hours moved it (its time is when it will go, its due time is in the detail). Times are the
 * client's (`timeZone` is the practice's, shown beside them when it differs).
 */
export function stepState(followUp: FollowUpView, session: SessionView, timeZone: string): StepState {
  const clientZone = session.client?.timezone ?? timeZone;
  const channels = Object.entries(followUp.delivery);
  const reports = channels.map(([channel, delivery]) => {
    const message = delivery?.providerId ? session.messages.find((m) => m.providerId === delivery.providerId) : undefined;
    return { channel, delivery, report: message?.deliveryStatus };
  });
  const lastAt = channels.map(([, d]) => d?.at).filter((at): at is string => Boolean(at)).sort().at(-1);
  const channelLine = reports
    .map(({ channel, delivery, report }) => {
      const optedOut = followUp.channelStatus[channel as keyof FollowUpView['channelStatus']] === 'opted-out';
      const state = optedOut
        ? 'opted out'
        : (report ?? (followUp.status === 'sent' || followUp.status === 'failed' || followUp.status === 'skipped' ? delivery?.status : undefined));
      return `${CHANNEL_NAMES[channel] ?? channel}${state && state !== 'pending' ? ` ${state}` : ''}`;
    })
    .join(' · ');
  const reason = followUp.reason ? ` · ${followUp.reason}` : '';
  switch (followUp.status) {
    case 'scheduled':
      return { word: 'Scheduled', kind: 'scheduled', at: followUp.sendAt, detail: channelLine };
    case 'deferred':
      return { word: 'Deferred', kind: 'deferred', at: followUp.sendAt, detail: `due ${clientTime(followUp.dueAt, clientZone, timeZone)}, in quiet hours · ${channelLine}` };
    case 'sending':
      return { word: 'Sending', kind: 'scheduled', at: followUp.sendAt, detail: channelLine };
    case 'sent': {
      const delivered = reports.some((r) => isDelivered(r.report));
      const bounced = !delivered && reports.length > 0 && reports.every((r) => isUndelivered(r.report));
      return {
        word: delivered ? 'Delivered' : bounced ? 'Not delivered' : 'Sent',
        kind: delivered ? 'delivered' : bounced ? 'failed' : 'sent',
        at: lastAt ?? followUp.sendAt,
        detail: channelLine + reason,
      };
    }
    case 'skipped':
      return { word: 'Skipped', kind: 'skipped', at: lastAt ?? followUp.sendAt, detail: followUp.reason ?? channelLine };
    case 'failed':
      return { word: 'Failed', kind: 'failed', at: lastAt ?? followUp.sendAt, detail: channelLine + reason };
    case 'opted-out':
      return { word: 'Opted out', kind: 'skipped', at: followUp.sendAt, detail: `${channelLine} · the client opted out, so nothing will be sent` };
    case 'held':
      return { word: 'Held', kind: 'held', at: followUp.sendAt, detail: 'waiting while an escalation is open' };
    case 'cancelled':
      return { word: 'Cancelled', kind: 'skipped', at: followUp.sendAt, detail: channelLine };
    default:
      return { word: 'Unknown', kind: 'failed', at: lastAt ?? followUp.sendAt, detail: followUp.reason ?? 'the sender stopped mid-send; check before resending' };
  }
}

const CHANNEL_PLURALS: Record<string, string> = { sms: 'Texts', email: 'Emails' };

/**
 * A channel's consent and opt-out in a sentence: "Texts: opted out by a STOP text on Fri, Nov 28, 10:02 AM",
 * "Emails: on, agreed Fri, Nov 27, 3:10 PM", "Texts: back on by a START text on …", "Emails: not agreed at intake".
 */
export function channelLine(channel: ChannelView, timeZone: string): string {
  const name = CHANNEL_PLURALS[channel.channel] ?? channel.channel;
  if (channel.state === 'opted-out') {
    return `${name}: opted out${channel.optedOut ? ` by ${channel.optedOut.how} on ${longTime(channel.optedOut.at, timeZone)}` : ''}`;
  }
  if (channel.state === 'no-consent') return `${name}: not agreed at intake, so none are sent`;
  if (channel.optedBackIn) return `${name}: back on by ${channel.optedBackIn.how} on ${longTime(channel.optedBackIn.at, timeZone)}`;
  return `${name}: on, agreed ${longTime(channel.consent.at, timeZone)}`;
}

/** The channel sentences as a list, opted-out ones marked (the conversation shows the same). */
export const channelList = (channels: ChannelView[], timeZone: string, label: string): HTMLElement =>
  h(
    'ul',
    { class: 'plain channels', 'aria-label': label },
    ...channels.map((channel) =>
      h('li', { class: `channel is-${channel.state}`, 'data-channel': channel.channel }, channelLine(channel, timeZone)),
    ),
  );

export interface SessionActions {
  openConversation: (contact: { phone?: string; email?: string }, name: string) => void;
  cancel: (session: SessionView) => void;
  /** Correct the client's details (while a follow-up waits), undo a cancel (for 10 minutes): web/src/edit.ts. */
  edit?: (session: SessionView) => void;
  undo?: (session: SessionView) => void;
}

const cancellable = (session: SessionView) =>
  session.status === 'active' && session.followUps.some((f) => ['scheduled', 'deferred', 'held'].includes(f.status));

function timeline(session: SessionView, timeZone: string): HTMLElement {
  return h(
    'ol',
    { class: 'timeline', 'aria-label': `Follow-ups for ${session.client.name}` },
    ...session.followUps.map((followUp) => {
      const state = stepState(followUp, session, timeZone);
      const { there, here } = clientTimeParts(state.at, session.client.timezone, timeZone);
      return h(
        'li',
        { class: `step is-${state.kind}`, 'data-step': followUp.step },
        h('span', { class: 'step-name' }, STEP_NAMES[followUp.step] ?? followUp.step),
        h('span', { class: 'badge' }, state.word),
        h('time', { datetime: state.at }, there),
        here ? h('span', { class: 'here' }, here) : null,
        state.detail ? h('span', { class: 'detail' }, state.detail) : null,
      );
    }),
  );
}

/** One card per session: who, when, the three follow-ups on a timeline, and what can be done; `linkedId` is marked. */
export function sessionCards(sessions: SessionView[], timeZone: string, actions: SessionActions, linkedId?: string): HTMLElement[] {
  if (sessions.length === 0) return [h('li', { class: 'empty' }, 'No sessions in the last 3 days.')];
  return sessions.map((session) => {
    const { client } = session;
    const contact = client.phone ? { phone: client.phone } : { email: client.email as string };
    const openEscalation = session.escalations.some((e) => e.status === 'open');
    const conversationButton = h('button', { type: 'button', 'data-key': `conversation-${session.id}` }, 'Conversation');
    conversationButton.addEventListener('click', () => actions.openConversation(contact, client.name));
    const cancelButton = cancellable(session)
      ? h('button', { type: 'button', class: 'danger', 'data-key': `cancel-${session.id}` }, 'Cancel follow-ups')
      : null;
    cancelButton?.addEventListener('click', () => actions.cancel(session));
    const { edit, undo } = actions;
    const editButton = edit && editable(session) ? h('button', { type: 'button', 'data-key': `edit-${session.id}` }, 'Edit') : null;
    editButton?.addEventListener('click', () => edit?.(session));
    const undoButton = undo && undoable(session) ? h('button', { type: 'button', class: 'primary', 'data-key': `undo-${session.id}` }, 'Undo cancel') : null;
    undoButton?.addEventListener('click', () => undo?.(session));
    return h(
      'li',
      {
        class: `session${session.status === 'cancelled' ? ' is-cancelled' : ''}${session.id === linkedId ? ' is-target' : ''}`,
        'data-session': session.id,
        'aria-current': session.id === linkedId ? 'true' : undefined,
      },
      h(
        'div',
        { class: 'session-head' },
        h('h3', {}, client.name),
        session.status === 'cancelled' ? h('span', { class: 'badge is-skipped' }, 'Cancelled') : null,
        openEscalation ? h('span', { class: 'badge is-failed' }, 'Escalated') : null,
      ),
      h(
        'p',
        { class: 'meta' },
        [session.modality, `ended ${longTime(session.endedAt, timeZone)}`, sourceLabel(session)].filter(Boolean).join(' · '),
      ),
      h('p', { class: 'meta' }, [client.phone && displayPhone(client.phone), client.email].filter(Boolean).join(' · ')),
      channelList(session.channels, timeZone, `Consent and opt-outs for ${client.name}`),
      timeline(session, timeZone),
      acknowledgedHistory(session.escalations, timeZone),
      h('div', { class: 'actions' }, conversationButton, editButton, undoButton, cancelButton),
    );
  });
}
