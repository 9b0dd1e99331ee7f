import { createHash, randomUUID } from 'node:crypto';
import { DateTime } from 'luxon';
import { ConflictError, NotFoundError } from '#domain/errors';
import { parseSessionRequest } from '#domain/intake';
import { channelViews, contactId, contactKeysOf, optedOutChannels, type ChannelView } from '#domain/contact-state';
import { planFollowUps } from '#domain/plan';
import type { BookingSourceId, Channel, ClientLanguage, ContactPoint, FollowUp, MessageRecord, Session } from '#domain/model';
import type { SendingHours } from '#domain/quiet-hours';
import type { Clock } from '#domain/time';
import type { ContactStore } from '#ports/contact-store';
import type { Log } from '#ports/log';
import type { FollowUpStore } from '#ports/follow-up-store';
import type { SessionStore, SessionView } from '#ports/session-store';
import { escalationView } from './escalations.ts';
import { cancelFollowUps } from './follow-up-moves.ts';

export interface SessionDeps {
  sessions: SessionStore;
  followUps: FollowUpStore;
  contacts: Pick<ContactStore, 'get'>;
  clock: Clock;
  log: Log;
  settings: {
    timezone: string;
    phoneRegion: string;
    sendingHours: SendingHours;
    consentWordingVersion: string;
    defaultLanguage: ClientLanguage;
  };
}

/** A second session for the same phone or email within this many hours of the first is probably entered twice. */
export const DUPLICATE_WINDOW_HOURS = 12;

/** The session of this client (same phone or email) that ended within DUPLICATE_WINDOW_HOURS, not cancelled. */
/**
 * A booking (from a booking source) is a duplicate only of a session the therapist entered by hand: two bookings with
 * their own ids are two massages, but a booking and a hand entry of the same client within 12 h are one.
 */
async function sameClientSession(
  deps: Pick<SessionDeps, 'sessions'>,
  client: { phone?: string; email?: string },
  endedAt: Date,
  fromBooking: boolean,
): Promise<Session | undefined> {
  if (!client.phone && !client.email) return undefined;
  const window = DUPLICATE_WINDOW_HOURS * 3_600_000;
  const sessions = await deps.sessions.forContact(client, 10);
  return sessions.find(
    (s) => s.status !== 'cancelled' && !(fromBooking && s.source) && Math.abs(new Date(s.endedAt).getTime() - endedAt.getTime()) < window,
  );
}

/** A follow-up still to be sent: pending (scheduled or deferred) or held. */
const waiting = (fu: FollowUp) => fu.status === 'pending' || fu.status === 'held';

/**
 * What the API shows of a follow-up: "deferred" when quiet hours moved it, "scheduled" otherwise; "opted-out" when it
 * is still to be sent and every one of its channels is opted out (the sender will skip it). `channelStatus` says the
 * same per channel: a channel still to be sent reads as the follow-up does, or "opted-out"; a sent one, its outcome.
 */
export const followUpView = (fu: FollowUp, optedOut: ReadonlySet<Channel> = new Set()) => {
  const channels = Object.keys(fu.channels) as Channel[];
  const base = fu.status === 'pending' ? (fu.sendAt > fu.dueAt ? 'deferred' : 'scheduled') : fu.status === 'claimed' ? 'sending' : fu.status;
  const blocked = (channel: Channel) => waiting(fu) && fu.channels[channel]?.status === 'pending' && optedOut.has(channel);
  const channelStatus = Object.fromEntries(
    channels.map((channel) => [channel, blocked(channel) ? 'opted-out' : fu.channels[channel]?.status === 'pending' ? base : (fu.channels[channel]?.status ?? base)]),
  ) as Partial<Record<Channel, string>>;
  return {
    step: fu.step,
    dueAt: fu.dueAt,
    sendAt: fu.sendAt,
    status: channels.length > 0 && channels.every(blocked) ? 'opted-out' : base,
    channels,
    channelStatus,
    delivery: fu.channels,
    ...(fu.reason ? { reason: fu.reason } : {}),
    ...(fu.reasonCode ? { reasonCode: fu.reasonCode } : {}),
  };
};

