import { DateTime } from 'luxon';
import type { Channel, MessageRecord, Session } from './model.ts';
import { nextSendableInstant, type SendingHours } from './quiet-hours.ts';
import type { Language } from './triage.ts';

/**
 * The therapist's inbox: every client message a person has to answer. Triage decides how fast the therapist hears of
 * a reply (an escalation at once, the rest in a digest), never whether.
 */

/** Categories that need nobody's answer: a thanks, and keywords (STOP, HELP, …, `keyword:<intent>`). */
const ANSWERED_BY_ITSELF = new Set(['positive']);
/** Escalations reach the therapist at once through their own notifier (and are on the page as escalations). */
const ESCALATED = new Set(['urgent', 'escalate']);

/**
 * A message is a needs-reply item when it is a client's own words that nobody has answered: inbound, from the
 * client, not a keyword, not a pure thanks, not escalated, not a machine's (out-of-office, "I'm driving").
 * An unverified email is one too (it is shown, flagged), but it is not sent to the therapist's phone: see
 * `digestWorthy`.
 */
export function needsReply(message: MessageRecord): boolean {
  const category = message.triage?.category;
  if (message.direction !== 'inbound' || message.party !== 'client' || !category) return false;
  if (category.startsWith('keyword:') || ANSWERED_BY_ITSELF.has(category) || ESCALATED.has(category)) return false;
  return !message.automatic;
}

/**
 * Whether a needs-reply item goes into the therapist's text and email digest: not an unverified email, which may be
 * spam or someone else entirely (it waits on the page, flagged, for the therapist to judge).
 */
export const digestWorthy = (item: Pick<InboxItem, 'unverified'>): boolean => !item.unverified;

export type InboxStatus = 'open' | 'handled';

/** A client message waiting for the therapist's answer; kept, with who handled it and when, after it is handled. */
export interface InboxItem {
  sessionId: string;
  /** The inbound message's id. */
  messageId: string;
  at: string;
  channel: Channel;
  clientName: string;
  /** The client's phone (E.164) or email address. */
  clientContact: string;
  text: string;
  category: string;
  sessionEndedAt: string;
  modality?: string;
  unverified?: boolean;
  status: InboxStatus;
  /** When a digest told the therapist about it; absent while it waits for one (or when it never goes in one). */
  notifiedAt?: string;
  handledAt?: string;
  /** "therapist" (the page) and how: `mark-handled`, or `answered` by a message sent from the page. */
  handledBy?: string;
  handledVia?: 'mark-handled' | 'answered';
}

export const inboxItem = (session: Session, message: MessageRecord): InboxItem => ({
  sessionId: session.id,
  messageId: message.id,
  at: message.at,
  channel: message.channel,
  clientName: session.client.name,
  clientContact: (message.channel === 'sms' ? session.client.phone : session.client.email) ?? session.client.phone ?? session.client.email ?? '',
  text: message.body ?? '',
  category: message.triage?.category ?? 'other',
  sessionEndedAt: session.endedAt,
  ...(session.modality ? { modality: session.modality } : {}),
  ...(message.unverified ? { unverified: true } : {}),
  status: 'open',
});

/** Marks an open item handled; undefined when it was handled already (the first one to handle it is kept). */
export function handle(item: InboxItem, via: NonNullable<InboxItem['handledVia']>, now: Date): InboxItem | undefined {
  if (item.status !== 'open') return undefined;
  return { ...item, status: 'handled', handledAt: now.toISOString(), handledBy: 'therapist', handledVia: via };
}

/** The digest's state: when the last one went, and the claim of the one being sent. */
export interface DigestState {
  lastSentAt?: string;
  claim?: DigestClaim;
}

export interface DigestClaim {
  token: string;
  /** A sender that died leaves its claim to lapse; the next sweep takes the same digest over. */
  until: string;
  /** The items this digest carries, fixed when it is claimed, so a retry sends the same digest. */
  items: { sessionId: string; messageId: string }[];
  /** The channels already sent (provider id), or given up on for good: a retry sends only the others. */
  done: Partial<Record<Channel, string>>;
}

export interface DigestRules {
  /** At most one digest per this many minutes; 0 sends each item at once. */
  minutes: number;
  /** The therapist's own working hours, in the practice's zone; outside them items wait for the next window. */
  hours: SendingHours;
  zone: string;
}

/**
 * When the next digest may go: once `minutes` have passed since the last one, and only inside the therapist's
 * hours (the first of the next window otherwise).
 */
export function nextDigestAt(state: DigestState, now: Date, rules: DigestRules): Date {
  const spaced = state.lastSentAt ? new Date(Date.parse(state.lastSentAt) + rules.minutes * 60_000) : now;
  return nextSendableInstant(spaced > now ? spaced : now, rules.zone, rules.hours);
}

/** A lapsed claim, taken over: the same items, the channels already done kept; undefined when a live claim holds it. */
export function claimDigest(
  state: DigestState,
  items: DigestClaim['items'],
  token: string,
  now: Date,
  leaseMinutes: number,
): DigestClaim | undefined {
  if (state.claim && state.claim.until > now.toISOString()) return undefined;
  const until = new Date(now.getTime() + leaseMinutes * 60_000).toISOString();
  if (state.claim) return { ...state.claim, token, until };
  return { token, until, items, done: {} };
}

type DayPart = 'morning' | 'afternoon' | 'evening';

const dayPart = (hour: number): DayPart => (hour < 12 ? 'morning' : hour < 17 ? 'afternoon' : 'evening');

const SPANISH_PART: Record<DayPart, { this: string; tomorrow: string; on: string }> = {
  morning: { this: 'esta mañana', tomorrow: 'mañana por la mañana', on: 'por la mañana' },
  afternoon: { this: 'esta tarde', tomorrow: 'mañana por la tarde', on: 'por la tarde' },
  evening: { this: 'esta noche', tomorrow: 'mañana por la noche', on: 'por la noche' },
};
const SPANISH_DAYS = ['lunes', 'martes', 'miercoles', 'jueves', 'viernes', 'sabado', 'domingo'];

/**
 * When the therapist will see a message that arrives `now`, in words for the client's automatic answer: "will see
 * this today" inside the therapist's hours, else "this evening", "tomorrow morning", "on Monday morning" (from the
 * start of the therapist's next window, in the practice's zone). GSM-7 in both languages.
 */
export function seenWhen(now: Date, rules: Pick<DigestRules, 'hours' | 'zone'>, language: Language = 'en'): string {
  const seen = nextSendableInstant(now, rules.zone, rules.hours);
  const es = language === 'es';
  if (seen.getTime() === now.getTime()) return es ? 'lo vera hoy' : 'will see this today';
  const local = DateTime.fromJSDate(now, { zone: rules.zone }).startOf('day');
  const when = DateTime.fromJSDate(seen, { zone: rules.zone });
  const days = Math.round(when.startOf('day').diff(local, 'days').days);
  const part = dayPart(when.hour);
  if (es) {
    const words = SPANISH_PART[part];
    if (days === 0) return `lo vera ${words.this}`;
    if (days === 1) return `lo vera ${words.tomorrow}`;
    return `lo vera el ${SPANISH_DAYS[when.weekday - 1] ?? ''} ${words.on}`;
  }
  if (days === 0) return `will see this this ${part}`;
  if (days === 1) return `will see this tomorrow ${part}`;
  return `will see this on ${when.setLocale('en-US').toFormat('cccc')} ${part}`;
}
