import type { Channel, ChannelDelivery, Escalation, Session } from '#domain/model';
import type { Refused } from '#domain/transition';

/**
 * The escalation lifecycle: open (one per session; later warning replies are appended to it), notification rounds
 * (claimed by one notifier, each channel recorded, then the next look: a retry soon or a re-notification), and
 * acknowledgement. As for follow-ups, each change is from → next plus what the store must still find.
 *
 *   open ──claim──► notifying ──record channel… ──complete round──► open (next look at nextNotifyAt)
 *    ▲ append (new reply: new round at once)                      └──acknowledge──► acknowledged
 */

export type EscalationReply = Escalation['replies'][number];

export interface EscalationExpect {
  name: 'stillOpen' | 'notYetClaimed' | 'stillOurs';
  status?: 'open';
  round?: number;
  /** nextNotifyAt is at or before this instant. */
  nextNotifyBy?: string;
  /** No notifier holds it, or its claim lapsed by this instant. */
  claimFreeBy?: string;
  /** The claim as read: its token, or null for none. */
  claimToken?: string | null;
}

export interface EscalationTransition {
  from: Escalation;
  next: Escalation;
  expect: EscalationExpect;
}

export type EscalationStep = EscalationTransition | Refused;

export function escalationMatches(expect: EscalationExpect, current: Escalation): boolean {
  if (expect.status !== undefined && current.status !== expect.status) return false;
  if (expect.round !== undefined && current.round !== expect.round) return false;
  if (expect.nextNotifyBy !== undefined && !(current.nextNotifyAt !== undefined && current.nextNotifyAt <= expect.nextNotifyBy)) return false;
  if (expect.claimFreeBy !== undefined && current.notifyClaim && current.notifyClaim.until > expect.claimFreeBy) return false;
  if (expect.claimToken !== undefined && (current.notifyClaim?.token ?? null) !== expect.claimToken) return false;
  return true;
}

const NEW_ROUND = (): Escalation['notify'] => ({ sms: { status: 'pending' }, email: { status: 'pending' } });

const withoutClaim = (e: Escalation): Escalation => {
  const { notifyClaim: _claim, ...rest } = e;
  return rest;
};

/** A warning reply on a session without an open escalation: a new one, its first notification due now. */
/**
 * An escalation is one record, so what it keeps is bounded whatever arrives: each reply's first 1,000 characters
 * (the whole text is in the message log) and the latest 20 replies.
 */
export const ESCALATION_REPLY_CHARS = 1_000;
export const ESCALATION_REPLIES_KEPT = 20;
const bounded = (reply: EscalationReply): EscalationReply =>
  reply.text.length <= ESCALATION_REPLY_CHARS ? reply : { ...reply, text: `${reply.text.slice(0, ESCALATION_REPLY_CHARS)}…` };

export function openEscalation(session: Session, reply: EscalationReply, urgent: boolean, now: Date, id: string): Escalation {
  const at = now.toISOString();
  return {
    id,
    sessionId: session.id,
    status: 'open',
    urgent,
    createdAt: at,
    clientName: session.client.name,
    clientContact: session.client.phone ?? session.client.email ?? 'unknown',
    replies: [bounded(reply)],
    round: 1,
    notify: NEW_ROUND(),
    nextNotifyAt: at,
    updatedAt: at,
  };
}

/**
 * A later warning reply is news: the therapist is told again now, in a new round. Urgent stays urgent (a calmer
 * reply does not take the red off). A notifier still sending the earlier reply loses its claim, so its outcome cannot
 * mark the new round delivered. Expects the round and claim it read, so two replies at once both land.
 */
export function appendReply(e: Escalation, reply: EscalationReply, urgent: boolean, now: Date): EscalationStep {
  if (e.status !== 'open') return { refused: 'append: the escalation was acknowledged' };
  const at = now.toISOString();
  return {
    from: e,
    next: { ...withoutClaim(e), replies: [...e.replies, bounded(reply)].slice(-ESCALATION_REPLIES_KEPT), urgent: e.urgent || urgent, nextNotifyAt: at, round: e.round + 1, notify: NEW_ROUND(), updatedAt: at },
    expect: { name: 'stillOpen', status: 'open', round: e.round, claimToken: e.notifyClaim?.token ?? null },
  };
}

/** Every channel of the round has its answer: the next notification is a re-notification in a new round. */
export const roundDelivered = (e: Escalation): boolean =>
  Object.values(e.notify).every((d) => d?.status === 'sent' || d?.status === 'failed');

/**
 * One notifier takes a due notification until `until` (a claim whose notifier died may be taken over once it
 * lapses). When the last round reached every channel, the claim starts the next round with every channel pending.
 */
export function claimNotification(e: Escalation, token: string, now: Date, until: Date): EscalationStep {
  const at = now.toISOString();
  if (e.status !== 'open') return { refused: 'claim: the escalation was acknowledged' };
  if (e.nextNotifyAt === undefined || e.nextNotifyAt > at) return { refused: 'claim: no notification due' };
  if (e.notifyClaim && e.notifyClaim.until > at) return { refused: 'claim: another notifier holds it' };
  const claimed = { ...e, notifyClaim: { token, until: until.toISOString() } };
  return {
    from: e,
    next: roundDelivered(e) ? { ...claimed, round: e.round + 1, notify: NEW_ROUND() } : claimed,
    expect: { name: 'notYetClaimed', status: 'open', round: e.round, nextNotifyBy: at, claimFreeBy: at },
  };
}

/** One channel's delivery to the therapist, recorded the moment it is known, while the claim is ours. */
export function recordDelivery(e: Escalation, token: string, channel: Channel, delivery: ChannelDelivery, at: string): EscalationStep {
  if (e.notifyClaim?.token !== token) return { refused: 'record: the claim is not ours' };
  return {
    from: e,
    next: { ...e, notify: { ...e.notify, [channel]: delivery }, updatedAt: at },
    expect: { name: 'stillOurs', claimToken: token },
  };
}

/** Ends the claim and says when to look again; an acknowledged escalation stays out of the due index. */
export function completeRound(e: Escalation, token: string, nextNotifyAt: string, now: Date): EscalationStep {
  if (e.notifyClaim?.token !== token) return { refused: 'complete: the claim is not ours' };
  return {
    from: e,
    next: { ...withoutClaim(e), nextNotifyAt, updatedAt: now.toISOString() },
    expect: { name: 'stillOurs', status: 'open', claimToken: token },
  };
}

/** The therapist has seen it: no more notifications. (The use case then releases what it held.) */
export function acknowledge(e: Escalation, via: string, now: Date): EscalationStep {
  if (e.status !== 'open') return { refused: 'acknowledge: already acknowledged' };
  const at = now.toISOString();
  const { nextNotifyAt: _next, ...rest } = e;
  return {
    from: e,
    next: { ...rest, status: 'acknowledged', acknowledgedAt: at, acknowledgedVia: via, updatedAt: at },
    expect: { name: 'stillOpen', status: 'open' },
  };
}

/** The therapist's "OK" acknowledges only what they were texted about, never one opened a moment ago unseen. */
export const therapistWasTexted = (e: Escalation): boolean => e.notify.sms?.status === 'sent' || e.round > 1;