/** Conversation order: by time; at the same instant a client's message before the answer to it. */
export const conversationOrder = (a: MessageRecord, b: MessageRecord): number =>
  a.at.localeCompare(b.at) || (a.direction === b.direction ? 0 : a.direction === 'inbound' ? -1 : 1);

/**
 * A session as the API shows it. `contacts`: the contact points read for it (a missing one was never opted out);
 * `channels` says each channel's consent and opt-out, and follow-ups for an opted-out channel read "opted-out".
 */
export const sessionView = ({ session, followUps, messages, escalations }: SessionView, contacts: ReadonlyMap<string, ContactPoint>) => {
  const channels: ChannelView[] = channelViews(session, contacts);
  const optedOut = optedOutChannels(channels);
  return {
    id: session.id,
    status: session.status,
    client: session.client,
    endedAt: session.endedAt,
    createdAt: session.createdAt,
    ...(session.modality ? { modality: session.modality } : {}),
    ...(session.cancelledAt ? { cancelledAt: session.cancelledAt } : {}),
    ...(session.restoredAt ? { restoredAt: session.restoredAt } : {}),
    ...(session.edits ? { edits: session.edits } : {}),
    ...(session.source ? { source: session.source } : {}),
    consent: session.consent,
    channels,
    followUps: followUps.map((fu) => followUpView(fu, optedOut)),
    messages: [...messages].sort(conversationOrder),
    escalations: escalations.map(escalationView),
  };
};

/** The contact points of these sessions, in one read (each address once), by `contactId`. */
export async function contactsOf(contacts: Pick<ContactStore, 'get'>, sessions: readonly Pick<Session, 'client'>[]): Promise<Map<string, ContactPoint>> {
  const keys = new Map(sessions.flatMap(contactKeysOf).map((key) => [contactId(key), key]));
  if (keys.size === 0) return new Map();
  return new Map((await contacts.get([...keys.values()])).map((point) => [contactId(point), point]));
}

export type SessionResponse = ReturnType<typeof sessionView>;

/**
 * A session that came from a booking source (use-cases/bookings.ts): where from and, when the client agreed to
 * aftercare messages while booking there, the version of that source's consent statement (stored with each consent).
 */
export interface SessionOrigin {
  source: BookingSourceId;
  consentVersion?: string;
}

/** Objects with their keys sorted: the same body with its fields in another order reads the same. */
const sortedKeys = (_key: string, value: unknown) =>
  value && typeof value === 'object' && !Array.isArray(value)
    ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    : value;

/** What an Idempotency-Key remembers of the body: a hash of its canonical JSON. */
const fingerprint = (body: unknown) => createHash('sha256').update(JSON.stringify(body ?? null, sortedKeys)).digest('hex');

/**
 * Enters a completed session.
 * Input: the request body and an optional Idempotency-Key. Output: the stored session with its three follow-ups.
 * Steps: validate and normalise; unless `force`, a session of the same client (phone or email) that ended within
 * 12 h is answered instead, with `duplicateOf` (the same client entered twice gets one "thanks for your massage");
 * plan the follow-ups in the client's zone; store session, follow-ups, consent and the idempotency key in one
 * transaction; a repeated key returns the first session instead of a second one.
 */
