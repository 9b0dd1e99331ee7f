import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import {
  formatSendingHours,
  isWithinSendingHours,
  nextSendableInstant,
  parseSendingHours,
  type SendingHours,
} from '#domain/quiet-hours';

const DEFAULT = parseSendingHours('09:00-20:00');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The instant at which a follow-up due at `dueAt` (UTC ISO) may go out, as a UTC ISO string. */
const sendAt = (dueAt: string, zone: string, hours = DEFAULT): string =>
  nextSendableInstant(new Date(dueAt), zone, hours).toISOString();

describe('parseSendingHours', () => {
  it('reads "09:00-20:00" as minutes after local midnight and formats it back', () => {
    expect(DEFAULT).toEqual({ startMinute: 540, endMinute: 1200 });
    expect(formatSendingHours(DEFAULT)).toBe('09:00-20:00');
    expect(formatSendingHours(parseSendingHours(' 07:30 - 21:15 '))).toBe('07:30-21:15');
  });

  it('accepts a window that wraps midnight, sending from 20:00 until 09:00 the next morning', () => {
    const overnight = parseSendingHours('20:00-09:00');
    expect(overnight).toEqual({ startMinute: 1200, endMinute: 540 });
    expect(formatSendingHours(overnight)).toBe('20:00-09:00');
  });

  it('accepts the whole day as 00:00-24:00, and reads an end of 23:59 as the end of the day too', () => {
    expect(parseSendingHours('00:00-24:00')).toEqual({ startMinute: 0, endMinute: 1440 });
    expect(parseSendingHours('00:00-23:59')).toEqual({ startMinute: 0, endMinute: 1440 });
    expect(parseSendingHours('22:00-23:59')).toEqual({ startMinute: 1320, endMinute: 1440 });
    expect(formatSendingHours(parseSendingHours('00:00-23:59'))).toBe('00:00-24:00');
    expect(parseSendingHours(formatSendingHours(parseSendingHours('18:00-24:00')))).toEqual({ startMinute: 1080, endMinute: 1440 });
  });

  it.each([
    ['9-20', /"9" is not a time of day: write hours and minutes on the 24-hour clock/],
    ['09:00-09:00', /starts and ends at the same time: write 00:00-24:00 to send at any hour/],
    ['00:00-00:00', /starts and ends at the same time/],
    ['25:00-26:00', /"25:00" is not a time of day/],
    ['09:60-20:00', /"09:60" is not a time of day/],
    ['24:00-09:00', /cannot start at 24:00: start them at 00:00 instead/],
    ['09:00', /"09:00" is not a window of the day: write two times such as 09:00-20:00/],
    ['09:00-12:00-20:00', /is not a window of the day/],
  ])('rejects %j with a sentence saying what is wrong', (text, message) => {
    expect(() => parseSendingHours(text)).toThrow(message);
  });
});

