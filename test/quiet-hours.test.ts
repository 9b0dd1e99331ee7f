import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  formatSendingHours,
  isWithinSendingHours,
  nextSendableInstant,
  parseSendingHours,
} from '#domain/quiet-hours';

const DEFAULT = parseSendingHours('09:00-20:00');

/** The instant at which a follow-up due at `dueAt` (UTC ISO) may go out, as a UTC ISO string. */
const sendAt = (dueAt: string, zone: string, hours = DEFAULT): string =>
  nextSendableInstant(new Date(dueAt), zone, hours).toISOString();

describe('parseSendingHours', () => {
  it('reads "09:00-20:00" as minutes after local midnight and formats it back', () => {
    expect(DEFAULT).toEqual({ startMinute: 540, endMinute: 1200 });
    expect(formatSendingHours(DEFAULT)).toBe('09:00-20:00');
    expect(formatSendingHours(parseSendingHours(' 07:30 - 21:15 '))).toBe('07:30-21:15');
  });

  it.each([
    ['9-20', /HH:MM/],
    ['20:00-09:00', /end after it starts/],
    ['09:00-09:00', /end after it starts/],
    ['25:00-26:00', /"25:00" is not a time of day/],
    ['09:00', /two times such as 09:00-20:00/],
    ['09:00-12:00-20:00', /two times such as 09:00-20:00/],
  ])('rejects %j with a message saying what is wrong', (text, message) => {
    expect(() => parseSendingHours(text)).toThrow(message);
  });
});

