import { describe, expect, it } from 'vitest';
import { occurrencesIn } from '#adapters/ics-feed';
import { squareBookingEnd, squareDecision, squareSessionBody } from '#domain/bookings/square';
import { endedOccurrences, shortName, toConfirmFromOccurrence, toConfirmPrompt, withKnownClient } from '#domain/bookings/to-confirm';
import { parseBookingEvent } from '#domain/bookings/webhook';
import { ValidationError } from '#domain/errors';

const segment = (durationMinutes: number) => ({ durationMinutes, serviceVariationId: 'SV-DEEP' });

describe('Square bookings', () => {
  it('ends at its start plus the sum of its segments', () => {
    expect(squareBookingEnd({ id: 'b', startAt: '2026-11-27T16:00:00Z', appointmentSegments: [segment(60), segment(30)] })).toBe('2026-11-27T17:30:00.000Z');
    expect(squareBookingEnd({ id: 'b', startAt: null, appointmentSegments: [segment(60)] })).toBeUndefined();
  });

  it('schedules an accepted booking at its end, drops cancelled, declined and no-show ones, and waits on a pending one', () => {
    const base = { id: 'b', startAt: '2026-11-27T16:00:00Z', appointmentSegments: [segment(60)] };
    expect(squareDecision({ ...base, status: 'ACCEPTED' })).toEqual({ kind: 'schedule', startsAt: '2026-11-27T16:00:00.000Z', endsAt: '2026-11-27T17:00:00.000Z' });
    expect(['CANCELLED_BY_CUSTOMER', 'CANCELLED_BY_SELLER', 'DECLINED', 'NO_SHOW'].map((status) => squareDecision({ ...base, status }).kind)).toEqual(['drop', 'drop', 'drop', 'drop']);
    expect(squareDecision({ ...base, status: 'NO_SHOW' })).toEqual({ kind: 'drop', reason: 'no-show' });
    expect(squareDecision({ ...base, status: 'PENDING' })).toEqual({ kind: 'wait' });
  });

  it('makes the POST /sessions body: name, contacts, the mapped modality, no email for an unsubscribed customer', () => {
    const body = squareSessionBody(
      { id: 'b', appointmentSegments: [segment(60)] },
      { givenName: 'Amelia', familyName: 'Earhart', phoneNumber: '+1 310-555-0199', emailAddress: 'a@example.com', preferences: { emailUnsubscribed: true } },
      '2026-11-27T17:00:00.000Z',
      { 'SV-DEEP': 'deep tissue' },
    );
    expect(body).toEqual({
      client: { name: 'Amelia Earhart', phone: '+1 310-555-0199', email: 'a@example.com' },
      endedAt: '2026-11-27T17:00:00.000Z',
      modality: 'deep tissue',
      consent: { sms: true, email: false },
    });
  });
});

describe('the signed webhook body', () => {
  it('splits externalId, status and timing from the session body, endsAt standing for endedAt', () => {
    const event = parseBookingEvent({ externalId: ' z-1 ', endsAt: '2026-11-27T17:00:00+01:00', client: { name: 'M' }, consent: { sms: true, email: false } });
    expect(event).toEqual({
      externalId: 'z-1',
      cancelled: false,
      endsAt: '2026-11-27T16:00:00.000Z',
      sessionBody: { client: { name: 'M' }, consent: { sms: true, email: false }, endedAt: '2026-11-27T17:00:00+01:00' },
    });
    expect(parseBookingEvent({ externalId: 'z-1', status: 'cancelled' }).cancelled).toBe(true);
  });

  it('names externalId, status and endsAt when they are wrong', () => {
    try {
      parseBookingEvent({ status: 'maybe', endsAt: 'tomorrow' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).problems.map((p) => p.field).sort()).toEqual(['endsAt', 'externalId', 'status']);
    }
  });
});

const NOW = new Date('2026-11-27T18:00:00Z');

describe('calendar events to confirm', () => {
  const feed = [
    'BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN',
    'BEGIN:VEVENT', 'UID:weekly@x', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261106T160000Z', 'DTEND:20261106T170000Z', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Appointment with Sam Okafor', 'END:VEVENT',
    // The occurrence of Nov 27 moved to 14:00.
    'BEGIN:VEVENT', 'UID:weekly@x', 'DTSTAMP:20261101T000000Z', 'RECURRENCE-ID:20261127T160000Z', 'DTSTART:20261127T140000Z', 'DTEND:20261127T150000Z', 'SUMMARY:Appointment with Sam Okafor', 'END:VEVENT',
    'BEGIN:VEVENT', 'UID:cancelled@x', 'DTSTAMP:20261101T000000Z', 'DTSTART:20261127T100000Z', 'DTEND:20261127T110000Z', 'STATUS:CANCELLED', 'SUMMARY:Gone', 'END:VEVENT',
    'END:VCALENDAR', '',
  ].join('\r\n');

  it('expands a recurring event over the window only, with its moved occurrence, and skips cancelled events', () => {
    const occurrences = occurrencesIn(feed, { from: new Date(NOW.getTime() - 48 * 3_600_000), to: NOW });
    expect(occurrences.map((o) => [o.uid, o.startsAt, o.endsAt])).toEqual([['weekly@x', '2026-11-27T14:00:00.000Z', '2026-11-27T15:00:00.000Z']]);
    expect(endedOccurrences(occurrences, new Date('2026-11-27T14:30:00Z'))).toEqual([]);
  });

  it('refuses a feed that is not iCalendar in plain words', () => {
    expect(() => occurrencesIn('<html>Sign in</html>', { from: NOW, to: NOW })).toThrow(/not valid iCalendar/);
  });

  it('pre-fills the name from the title, a phone from the description, and shows "Sam O., 06:00–07:00 — send aftercare?"', () => {
    const item = toConfirmFromOccurrence(
      { uid: 'u', startsAt: '2026-11-27T14:00:00.000Z', endsAt: '2026-11-27T15:00:00.000Z', summary: 'Massage with Sam Okafor - 60 min', description: 'Tel 310 555 0123', attendees: [] },
      { now: NOW, phoneRegion: 'US' },
    );
    expect(item).toMatchObject({ name: 'Sam Okafor', phone: '+13105550123', status: 'open' });
    expect(toConfirmPrompt(item, 'America/Los_Angeles')).toBe('Sam O., 06:00–07:00 — send aftercare?');
    expect(shortName('Cher')).toBe('Cher');
  });

  it('fills in a known client by email, or by a name only one client has', () => {
    const clients = [
      { name: 'Sam Okafor', firstName: 'Sam', phone: '+13105550123', email: 'sam@example.com', timezone: 'UTC' },
      { name: 'Alex Kim', firstName: 'Alex', phone: '+13105550001', timezone: 'UTC' },
      { name: 'Alex Kim', firstName: 'Alex', phone: '+13105550002', timezone: 'UTC' },
    ];
    const base = { id: 'i', source: 'ics' as const, externalId: 'u', endsAt: NOW.toISOString(), status: 'open' as const, createdAt: NOW.toISOString() };
    expect(withKnownClient({ ...base, name: 'sam okafor' }, clients)).toMatchObject({ name: 'Sam Okafor', phone: '+13105550123', email: 'sam@example.com', knownClient: true });
    expect(withKnownClient({ ...base, name: 'Samuel', email: 'sam@example.com' }, clients)).toMatchObject({ name: 'Samuel', phone: '+13105550123', knownClient: true });
    expect(withKnownClient({ ...base, name: 'Alex Kim' }, clients).knownClient).toBeUndefined();
  });
});
