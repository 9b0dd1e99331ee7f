import { createHash } from 'node:crypto';
import { AftercareError, ConflictError, NotFoundError, ValidationError, parseOrThrow } from '#domain/errors';
import * as z from 'zod';
import { parseSessionRequest } from '#domain/intake';
import { firstServiceVariation, squareDecision, squareSessionBody, type SquareBookingFacts } from '#domain/bookings/square';
import { parseBookingEvent } from '#domain/bookings/webhook';
import {
  TO_CONFIRM_WINDOW_HOURS,
  endedOccurrences,
  toConfirmFromOccurrence,
  toConfirmId,
  toConfirmPrompt,
  withKnownClient,
  type ToConfirmItem,
} from '#domain/bookings/to-confirm';
import type { BookingSourceId } from '#domain/model';
import type { BookingRecord, BookingStore } from '#ports/booking-store';
import type { CalendarFeed, SquareApi } from '#ports/booking-sources';
import type { InboundStore } from '#ports/message-store';
import { cancelSession, enterSession, getSession, type SessionDeps, type SessionOrigin, type SessionResponse } from './sessions.ts';

/** A source's consent statement: what the client agreed to when booking there (docs/bookings.md). */
export interface SourceConsent {
  statement: string;
  version: string;
}

export interface BookingSettings {
  squareConsent?: SourceConsent;
  bookingsConsent?: SourceConsent;
  icsConsent?: SourceConsent;
  squareServiceModalities: Readonly<Record<string, string>>;
  icsPollMinutes: number;
  /** The practice's zone, in which the page shows "10:00–11:00". */
  timezone: string;
}

export interface BookingDeps extends SessionDeps {
  bookings: BookingStore;
  inbound: InboundStore;
  bookingSettings: BookingSettings;
  /** Present when Square is connected (an access token). */
  square?: SquareApi;
  /** Present when an ICS feed is configured. */
  calendar?: CalendarFeed;
}

const RETRY_MINUTES = [1, 5, 15, 60];
const MAX_ATTEMPTS = 8;
/** A booking that ends within this is entered at once: intake takes an end at most 5 minutes ahead. */
const ENDED_SLACK_MS = 5 * 60_000;

const hash = (value: string) => createHash('sha256').update(value).digest('base64url');
const consentOfSettings = (settings: BookingSettings, source: BookingSourceId): SourceConsent | undefined =>
  ({ square: settings.squareConsent, webhook: settings.bookingsConsent, ics: settings.icsConsent })[source];
const consentOf = (deps: BookingDeps, source: BookingSourceId) => consentOfSettings(deps.bookingSettings, source);

/** Errors kept on the settings view: our own in our words, anything else by its name (never client data). */
const errorText = (error: unknown) => (error instanceof AftercareError ? error.message : `${(error as Error)?.name ?? 'Error'}: the source could not be read`);

async function noteEvent(deps: BookingDeps, source: BookingSourceId, kind: string) {
  await deps.bookings.noteSource({ source, lastEventAt: deps.clock.now().toISOString(), lastEventKind: kind });
}

async function noteError(deps: BookingDeps, source: BookingSourceId, error: unknown) {
  await deps.bookings.noteSource({ source, lastErrorAt: deps.clock.now().toISOString(), lastError: errorText(error) });
}

/** Writes a record over the one read (`previous`), or a conflict: another delivery of the same booking got there first. */
async function save(deps: BookingDeps, previous: BookingRecord | undefined, next: Omit<BookingRecord, 'version' | 'updatedAt'>): Promise<BookingRecord> {
  const record: BookingRecord = { ...next, updatedAt: deps.clock.now().toISOString(), version: previous?.version ?? 0 };
  if (!(await deps.bookings.save(record, previous?.version ?? 0))) {
    throw new ConflictError('Another delivery of this booking is being handled at this moment; send it again in a few seconds');
  }
  return { ...record, version: record.version + 1 };
}

/**
 * Enters a booking's session, or, when the source has no consent statement or the session cannot be entered as it is
 * (no contact details), offers it on the page as a to-confirm item. Not created (a retry, a duplicate of a session
 * entered by hand) is linked to the session that exists.
 */