describe('nextSendableInstant', () => {
  const LA = 'America/Los_Angeles';
  const NEW_YORK = 'America/New_York';

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

  it('sends overnight with a window that wraps midnight (20:00-09:00)', () => {
    const overnight = parseSendingHours('20:00-09:00');
    // 23:30 and 08:59 PDT are inside; 09:00 PDT waits until 20:00 PDT; 19:59 PDT waits a minute.
    expect(sendAt('2026-06-16T06:30:00.000Z', LA, overnight)).toBe('2026-06-16T06:30:00.000Z');
    expect(sendAt('2026-06-16T15:59:00.000Z', LA, overnight)).toBe('2026-06-16T15:59:00.000Z');
    expect(sendAt('2026-06-16T16:00:00.000Z', LA, overnight)).toBe('2026-06-17T03:00:00.000Z');
    expect(sendAt('2026-06-17T02:59:00.000Z', LA, overnight)).toBe('2026-06-17T03:00:00.000Z');
  });

  it('sends at any minute of the day with the whole-day window, 23:59 included', () => {
    for (const text of ['00:00-24:00', '00:00-23:59']) {
      const always = parseSendingHours(text);
      // 23:59:30 PDT and 00:00 PDT
      expect(sendAt('2026-06-16T06:59:30.000Z', LA, always)).toBe('2026-06-16T06:59:30.000Z');
      expect(sendAt('2026-06-16T07:00:00.000Z', LA, always)).toBe('2026-06-16T07:00:00.000Z');
    }
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

    it('skips no day when the gap ends at midnight: Nuuk jumps from 23:00 Saturday to 00:00 Sunday (2026-03-28)', () => {
      // Friday 23:00 -02 (01:00Z Sat) → Saturday 09:00 -02 (11:00Z), not Sunday 09:00 -01.
      expect(sendAt('2026-03-28T01:00:00.000Z', 'America/Nuuk')).toBe('2026-03-28T11:00:00.000Z');
      // Saturday 21:30 -02, after the window, just before the gap → Sunday 09:00 -01 (10:00Z).
      expect(sendAt('2026-03-28T23:30:00.000Z', 'America/Nuuk')).toBe('2026-03-29T10:00:00.000Z');
    });

    it('opens a window whose start is skipped (02:30 on New York spring-forward day) at the jump, 03:00 EDT, inside the window', () => {
      const hours = parseSendingHours('02:30-03:15');
      // From the evening before (21:00 EST Mar 7) and from just before the jump (01:59 EST Mar 8).
      expect(sendAt('2026-03-08T02:00:00.000Z', NEW_YORK, hours)).toBe('2026-03-08T07:00:00.000Z');
      expect(sendAt('2026-03-08T06:59:00.000Z', NEW_YORK, hours)).toBe('2026-03-08T07:00:00.000Z');
      expect(isWithinSendingHours(new Date('2026-03-08T07:00:00.000Z'), NEW_YORK, hours)).toBe(true);
      // 03:15 EDT is past the window: the next is 02:30 EDT on Mar 9.
      expect(sendAt('2026-03-08T07:15:00.000Z', NEW_YORK, hours)).toBe('2026-03-09T06:30:00.000Z');
    });

    it('takes the first occurrence of a repeated start time (01:30 on LA fall-back day), and keeps the rule of the wall clock in the repeated hour', () => {
      const hours = parseSendingHours('01:30-20:00');
      // From the evening before (21:00 PDT Oct 31) and from 01:10 PDT (first pass) → the first 01:30, PDT.
      expect(sendAt('2026-11-01T04:00:00.000Z', LA, hours)).toBe('2026-11-01T08:30:00.000Z');
      expect(sendAt('2026-11-01T08:10:00.000Z', LA, hours)).toBe('2026-11-01T08:30:00.000Z');
      // 01:45 PDT is inside; clocks then show 01:00 PST, before 01:30, so 01:10 PST waits for the second 01:30.
      expect(sendAt('2026-11-01T08:45:00.000Z', LA, hours)).toBe('2026-11-01T08:45:00.000Z');
      expect(sendAt('2026-11-01T09:10:00.000Z', LA, hours)).toBe('2026-11-01T09:30:00.000Z');
    });

    it('enters a window the clocks fall back into (01:00-01:20 LA: at 02:00 PDT the wall clock shows 01:00 again)', () => {
      const hours = parseSendingHours('01:00-01:20');
      // 01:30 PDT is after the window; the clocks going back to 01:00 PST open it again at once.
      expect(sendAt('2026-11-01T08:30:00.000Z', LA, hours)).toBe('2026-11-01T09:00:00.000Z');
    });
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

/*
 * An oracle that shares nothing with the implementation but the definition of "inside": it reads the wall clock with
 * Intl.DateTimeFormat and walks forward from `at` a minute at a time, in strides of 15 minutes where the clock reads
 * exactly 15 minutes later at the end of the stride (no clock change inside it, so each minute's wall clock follows).
 */
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock of `zone` at `ms`, to the minute, written as if it were a UTC time. */
function wallClock(ms: number, zone: string): number {
  let format = formatters.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric',
    });
    formatters.set(zone, format);
  }
  const part = Object.fromEntries(format.formatToParts(ms).map(({ type, value }) => [type, Number(value)]));
  return Date.UTC(part.year ?? NaN, (part.month ?? NaN) - 1, part.day ?? NaN, part.hour ?? NaN, part.minute ?? NaN);
}

const minuteOfDay = (clock: number) => new Date(clock).getUTCHours() * 60 + new Date(clock).getUTCMinutes();

const contains = ({ startMinute, endMinute }: SendingHours, minute: number) =>
  startMinute < endMinute ? startMinute <= minute && minute < endMinute : minute >= startMinute || minute < endMinute;

function oracle(at: number, zone: string, hours: SendingHours): number {
  if (contains(hours, minuteOfDay(wallClock(at, zone)))) return at;
  let from = Math.ceil(at / MINUTE) * MINUTE;
  let clock = wallClock(from, zone);
  for (let stride = 0; stride < 4 * 96; stride += 1) {
    const to = from + 15 * MINUTE;
    const toClock = wallClock(to, zone);
    for (let k = 0; k < 15; k += 1) {
      const kClock = toClock - clock === 15 * MINUTE ? clock + k * MINUTE : wallClock(from + k * MINUTE, zone);
      if (contains(hours, minuteOfDay(kClock))) return from + k * MINUTE;
    }
    [from, clock] = [to, toClock];
  }
  throw new Error(`no sending minute within 4 days of ${new Date(at).toISOString()} in ${zone}`);
}

const offsetAt = (ms: number, zone: string) => wallClock(ms, zone) - Math.floor(ms / MINUTE) * MINUTE;

const clockChanges = new Map<string, number[]>();

/** The instants the zone's clocks change in a year, found by weekly probes narrowed to the minute. */
function clockChangesIn(zone: string, year: number): number[] {
  const key = `${zone} ${year}`;
  const known = clockChanges.get(key);
  if (known) return known;
  const changes: number[] = [];
  const end = Date.UTC(year + 1, 0, 1);
  for (let probe = Date.UTC(year, 0, 1); probe < end; probe += 7 * 24 * HOUR) {
    let [same, changed] = [probe, probe + 7 * 24 * HOUR];
    if (offsetAt(same, zone) === offsetAt(changed, zone)) continue;
    while (changed - same > MINUTE) {
      const middle = Math.floor((same + changed) / 2 / MINUTE) * MINUTE;
      if (offsetAt(middle, zone) === offsetAt(same, zone)) same = middle;
      else changed = middle;
    }
    changes.push(changed);
  }
  clockChanges.set(key, changes);
  return changes;
}

/** Every zone this Node knows (its ICU lists some under older names: America/Godthab for America/Nuuk), and Nuuk. */
const ZONES = [...new Set([...Intl.supportedValuesOf('timeZone'), 'America/Nuuk'])];
const FIRST = Date.UTC(2024, 0, 1);
const LAST = Date.UTC(2031, 0, 1);

/** Any window of the day: ordinary, wrapping midnight, or the whole day, written as a person would. */
const windowText = fc.oneof(
  fc.record({ start: fc.integer({ min: 0, max: 1439 }), end: fc.integer({ min: 1, max: 1440 }) })
    .filter(({ start, end }) => end % 1440 !== start)
    .map(({ start, end }) => formatSendingHours({ startMinute: start, endMinute: end })),
  fc.constantFrom('00:00-24:00', '00:00-23:59', '20:00-09:00', '09:00-20:00'),
);

const windowLength = ({ startMinute, endMinute }: SendingHours) => ((endMinute - startMinute + 1440) % 1440) || 1440;

function checkAgainstOracle(at: number, zone: string, hours: SendingHours): void {
  const expected = oracle(at, zone, hours);
  const result = nextSendableInstant(new Date(at), zone, hours).getTime();
  expect({ zone, at: new Date(at).toISOString(), window: formatSendingHours(hours), result: new Date(result).toISOString() })
    .toEqual({ zone, at: new Date(at).toISOString(), window: formatSendingHours(hours), result: new Date(expected).toISOString() });
  expect(isWithinSendingHours(new Date(result), zone, hours)).toBe(true);
  expect(isWithinSendingHours(new Date(at), zone, hours)).toBe(expected === at);
  // A day of wall clock, plus the largest clock change (Antarctica/Troll's two hours); twice that if a change
  // swallows a window shorter than it.
  expect(result - at).toBeLessThanOrEqual((windowLength(hours) > 120 ? 26 : 50) * HOUR);
}

describe('nextSendableInstant against the wall-clock oracle, in every IANA zone, 2024-2030', () => {
  it('equals the oracle at any instant', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), fc.integer({ min: FIRST, max: LAST }), windowText, (zone, at, text) => {
        checkAgainstOracle(at, zone, parseSendingHours(text));
      }),
      { numRuns: 1_500 },
    );
  });

  it('equals the oracle around clock changes, with windows that start or end near the changed hour', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 2024, max: 2030 }),
        fc.nat(),
        fc.integer({ min: -30 * 60, max: 30 * 60 }),
        fc.integer({ min: -120, max: 120 }),
        fc.integer({ min: 1, max: 1440 }),
        fc.integer({ min: 0, max: 59_999 }),
        (zone, year, pick, minutesFromChange, startFromChange, length, ms) => {
          const changes = clockChangesIn(zone, year);
          const change = changes[pick % Math.max(1, changes.length)] ?? Date.UTC(year, 2, 29, 1);
          const startMinute = (minuteOfDay(wallClock(change - MINUTE, zone)) + startFromChange + 1440) % 1440;
          const hours = length === 1440 ? { startMinute: 0, endMinute: 1440 } : { startMinute, endMinute: (startMinute + length) % 1440 || 1440 };
          checkAgainstOracle(change + minutesFromChange * MINUTE + ms, zone, parseSendingHours(formatSendingHours(hours)));
        },
      ),
      { numRuns: 1_500 },
    );
  });
});