describe('nextSendableInstant', () => {
  const LA = 'America/Los_Angeles';

  it('keeps an instant inside the window, including the window start itself', () => {
    // 2026-06-15 14:00 PDT and 09:00 PDT
    expect(sendAt('2026-06-15T21:00:00.000Z', LA)).toBe('2026-06-15T21:00:00.000Z');
    expect(sendAt('2026-06-15T16:00:00.000Z', LA)).toBe('2026-06-15T16:00:00.000Z');
    // 19:59 PDT is the last minute inside
    expect(sendAt('2026-06-16T02:59:00.000Z', LA)).toBe('2026-06-16T02:59:00.000Z');
  });

  it('moves an instant before the window start to the same local day\'s start', () => {
    // 2026-06-15 06:10 PDT → 09:00 PDT
    expect(sendAt('2026-06-15T13:10:00.000Z', LA)).toBe('2026-06-15T16:00:00.000Z');
  });

  it('moves an instant exactly at the window end (20:00) to the next day\'s start', () => {
    // 2026-06-15 20:00 PDT → 2026-06-16 09:00 PDT
    expect(sendAt('2026-06-16T03:00:00.000Z', LA)).toBe('2026-06-16T16:00:00.000Z');
  });

  it('moves an instant after the window end, before local midnight, to the next day\'s start', () => {
    // 2026-06-15 23:45 PDT → 2026-06-16 09:00 PDT
    expect(sendAt('2026-06-16T06:45:00.000Z', LA)).toBe('2026-06-16T16:00:00.000Z');
  });

  it('applies other windows such as 07:30-21:15 to the minute', () => {
    const hours = parseSendingHours('07:30-21:15');
    // 07:29 PDT → 07:30 PDT; 21:14 PDT kept; 21:15 PDT → next day 07:30 PDT
    expect(sendAt('2026-06-15T14:29:00.000Z', LA, hours)).toBe('2026-06-15T14:30:00.000Z');
    expect(sendAt('2026-06-16T04:14:00.000Z', LA, hours)).toBe('2026-06-16T04:14:00.000Z');
    expect(sendAt('2026-06-16T04:15:00.000Z', LA, hours)).toBe('2026-06-16T14:30:00.000Z');
  });

  it('windows in the given zone, not in UTC: 10:00Z is inside in London but quiet in Los Angeles', () => {
    expect(sendAt('2026-06-15T10:00:00.000Z', 'Europe/London')).toBe('2026-06-15T10:00:00.000Z');
    expect(sendAt('2026-06-15T10:00:00.000Z', LA)).toBe('2026-06-15T16:00:00.000Z');
  });

  describe('across daylight-saving changes', () => {
    it.each([
      // [case, due (UTC), zone, expected send (UTC)]
      ['LA spring forward: 21:30 PST Mar 7 → 09:00 PDT Mar 8', '2026-03-08T05:30:00.000Z', LA, '2026-03-08T16:00:00.000Z'],
      ['LA spring forward: 01:30 PST Mar 8, before the jump → 09:00 PDT', '2026-03-08T09:30:00.000Z', LA, '2026-03-08T16:00:00.000Z'],
      ['LA fall back: 21:00 PDT Oct 31 → 09:00 PST Nov 1', '2026-11-01T04:00:00.000Z', LA, '2026-11-01T17:00:00.000Z'],
      ['LA fall back: 01:30 PST Nov 1 (second 01:30) → 09:00 PST', '2026-11-01T09:30:00.000Z', LA, '2026-11-01T17:00:00.000Z'],
      ['London spring forward: 21:00 GMT Mar 28 → 09:00 BST Mar 29', '2026-03-28T21:00:00.000Z', 'Europe/London', '2026-03-29T08:00:00.000Z'],
      ['London fall back: 21:00 BST Oct 24 → 09:00 GMT Oct 25', '2026-10-24T20:00:00.000Z', 'Europe/London', '2026-10-25T09:00:00.000Z'],
      ['Sydney fall back: 21:00 AEDT Apr 4 → 09:00 AEST Apr 5', '2026-04-04T10:00:00.000Z', 'Australia/Sydney', '2026-04-04T23:00:00.000Z'],
      ['Sydney spring forward: 20:00 AEST Oct 3 → 09:00 AEDT Oct 4', '2026-10-03T10:00:00.000Z', 'Australia/Sydney', '2026-10-03T22:00:00.000Z'],
    ])('%s', (_case, due, zone, expected) => {
      expect(sendAt(due, zone)).toBe(expected);
    });

    it('resolves a window start inside the skipped hour (02:30 on LA spring-forward day) to 03:30 PDT', () => {
      const hours = parseSendingHours('02:30-20:00');
      // From the evening before (21:00 PST Mar 7) and from just before the jump (01:00 PST Mar 8).
      expect(sendAt('2026-03-08T05:00:00.000Z', LA, hours)).toBe('2026-03-08T10:30:00.000Z');
      expect(sendAt('2026-03-08T09:00:00.000Z', LA, hours)).toBe('2026-03-08T10:30:00.000Z');
      expect(isWithinSendingHours(new Date('2026-03-08T10:30:00.000Z'), LA, hours)).toBe(true);
    });

    it('never moves an instant earlier when the window start falls in the repeated hour (01:30 on LA fall-back day)', () => {
      const hours = parseSendingHours('01:30-20:00');
      // 01:10 PDT (first pass) → the first 01:30, PDT
      expect(sendAt('2026-11-01T08:10:00.000Z', LA, hours)).toBe('2026-11-01T08:30:00.000Z');
      // 01:10 PST (second pass) → the second 01:30, PST; the first 01:30 is already past
      expect(sendAt('2026-11-01T09:10:00.000Z', LA, hours)).toBe('2026-11-01T09:30:00.000Z');
    });
  });

  it('always returns an instant at or after the due time that lies inside the window, in every zone used here', () => {
    const zones = ['America/Los_Angeles', 'Europe/London', 'Australia/Sydney', 'America/New_York', 'Asia/Kolkata'];
    const windows = ['09:00-20:00', '08:00-21:00', '10:30-18:45'].map(parseSendingHours);
    const year2026 = fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) }).map((ms) => new Date(ms));
    fc.assert(
      fc.property(year2026, fc.constantFrom(...zones), fc.constantFrom(...windows), (at, zone, hours) => {
        const result = nextSendableInstant(at, zone, hours);
        expect(result.getTime()).toBeGreaterThanOrEqual(at.getTime());
        expect(result.getTime() - at.getTime()).toBeLessThanOrEqual(25 * 3_600_000);
        expect(isWithinSendingHours(result, zone, hours)).toBe(true);
      }),
      { numRuns: 2_000 },
    );
  });
});

describe('isWithinSendingHours', () => {
  it('is true from 09:00 up to but excluding 20:00 local time', () => {
    const zone = 'Europe/London';
    expect(isWithinSendingHours(new Date('2026-01-15T08:59:00Z'), zone, DEFAULT)).toBe(false);
    expect(isWithinSendingHours(new Date('2026-01-15T09:00:00Z'), zone, DEFAULT)).toBe(true);
    expect(isWithinSendingHours(new Date('2026-01-15T19:59:59Z'), zone, DEFAULT)).toBe(true);
    expect(isWithinSendingHours(new Date('2026-01-15T20:00:00Z'), zone, DEFAULT)).toBe(false);
  });
});
