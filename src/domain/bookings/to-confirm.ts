import { createHash } from 'node:crypto';
import type { BookingSourceId, Client } from '#domain/model';
import { readPhone } from '#domain/phone';

/**
 * To-confirm items: a booking that ended but cannot become a session by itself (a calendar feed has no consent and
 * often no contact details; a source without a consent statement), shown on the page as "Maria S., 10:00–11:00 —
 * send aftercare?" and entered with one tap.
 */

/** One occurrence of a calendar event (a recurring event is expanded into one per occurrence). */
export interface CalendarOccurrence {
  uid: string;
  startsAt: string;
  endsAt: string;
  summary?: string;
  description?: string;
  attendees: { name?: string; email?: string }[];
}

export type ToConfirmStatus = 'open' | 'confirmed' | 'dismissed';

export interface ToConfirmItem {
  id: string;
  source: BookingSourceId;
  externalId: string;
  startsAt?: string;
  endsAt: string;
  name: string;
  phone?: string;
  email?: string;
  modality?: string;
  /** The source's consent statement version, when the source carries one (then contact details suffice to confirm). */
  consentVersion?: string;
  /** Found among earlier sessions by email or name. */
  knownClient?: boolean;
  status: ToConfirmStatus;
  sessionId?: string;
  createdAt: string;
  settledAt?: string;
}

/** How far back an ended event still asks to be confirmed. */
export const TO_CONFIRM_WINDOW_HOURS = 48;

export const toConfirmId = (source: BookingSourceId, externalId: string, startsAt: string | undefined) =>
  createHash('sha256').update(`${source}\n${externalId}\n${startsAt ?? ''}`).digest('base64url').slice(0, 22);

/** "Maria Santos" → "Maria S.": enough for the therapist to know who, little for anyone looking over a shoulder. */
export function shortName(name: string): string {
  const [first, ...rest] = name.trim().split(/\s+/);
  const last = rest.at(-1);
  return last ? `${first} ${last[0]?.toUpperCase()}.` : (first ?? name);
}

const EMAIL = /[A-Z0-9._%+-]+@[A-Z0-9.-]+\.[A-Z]{2,}/i;
const PHONE = /\+?\d[\d\s().-]{6,}\d/g;
/** Words calendar tools put around the client's name ("Massage with Maria Santos", "Maria Santos - 60 min"). */
const NAME_NOISE = [/^(appointment|booking|massage|session)\s+(with|for|:|-)\s*/i, /\s+[-–—|(].*$/];

function nameFrom(occurrence: CalendarOccurrence): string {
  const attendee = occurrence.attendees.find((a) => a.name?.trim())?.name?.trim();
  if (attendee) return attendee;
  let summary = (occurrence.summary ?? '').trim();
  for (const noise of NAME_NOISE) summary = summary.replace(noise, '').trim();
  return summary || 'Calendar client';
}

function phoneFrom(text: string | undefined, region: string): string | undefined {
  for (const candidate of text?.match(PHONE) ?? []) {
    const reading = readPhone(candidate, region);
    if ('e164' in reading) return reading.e164;
  }
  return undefined;
}

/** The occurrences that ended within the window before `now` (none from the future). */
export function endedOccurrences(occurrences: readonly CalendarOccurrence[], now: Date, windowHours = TO_CONFIRM_WINDOW_HOURS): CalendarOccurrence[] {
  const from = now.getTime() - windowHours * 3_600_000;
  return occurrences.filter((o) => {
    const end = Date.parse(o.endsAt);
    return end <= now.getTime() && end >= from;
  });
}

/** A to-confirm item pre-filled from the event: the name, and a phone or email when the event has them. */
export function toConfirmFromOccurrence(
  occurrence: CalendarOccurrence,
  context: { now: Date; phoneRegion: string; consentVersion?: string },
): ToConfirmItem {
  const email = occurrence.attendees.find((a) => a.email)?.email?.toLowerCase() ?? EMAIL.exec(occurrence.description ?? '')?.[0]?.toLowerCase();
  const phone = phoneFrom(occurrence.description, context.phoneRegion);
  return {
    id: toConfirmId('ics', occurrence.uid, occurrence.startsAt),
    source: 'ics',
    externalId: occurrence.uid,
    startsAt: occurrence.startsAt,
    endsAt: occurrence.endsAt,
    name: nameFrom(occurrence),
    ...(phone ? { phone } : {}),
    ...(email ? { email } : {}),
    ...(context.consentVersion ? { consentVersion: context.consentVersion } : {}),
    status: 'open',
    createdAt: context.now.toISOString(),
  };
}

const sameName = (a: string, b: string) => a.trim().replace(/\s+/g, ' ').toLowerCase() === b.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * Fills in a known client's details: the one earlier client with the item's email, else the one with exactly its
 * name (two clients of the same name fill in nothing: the therapist picks).
 */
export function withKnownClient(item: ToConfirmItem, clients: readonly Client[]): ToConfirmItem {
  const byEmail = item.email ? clients.find((c) => c.email === item.email) : undefined;
  const byName = clients.filter((c) => sameName(c.name, item.name));
  const known = byEmail ?? (byName.length === 1 || new Set(byName.map((c) => c.phone ?? c.email)).size === 1 ? byName[0] : undefined);
  if (!known) return item;
  return {
    ...item,
    name: byEmail ? item.name : known.name,
    ...(item.phone ?? known.phone ? { phone: item.phone ?? known.phone } : {}),
    ...(item.email ?? known.email ? { email: item.email ?? known.email } : {}),
    knownClient: true,
  };
}

/** "10:00–11:00" in the practice's zone. */
export function timeRange(item: Pick<ToConfirmItem, 'startsAt' | 'endsAt'>, zone: string): string {
  const format = (iso: string) => new Intl.DateTimeFormat('en-GB', { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
  return item.startsAt ? `${format(item.startsAt)}–${format(item.endsAt)}` : `ended ${format(item.endsAt)}`;
}

/** The line the page shows: "Maria S., 10:00–11:00 — send aftercare?" */
export const toConfirmPrompt = (item: ToConfirmItem, zone: string) => `${shortName(item.name)}, ${timeRange(item, zone)} — send aftercare?`;
