import type { AcknowledgeOutcome, Channel, ChannelDelivery, Escalation, Session } from '#domain/model';
import * as z from 'zod';
import { parseOrThrow } from '#domain/errors';
import { lineFlaw, withoutInvisibleFormatting } from '#domain/text';
import type { Refused } from '#domain/transition';

/**
 * The escalation lifecycle: open (one per session; later warning replies are appended to it), notification rounds
 * (claimed by one notifier, each channel recorded, then the next look: a retry soon or a re-notification), and
 * acknowledgement. As for follow-ups, each change is from → next plus what the store must still find.
 *
 *   open ──claim──► notifying ──record channel… ──complete round──► open (next look at nextNotifyAt)
 *    ▲ append (new reply: new round at once)                      └──acknowledge──► acknowledged
 *
 * An acknowledgement covers what reached the therapist: the rounds delivered by the channel they answer on. One
 * that answers an older round than the latest reply's (an "OK" to the first text, sent before the text about
 * "now I have chest pain" went out) leaves the escalation open, and its notification goes on.
 */

export type EscalationReply = Escalation['replies'][number];

export interface EscalationExpect {
  name: 'stillOpen' | 'notYetClaimed' | 'stillOurs';
  status?: 'open';
  round?: number;
  /** The latest reply is still the one of this round (absent counts as 1): no reply arrived since it was read. */
  newsRound?: number;
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
  if (expect.newsRound !== undefined && newsRound(current) !== expect.newsRound) return false;
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

/**
 * An escalation is one record, so what it keeps is bounded whatever arrives: each reply's first 1,000 characters
 * (the whole text is in the message log) and the latest 20 replies.
 */
export const ESCALATION_REPLY_CHARS = 1_000;
export const ESCALATION_REPLIES_KEPT = 20;
const bounded = (reply: EscalationReply): EscalationReply =>
  reply.text.length <= ESCALATION_REPLY_CHARS ? reply : { ...reply, text: `${reply.text.slice(0, ESCALATION_REPLY_CHARS)}…` };

/** Where an escalation reaches: its short code, the sessions it holds, the other clients on the same number. */
export interface EscalationScope {
  code?: number;
  heldSessions?: string[];
  sharedWith?: string[];
}

/** A warning reply on a session without an open escalation: a new one, its first notification due now. */
export function openEscalation(session: Session, reply: EscalationReply, urgent: boolean, now: Date, id: string, scope: EscalationScope = {}): Escalation {
  const at = now.toISOString();
  return {
    ...(scope.code !== undefined ? { code: scope.code } : {}),
    ...(scope.heldSessions?.length ? { heldSessions: scope.heldSessions } : {}),
    ...(scope.sharedWith?.length ? { sharedWith: scope.sharedWith } : {}),
    id,
    sessionId: session.id,
    status: 'open',
    urgent,
    createdAt: at,
    clientName: session.client.name,
    clientContact: session.client.phone ?? session.client.email ?? 'unknown',
    replies: [bounded(reply)],
    round: 1,
    newsRound: 1,
    notify: NEW_ROUND(),
    // A map from the start, so that two channels recorded at once each write their own key.
    deliveredRound: {},
    nextNotifyAt: at,
    updatedAt: at,
  };
}

/** The smallest code no open escalation uses (1, 2, 3…), skipping any already tried and lost to a race. */
export function nextCode(open: Pick<Escalation, 'code'>[], tried: readonly number[] = []): number {
  const used = new Set([...open.map((e) => e.code), ...tried]);
  let code = 1;
  while (used.has(code)) code += 1;
  return code;
}

/**
 * A later warning reply is news: the therapist is told again now, in a new round. Urgent stays urgent (a calmer
 * reply does not take the red off). A notifier still sending the earlier reply loses its claim, so its outcome cannot
 * mark the new round delivered. Expects the round and claim it read, so two replies at once both land.
 */
export function appendReply(e: Escalation, reply: EscalationReply, urgent: boolean, now: Date, heldSessions: string[] = []): EscalationStep {
  if (e.status !== 'open') return { refused: 'append: the escalation was acknowledged' };
  const at = now.toISOString();
  const held = [...new Set([...(e.heldSessions ?? []), ...heldSessions])];
  return {
    from: e,
    next: {
      ...withoutClaim(e), replies: [...e.replies, bounded(reply)].slice(-ESCALATION_REPLIES_KEPT), urgent: e.urgent || urgent, nextNotifyAt: at,
      round: e.round + 1, newsRound: e.round + 1, notify: NEW_ROUND(), ...(held.length ? { heldSessions: held } : {}), updatedAt: at,
    },
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
  const texted = textedRound(e);
  const claimed = {
    ...e, notifyClaim: { token, until: until.toISOString() },
    deliveredRound: e.deliveredRound ?? (texted !== undefined ? { sms: texted } : {}),
  };
  return {
    from: e,
    next: roundDelivered(e) ? { ...claimed, round: e.round + 1, notify: NEW_ROUND() } : claimed,
    expect: { name: 'notYetClaimed', status: 'open', round: e.round, nextNotifyBy: at, claimFreeBy: at },
  };
}

/** One channel's delivery to the therapist, recorded the moment it is known, while the claim is ours. */
export function recordDelivery(e: Escalation, token: string, channel: Channel, delivery: ChannelDelivery, at: string): EscalationStep {
  if (e.notifyClaim?.token !== token) return { refused: 'record: the claim is not ours' };
  const delivered = delivery.status === 'sent' ? { deliveredRound: { ...e.deliveredRound, [channel]: e.round } } : {};
  return {
    from: e,
    next: { ...e, notify: { ...e.notify, [channel]: delivery }, ...delivered, updatedAt: at },
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

/** How an acknowledgement came: the therapist's text, the link in an alert, or the page (the API). */
export type AcknowledgeVia = 'therapist-sms' | 'link' | 'api';

export interface Acknowledgement {
  via: AcknowledgeVia;
  by: string;
  /** Absent: the default for the escalation (`defaultOutcome`). */
  outcome?: AcknowledgeOutcome;
  note?: string;
  /** The latest round the therapist saw where they answer; absent: everything (the page shows every reply). */
  seenRound?: number;
}

/** Urgent: the rest of the automated follow-ups are skipped (a human is handling it); otherwise they resume. */
export const defaultOutcome = (e: Pick<Escalation, 'urgent'>): AcknowledgeOutcome => (e.urgent ? 'skip' : 'resume');

/** The round whose reply is the latest news; 1 for escalations from before it was kept. */
export const newsRound = (e: Escalation): number => e.newsRound ?? 1;

/** Refused because a newer reply has not reached the therapist where they answered. */
export interface UnseenReply {
  refused: string;
  unseen: true;
}

export const isUnseen = (step: EscalationStep | UnseenReply): step is UnseenReply => 'unseen' in step;

/**
 * The therapist has seen it: no more notifications, recording who, how, their note and what happens to the held
 * follow-ups. Only if it covers the latest reply: an acknowledgement of an older round leaves it open (the newer
 * round's notification goes on, or is due already). (The use case then releases or skips what it held.)
 */
export function acknowledge(e: Escalation, ack: Acknowledgement, now: Date): EscalationStep | UnseenReply {
  if (e.status !== 'open') return { refused: 'acknowledge: already acknowledged' };
  if (ack.seenRound !== undefined && ack.seenRound < newsRound(e)) {
    return { refused: 'acknowledge: a newer reply has not reached the therapist yet', unseen: true };
  }
  const at = now.toISOString();
  const { nextNotifyAt: _next, ...rest } = e;
  const note = ack.note?.trim();
  return {
    from: e,
    next: {
      ...rest, status: 'acknowledged', acknowledgedAt: at, acknowledgedVia: ack.via, acknowledgedBy: ack.by,
      outcome: ack.outcome ?? defaultOutcome(e), ...(note ? { acknowledgeNote: note } : {}), updatedAt: at,
    },
    expect: { name: 'stillOpen', status: 'open', ...(ack.seenRound !== undefined ? { newsRound: newsRound(e) } : {}) },
  };
}

/**
 * The latest round whose text reached the therapist, or undefined if none did yet. (Before rounds were recorded per
 * channel: this round if its text went out, else the one before.)
 */
export function textedRound(e: Escalation): number | undefined {
  if (e.deliveredRound?.sms !== undefined) return e.deliveredRound.sms;
  if (e.deliveredRound) return undefined;
  if (e.notify.sms?.status === 'sent') return e.round;
  return e.round > 1 ? e.round - 1 : undefined;
}

/** The therapist's "OK" can only answer what they were texted about, never one opened a moment ago unseen. */
export const therapistWasTexted = (e: Escalation): boolean => textedRound(e) !== undefined;

export const ACKNOWLEDGE_NOTE_CHARS = 1_000;

const ackRequestSchema = z.strictObject({
  outcome: z.enum(['resume', 'skip'], 'must be "resume" (the follow-ups go on, as gentle check-ins) or "skip" (skip the rest)').optional(),
  note: z
    .string('must be text')
    .max(ACKNOWLEDGE_NOTE_CHARS, `must be at most ${ACKNOWLEDGE_NOTE_CHARS} characters`)
    .refine((note) => lineFlaw(note.replace(/[\t\r\n]/g, ' ')) === undefined, 'has a hidden or damaged character (perhaps from a copy and paste); please type it again')
    .transform(withoutInvisibleFormatting)
    .optional(),
  round: z.int('must be a whole number').min(1, 'must be 1 or more').optional(),
});

export type AcknowledgeRequest = z.output<typeof ackRequestSchema>;

/**
 * What the therapist may send with an acknowledgement: the outcome (default: `defaultOutcome`), a note (it may run
 * over several lines), and the latest round they read (the page sends the one it shows). Anything else is a 400.
 */
export const parseAcknowledgeRequest = (input: unknown): AcknowledgeRequest => parseOrThrow(ackRequestSchema, input ?? {});