async function enterOrOffer(
  deps: BookingDeps,
  record: BookingRecord,
  body: Record<string, unknown>,
  fingerprint: string,
): Promise<{ record: BookingRecord; session?: SessionResponse; toConfirm?: ToConfirmItem }> {
  const consent = consentOf(deps, record.source);
  if (consent) {
    const origin: SessionOrigin = { source: record.source, consentVersion: consent.version };
    try {
      const key = `booking-${record.source}-${hash(record.externalId).slice(0, 24)}-${fingerprint.slice(0, 16)}`;
      const { session } = await enterSession(deps, body, key, origin);
      return { record: await save(deps, record, { ...withoutTimer(record), status: 'entered', sessionId: session.id, fingerprint }), session };
    } catch (error) {
      if (!(error instanceof ValidationError)) throw error;
      deps.log.info('booking needs the therapist', { source: record.source, problems: error.problems.map((p) => p.field) });
    }
  }
  const client = (body.client ?? {}) as { name?: unknown; phone?: unknown; email?: unknown };
  const text = (value: unknown) => (typeof value === 'string' && value.trim() ? value.trim() : undefined);
  const endsAt = record.endsAt ?? deps.clock.now().toISOString();
  const item: ToConfirmItem = {
    id: toConfirmId(record.source, record.externalId, record.startsAt ?? endsAt),
    source: record.source,
    externalId: record.externalId,
    ...(record.startsAt ? { startsAt: record.startsAt } : {}),
    endsAt,
    name: text(client.name) ?? 'Booked client',
    ...(text(client.phone) ? { phone: text(client.phone) } : {}),
    ...(text(client.email) ? { email: text(client.email)?.toLowerCase() } : {}),
    ...(text(body.modality) ? { modality: text(body.modality) } : {}),
    ...(consent ? { consentVersion: consent.version } : {}),
    status: 'open',
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.bookings.addToConfirm(item);
  return { record: await save(deps, record, { ...withoutTimer(record), status: 'to-confirm', fingerprint }), toConfirm: item };
}

const withoutTimer = ({ version: _v, updatedAt: _u, dueAt: _d, attempts: _a, reason: _r, ...rest }: BookingRecord) => rest;

/** Cancels what a booking made: its session's unsent follow-ups, or its timer. */
async function cancelBooking(deps: BookingDeps, record: BookingRecord | undefined, source: BookingSourceId, externalId: string, reason: string) {
  if (record?.status === 'entered' && record.sessionId) await cancelSession(deps, record.sessionId);
  const base = record ? withoutTimer(record) : { source, externalId };
  return save(deps, record, { ...base, status: 'cancelled', reason });
}

/**
 * The booked service's name, when the mapping does not already name the modality: a third Square call, and one that
 * may fail without harm (the session is then entered without a modality, and gets the default texts).
 */
async function serviceNameOf(deps: BookingDeps, booking: SquareBookingFacts): Promise<string | undefined> {
  const variation = firstServiceVariation(booking);
  if (!variation || !deps.square || Object.hasOwn(deps.bookingSettings.squareServiceModalities, variation)) return undefined;
  return deps.square.serviceName(variation).catch((error: unknown) => {
    deps.log.warn('square service name not read; no modality', { error: (error as Error).name });
    return undefined;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Square

export interface SquareEvent {
  eventId: string;
  type: string;
  booking?: SquareBookingFacts;
}

/**
 * A Square notification whose signature was verified.
 * Steps: its event_id is recorded first (a redelivery changes nothing); a booking.created or booking.updated is
 * tracked: accepted → a timer at its end (a reschedule moves it), cancelled, declined or no-show → nothing (or the
 * session cancelled, if it was entered already), pending → waits for acceptance.
 */
export async function receiveSquareEvent(deps: BookingDeps, event: SquareEvent): Promise<{ outcome: string }> {
  if (!(await deps.inbound.record(`square:${event.eventId}`, deps.clock.now()))) return { outcome: 'duplicate' };
  try {
    await noteEvent(deps, 'square', event.type);
    if (!event.booking || (event.type !== 'booking.created' && event.type !== 'booking.updated')) return { outcome: 'ignored' };
    return { outcome: await trackSquareBooking(deps, event.booking) };
  } catch (error) {
    await deps.inbound.forget(`square:${event.eventId}`);
    throw error;
  }
}

async function trackSquareBooking(deps: BookingDeps, booking: SquareBookingFacts): Promise<string> {
  const record = await deps.bookings.get('square', booking.id);
  const decision = squareDecision(booking);
  if (record?.status === 'entered' && decision.kind !== 'drop') return 'already-entered';
  if (record?.status === 'to-confirm') return 'already-offered';
  if (decision.kind === 'drop') {
    if (record?.status === 'cancelled') return 'cancelled';
    await cancelBooking(deps, record, 'square', booking.id, decision.reason);
    return 'cancelled';
  }
  if (decision.kind === 'wait') {
    await save(deps, record, { source: 'square', externalId: booking.id, status: 'pending' });
    return 'pending';
  }
  if (record?.status === 'scheduled' && record.endsAt === decision.endsAt) return 'unchanged';
  await save(deps, record, { source: 'square', externalId: booking.id, status: 'scheduled', startsAt: decision.startsAt, endsAt: decision.endsAt, dueAt: decision.endsAt });
  return record?.status === 'scheduled' ? 'moved' : 'scheduled';
}

/** At a Square booking's end: the booking and its customer read again through the API, then the session entered. */
async function enterSquareBooking(deps: BookingDeps, record: BookingRecord): Promise<string> {
  if (!deps.square) throw new AftercareError('Square is not connected: set squareAccessToken');
  const booking = await deps.square.booking(record.externalId);
  const decision = squareDecision(booking);
  if (decision.kind === 'drop') {
    await cancelBooking(deps, record, 'square', record.externalId, decision.reason);
    return 'cancelled';
  }
  if (decision.kind === 'wait') {
    await save(deps, record, { ...withoutTimer(record), status: 'pending' });
    return 'pending';
  }
  if (Date.parse(decision.endsAt) > deps.clock.now().getTime()) {
    await save(deps, record, { ...withoutTimer(record), status: 'scheduled', startsAt: decision.startsAt, endsAt: decision.endsAt, dueAt: decision.endsAt });
    return 'moved';
  }
  const customer = booking.customerId ? await deps.square.customer(booking.customerId) : {};
  const body = squareSessionBody(booking, customer, decision.endsAt, deps.bookingSettings.squareServiceModalities, await serviceNameOf(deps, booking));
  const done = await enterOrOffer(deps, { ...record, endsAt: decision.endsAt, startsAt: decision.startsAt }, body, hash(JSON.stringify(body)));
  return done.session ? 'entered' : 'to-confirm';
}

// ---------------------------------------------------------------------------------------------------------------
// The signed webhook (Standard Webhooks)

export type WebhookOutcome =
  | { outcome: 'duplicate' | 'unchanged' | 'test' }
  | { outcome: 'entered'; sessionId: string; session: SessionResponse }
  | { outcome: 'scheduled'; endsAt: string }
  | { outcome: 'to-confirm'; toConfirmId: string }
  | { outcome: 'cancelled'; sessionId?: string };

const sent = (session: Pick<SessionResponse, 'followUps'>) => session.followUps.some((fu) => fu.status !== 'scheduled' && fu.status !== 'deferred' && fu.status !== 'opted-out' && fu.status !== 'held');

/**
 * A booking from the signed webhook, its signature verified.
 * Steps: the webhook-id is recorded first (a redelivery changes nothing; a delivery that fails is forgotten, so its
 * retry is processed); the body is read as POST /sessions's plus externalId; by externalId: "cancelled" cancels what
 * is pending; the same booking again changes nothing; a changed one replaces its session while nothing has been sent;
 * an ended booking is entered at once, a future one waits for its end in the due index.
 */
export async function receiveBookingWebhook(deps: BookingDeps, delivery: { webhookId: string; body: unknown }): Promise<WebhookOutcome> {
  const marker = `bookings-webhook:${delivery.webhookId}`;
  if (!(await deps.inbound.record(marker, deps.clock.now()))) return { outcome: 'duplicate' };
  try {
    return await handleBookingWebhook(deps, delivery.body);
  } catch (error) {
    await deps.inbound.forget(marker);
    throw error;
  }
}

const testEvent = z.looseObject({ type: z.literal('test') });

async function handleBookingWebhook(deps: BookingDeps, body: unknown): Promise<WebhookOutcome> {
  if (testEvent.safeParse(body).success) {
    await noteEvent(deps, 'webhook', 'test event');
    return { outcome: 'test' };
  }
  const event = parseBookingEvent(body);
  const record = await deps.bookings.get('webhook', event.externalId);
  if (event.cancelled) {
    await noteEvent(deps, 'webhook', 'booking cancelled');
    if (record?.status === 'cancelled') return { outcome: 'unchanged' };
    await cancelBooking(deps, record, 'webhook', event.externalId, 'cancelled');
    return { outcome: 'cancelled', ...(record?.sessionId ? { sessionId: record.sessionId } : {}) };
  }
  const now = deps.clock.now();
  const endsAt = event.endsAt ?? now.toISOString();
  const future = Date.parse(endsAt) > now.getTime() + ENDED_SLACK_MS;
  // Checked now, as intake will check it at the end: a bad booking is a 400 to the sender, not a failure later.
  parseSessionRequest(event.sessionBody, {
    now: future ? new Date(endsAt) : now,
    defaultTimezone: deps.settings.timezone,
    defaultLanguage: deps.settings.defaultLanguage,
    phoneRegion: deps.settings.phoneRegion,
    consentWordingVersion: deps.settings.consentWordingVersion,
  });
  const fingerprint = hash(JSON.stringify([event.sessionBody, event.startsAt ?? null, endsAt]));
  if (record && record.status !== 'cancelled' && record.fingerprint === fingerprint) return { outcome: 'unchanged' };
  if (record?.status === 'entered' && record.sessionId) {
    const current = await getSession(deps, record.sessionId);
    if (sent(current)) {
      throw new ConflictError('This booking\'s aftercare is already under way (a message has gone out), so it cannot be changed; cancel it and send the new one with another externalId');
    }
    await cancelSession(deps, record.sessionId);
  }
  await noteEvent(deps, 'webhook', record ? 'booking updated' : 'booking received');
  const base = { source: 'webhook' as const, externalId: event.externalId, ...(event.startsAt ? { startsAt: event.startsAt } : {}), endsAt };
  if (future) {
    await save(deps, record, { ...base, status: 'scheduled', dueAt: endsAt, body: event.sessionBody, fingerprint });
    return { outcome: 'scheduled', endsAt };
  }
  const done = await enterOrOffer(deps, { ...(record ?? { updatedAt: now.toISOString(), version: 0 }), ...base, status: 'scheduled' }, event.sessionBody, fingerprint);
  return done.session ? { outcome: 'entered', sessionId: done.session.id, session: done.session } : { outcome: 'to-confirm', toConfirmId: done.toConfirm?.id ?? '' };
}

// ---------------------------------------------------------------------------------------------------------------
// The sweep: bookings whose end has passed, and the calendar feed's poll

/**
 * Run by the sender every sweep. Input: the bookings due now (one query of the due index, shared with the feed's
 * poll). Steps: each booking is entered (a Square one read again first); a failed read is tried again later
 * (1, 5, 15, 60 minutes) and shown on the settings view; the ICS feed is read when its poll is due.
 */
const sweptBy = new WeakSet<BookingStore>();

export async function processDueBookings(deps: BookingDeps, options: { limit?: number } = {}): Promise<{ entered: number; polled: boolean }> {
  const now = deps.clock.now();
  const due = await deps.bookings.due(now, options.limit ?? 25);
  let entered = 0;
  for (const record of due.bookings) {
    try {
      const outcome = record.source === 'square' ? await enterSquareBooking(deps, record) : await enterStoredBooking(deps, record);
      if (outcome === 'entered') entered += 1;
    } catch (error) {
      if (error instanceof ConflictError) continue;
      await retryLater(deps, record, error);
    }
  }
  // The poll waits in the due index; a container's first sweep takes it at once (the first ever has no item yet).
  const firstSweep = !sweptBy.has(deps.bookings);
  sweptBy.add(deps.bookings);
  const polled = due.polls.includes('ics') || firstSweep ? await pollCalendar(deps) : false;
  return { entered, polled };
}

async function enterStoredBooking(deps: BookingDeps, record: BookingRecord): Promise<string> {
  const done = await enterOrOffer(deps, record, record.body ?? {}, record.fingerprint ?? hash(JSON.stringify(record.body ?? {})));
  return done.session ? 'entered' : 'to-confirm';
}

async function retryLater(deps: BookingDeps, record: BookingRecord, error: unknown) {
  deps.log.warn('booking could not be entered yet', { source: record.source, error: (error as Error)?.name, attempts: (record.attempts ?? 0) + 1 });
  await noteError(deps, record.source, error);
  const attempts = (record.attempts ?? 0) + 1;
  const minutes = RETRY_MINUTES[Math.min(attempts - 1, RETRY_MINUTES.length - 1)] as number;
  const dueAt = new Date(deps.clock.now().getTime() + minutes * 60_000).toISOString();
  if (attempts >= MAX_ATTEMPTS) {
    await enterOrOffer(deps, record, record.body ?? {}, record.fingerprint ?? '').catch(() => undefined);
    return;
  }
  await deps.bookings
    .save({ ...record, attempts, dueAt, reason: errorText(error), updatedAt: deps.clock.now().toISOString() }, record.version)
    .catch(() => false);
}

/**
 * Reads the ICS feed when its poll is due (the first sweep of a container takes it at once).
 * Steps: take the poll (one sweep of several reads the feed); read it conditionally; each occurrence that ended in
 * the last 48 h and was never offered becomes a to-confirm item, a known client's details filled in.
 */
export async function pollCalendar(deps: BookingDeps, options: { force?: boolean } = {}): Promise<boolean> {
  if (!deps.calendar) return false;
  const now = deps.clock.now();
  const next = new Date(now.getTime() + deps.bookingSettings.icsPollMinutes * 60_000);
  if (!(await deps.bookings.claimPoll('ics', options.force ? new Date('9999-12-31T23:59:59Z') : now, next))) return false;
  try {
    const status = (await deps.bookings.sources()).find((s) => s.source === 'ics');
    const window = { from: new Date(now.getTime() - TO_CONFIRM_WINDOW_HOURS * 3_600_000), to: now };
    const read = await deps.calendar.read(options.force ? {} : { ...(status?.etag ? { etag: status.etag } : {}), ...(status?.lastModified ? { lastModified: status.lastModified } : {}) }, window);
    if (!read.changed) {
      await deps.bookings.noteSource({ source: 'ics', lastEventAt: now.toISOString(), lastEventKind: 'feed read: unchanged' });
      return true;
    }
    const consent = deps.bookingSettings.icsConsent;
    const fresh: ToConfirmItem[] = [];
    for (const occurrence of endedOccurrences(read.occurrences, now)) {
      const item = toConfirmFromOccurrence(occurrence, { now, phoneRegion: deps.settings.phoneRegion, ...(consent ? { consentVersion: consent.version } : {}) });
      if (!(await deps.bookings.getToConfirm(item.id))) fresh.push(item);
    }
    const clients = fresh.length > 0 ? (await deps.sessions.list(new Date(now.getTime() - 180 * 86_400_000), now, 1000)).map((s) => s.client) : [];
    let added = 0;
    for (const item of fresh) if (await deps.bookings.addToConfirm(withKnownClient(item, clients))) added += 1;
    await deps.bookings.noteSource({
      source: 'ics',
      lastEventAt: now.toISOString(),
      lastEventKind: `feed read: ${added} to confirm`,
      ...(read.etag ? { etag: read.etag } : {}),
      ...(read.lastModified ? { lastModified: read.lastModified } : {}),
    });
    return true;
  } catch (error) {
    deps.log.warn('calendar feed could not be read', { error: (error as Error)?.name });
    await noteError(deps, 'ics', error);
    return true;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// To-confirm items on the page

export async function listToConfirm(deps: Pick<BookingDeps, 'bookings' | 'bookingSettings'>) {
  const items = await deps.bookings.openToConfirm(100);
  return items.map((item) => ({ ...item, prompt: toConfirmPrompt(item, deps.bookingSettings.timezone) }));
}

const confirmBody = z.strictObject({
  client: z.looseObject({}).optional(),
  consent: z.looseObject({}).optional(),
  modality: z.unknown().optional(),
});

/**
 * Confirms a to-confirm item: a session for the event's end, the item's details overridden by what the therapist
 * added. Consent: what the therapist records, else the source's statement (when it has one) for the details present.
 * A second confirmation answers with the session the first one entered.
 */
export async function confirmToConfirm(deps: BookingDeps, id: string, body: unknown): Promise<{ created: boolean; session: SessionResponse }> {
  const item = await deps.bookings.getToConfirm(id);
  if (!item) throw new NotFoundError(`No booking to confirm with id ${id}`);
  if (item.status === 'confirmed' && item.sessionId) {
    return { created: false, session: await getSession(deps, item.sessionId) };
  }
  if (item.status !== 'open') throw new ConflictError('This booking was dismissed; enter the session by hand if it should have aftercare');
  const added = parseOrThrow(confirmBody, body ?? {});
  const client = { name: item.name, ...(item.phone ? { phone: item.phone } : {}), ...(item.email ? { email: item.email } : {}), ...added.client };
  const phone = typeof client.phone === 'string' && client.phone.trim() !== '';
  const email = typeof client.email === 'string' && client.email.trim() !== '';
  if (!added.consent && !item.consentVersion) {
    throw new ValidationError([{ field: 'consent', message: 'say whether the client agreed to aftercare texts and emails: this calendar does not record it' }]);
  }
  const sessionBody = {
    client,
    endedAt: item.endsAt,
    ...(added.modality !== undefined ? { modality: added.modality } : item.modality ? { modality: item.modality } : {}),
    consent: added.consent ?? { sms: phone, email },
  };
  const origin: SessionOrigin = { source: item.source, ...(!added.consent && item.consentVersion ? { consentVersion: item.consentVersion } : {}) };
  const result = await enterSession(deps, sessionBody, `to-confirm-${item.id}`, origin);
  await deps.bookings.settleToConfirm(item.id, 'confirmed', deps.clock.now(), result.session.id);
  // A booking from a webhook source now has its session: a later cancellation of it cancels this one.
  const record = item.source === 'ics' ? undefined : await deps.bookings.get(item.source, item.externalId);
  if (record?.status === 'to-confirm') {
    await deps.bookings.save({ ...record, status: 'entered', sessionId: result.session.id, updatedAt: deps.clock.now().toISOString() }, record.version);
  }
  return result;
}

export async function dismissToConfirm(deps: Pick<BookingDeps, 'bookings' | 'clock'>, id: string): Promise<{ dismissed: boolean }> {
  const item = await deps.bookings.getToConfirm(id);
  if (!item) throw new NotFoundError(`No booking to confirm with id ${id}`);
  return { dismissed: await deps.bookings.settleToConfirm(id, 'dismissed', deps.clock.now()) };
}

// ---------------------------------------------------------------------------------------------------------------
// The connected sources (settings view)

const SOURCE_LABELS: Record<BookingSourceId, string> = { square: 'Square Appointments', webhook: 'Signed webhook (Zapier, Make, n8n…)', ics: 'Calendar feed (ICS)' };

/** Each source: whether it is connected, its consent statement's version, and its last event and error. */
export async function sourcesView(deps: Pick<BookingDeps, 'bookings' | 'bookingSettings'>, connected: Record<BookingSourceId, boolean>) {
  const statuses = new Map((await deps.bookings.sources()).map((s) => [s.source, s]));
  return (Object.keys(SOURCE_LABELS) as BookingSourceId[]).map((source) => {
    const status = statuses.get(source);
    const consent = consentOfSettings(deps.bookingSettings, source);
    return {
      source,
      label: SOURCE_LABELS[source],
      connected: connected[source],
      consent: consent ? { statement: consent.statement, version: consent.version } : null,
      createsSessions: Boolean(consent),
      ...(status?.lastEventAt ? { lastEventAt: status.lastEventAt, lastEventKind: status.lastEventKind } : {}),
      ...(status?.lastErrorAt ? { lastErrorAt: status.lastErrorAt, lastError: status.lastError } : {}),
    };
  });
}