export async function enterSession(
  deps: SessionDeps,
  body: unknown,
  idempotencyKey?: string,
  origin?: SessionOrigin,
): Promise<{ created: boolean; session: SessionResponse; duplicateOf?: string; message?: string }> {
  const now = deps.clock.now();
  const request = parseSessionRequest(body, {
    now,
    defaultTimezone: deps.settings.timezone,
    defaultLanguage: deps.settings.defaultLanguage,
    phoneRegion: deps.settings.phoneRegion,
    consentWordingVersion: deps.settings.consentWordingVersion,
  });
  if (!request.force) {
    const first = await sameClientSession(deps, request.client, request.endedAt, origin !== undefined);
    // A retry with the first one's Idempotency-Key is that session again (below), not a duplicate.
    if (first && !(idempotencyKey && first.idempotencyKey === idempotencyKey)) {
      deps.log.info('session not entered: the same client has one within 12 h', { sessionId: first.id });
      const from = DateTime.fromISO(first.endedAt, { zone: deps.settings.timezone }).toFormat('h:mm a, ccc d LLL');
      return {
        created: false,
        session: await getSession(deps, first.id),
        duplicateOf: first.id,
        message: `${first.client.firstName} already has a session from ${from}, so nothing new was sent. To add another, send it again with "force": true.`,
      };
    }
  }
  const id = randomUUID();
  const at = now.toISOString();
  const consentFor = (channel: Channel) => ({
    granted: request.consent[channel],
    at,
    source: origin?.consentVersion ? `booking-${origin.source}` : 'therapist-intake',
    wordingVersion: origin?.consentVersion ?? request.consentWordingVersion,
  });
  const session: Session = {
    id,
    client: request.client,
    endedAt: request.endedAt.toISOString(),
    createdAt: at,
    ...(request.modality ? { modality: request.modality } : {}),
    consent: { sms: consentFor('sms'), email: consentFor('email') },
    status: 'active',
    ...(idempotencyKey ? { idempotencyKey } : {}),
    ...(origin ? { source: origin.source } : {}),
  };
  const followUps = planFollowUps({
    sessionId: id,
    endedAt: request.endedAt,
    now,
    client: request.client,
    ...(request.modality ? { modality: request.modality } : {}),
    channels: request.channels,
    sendingHours: deps.settings.sendingHours,
  });
  const contacts: ContactPoint[] = request.channels.map((channel) => ({
    channel,
    address: (channel === 'sms' ? request.client.phone : request.client.email) as string,
    optedOut: false,
    consent: consentFor(channel),
  }));

  const stored = await deps.sessions.create({
    session,
    followUps,
    contacts,
    ...(idempotencyKey ? { idempotency: { key: idempotencyKey, fingerprint: fingerprint(body) } } : {}),
  });
  if (!stored.created) {
    if (stored.fingerprint !== fingerprint(body)) {
      throw new ConflictError('Idempotency-Key was already used for a different session; use a new key for a new session');
    }
    return { created: false, session: await getSession(deps, stored.sessionId) };
  }
  deps.log.info('session entered', {
    sessionId: id,
    channels: request.channels,
    followUps: followUps.map((fu) => ({ step: fu.step, status: fu.status, sendAt: fu.sendAt })),
  });
  // An address may have opted out before this session (a STOP outlives sessions): read it, so the answer says so.
  return { created: true, session: sessionView({ session, followUps, messages: [], escalations: [] }, await contactsOf(deps.contacts, [session])) };
}

export async function getSession(deps: Pick<SessionDeps, 'sessions' | 'contacts'>, id: string): Promise<SessionResponse> {
  const view = await deps.sessions.view(id);
  if (!view) throw new NotFoundError(`No session with id ${id}`);
  return sessionView(view, await contactsOf(deps.contacts, [view.session]));
}

/**
 * Cancels a session: every follow-up not yet sent is cancelled (one being sent is settled cancelled once its sender
 * is done); sent ones stay in the record. Cancelling again finishes what an interrupted cancel left.
 */
export async function cancelSession(deps: Pick<SessionDeps, 'sessions' | 'followUps' | 'contacts' | 'clock' | 'log'>, id: string): Promise<SessionResponse> {
  const now = deps.clock.now();
  if (!(await deps.sessions.get(id))) throw new NotFoundError(`No session with id ${id}`);
  await deps.sessions.markCancelled(id, now);
  await cancelFollowUps(deps.followUps, id, now);
  deps.log.info('session cancelled', { sessionId: id });
  return getSession(deps, id);
}
