import { IANAZone } from 'luxon';

/**
 * The local times between which messages may go out; the rest of the day is quiet hours.
 * A window may wrap midnight (20:00-09:00: from 20:00 to 09:00 the next morning) or cover the whole day (00:00-24:00).
 *
 * "Inside the window" is read from the wall clock: an instant is inside when the local time the zone shows at that
 * instant (its hour and minute) is at or after the start and before the end. On daylight-saving days this means:
 * - a start in the hour that is skipped (02:30 when clocks jump from 02:00 to 03:00) opens the window at the jump,
 *   the first instant after the gap (03:00), because every local time from then on is past 02:30;
 * - a start in the hour that repeats (01:30 when clocks fall back from 02:00 to 01:00) is reached at its first
 *   occurrence; the repeated hour is inside or outside by its wall-clock time each time it is shown;
 * - a gap that ends at midnight (America/Nuuk) skips no day: the next window is the next one the wall clock shows.
 */
export interface SendingHours {
  /** Minutes after local midnight when sending may start (inclusive), 0 to 1439. */
  startMinute: number;
  /** Minutes after local midnight when sending must stop (exclusive), 1 to 1440; below startMinute it wraps midnight. */
  endMinute: number;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_MINUTES = 24 * 60;
const DAY = DAY_MINUTES * MINUTE;

const EXAMPLE = 'such as 09:00-20:00 (20:00-09:00 sends overnight, 00:00-24:00 at any hour)';
const HH_MM = /^(\d{2}):(\d{2})$/;

/** "09:00" as minutes after midnight; "24:00" only as an end. */
function toMinute(text: string, end: boolean): number {
  const match = HH_MM.exec(text.trim());
  const hour = Number(match?.[1]);
  const minute = Number(match?.[2]);
  const isMidnight = hour === 24 && minute === 0;
  if (!match || minute > 59 || (hour > 23 && !isMidnight)) {
    throw new Error(`"${text.trim()}" is not a time of day: write hours and minutes on the 24-hour clock, ${EXAMPLE}`);
  }
  if (isMidnight && !end) throw new Error('Sending hours cannot start at 24:00: start them at 00:00 instead');
  return hour * 60 + minute;
}

/**
 * Parses "09:00-20:00". The end may be before the start (the window wraps midnight) or 24:00; an end of 23:59 means
 * the end of the day, as people write it, so 00:00-23:59 is the whole day rather than a day with one quiet minute.
 * A window that starts and ends at the same time is refused: it could mean no sending at all or sending at any hour.
 */
export function parseSendingHours(text: string): SendingHours {
  const [start, end, ...rest] = text.split('-');
  if (start === undefined || end === undefined || rest.length > 0) {
    throw new Error(`"${text}" is not a window of the day: write two times ${EXAMPLE}`);
  }
  const [startMinute, endMinute] = [toMinute(start, false), toMinute(end, true)];
  if (endMinute === startMinute) {
    throw new Error(`"${text}" starts and ends at the same time: write 00:00-24:00 to send at any hour, or two different times ${EXAMPLE}`);
  }
  return { startMinute, endMinute: endMinute === DAY_MINUTES - 1 ? DAY_MINUTES : endMinute };
}

const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** "09:00-20:00", "20:00-09:00", "00:00-24:00": what parseSendingHours reads back to the same window. */
export const formatSendingHours = ({ startMinute, endMinute }: SendingHours): string => `${hhmm(startMinute)}-${hhmm(endMinute)}`;

const mod = (value: number, by: number) => ((value % by) + by) % by;

/** Whether a minute of the local day (0 to 1439) is inside the window. */
const isInsideMinute = ({ startMinute, endMinute }: SendingHours, minute: number): boolean =>
  startMinute < endMinute ? minute >= startMinute && minute < endMinute : minute >= startMinute || minute < endMinute;

function timeZone(zone: string): IANAZone {
  const tz = IANAZone.create(zone);
  if (!tz.isValid) throw new RangeError(`"${zone}" is not an IANA time zone`);
  return tz;
}

/** The minute of the local day (0 to 1439) that the wall clock shows at `at` in a zone `offset` minutes from UTC. */
const localMinute = (at: number, offset: number) => Math.floor(mod(at + offset * MINUTE, DAY) / MINUTE);

/** The first instant at or after `from` inside the window, were the zone's offset to stay `offset` minutes. */
function firstInsideAtOffset(from: number, offset: number, hours: SendingHours): number {
  const minute = localMinute(from, offset);
  if (isInsideMinute(hours, minute)) return from;
  const local = from + offset * MINUTE;
  return local - mod(local, MINUTE) + mod(hours.startMinute - minute, DAY_MINUTES) * MINUTE - offset * MINUTE;
}

/**
 * The first instant after `from`, up to `to`, at which the zone's offset differs from the one at `from` (the instant
 * its clocks change); undefined when they do not change. Probes every hour, then narrows to the millisecond: no zone
 * changes its clocks twice within an hour.
 */
function nextClockChange(tz: IANAZone, from: number, to: number): number | undefined {
  const offset = tz.offset(from);
  for (let probe = from; probe < to; probe += HOUR) {
    let changed = Math.min(probe + HOUR, to);
    if (tz.offset(changed) === offset) continue;
    let same = probe;
    while (changed - same > 1) {
      const middle = Math.floor((same + changed) / 2);
      if (tz.offset(middle) === offset) same = middle;
      else changed = middle;
    }
    return changed;
  }
  return undefined;
}

/**
 * The earliest instant at or after `at` that is inside the sending hours of `zone` (see SendingHours for what
 * inside means on daylight-saving days): `at` itself when inside, else the instant the wall clock next shows the
 * window's start, or the instant clocks change when that change jumps into the window. At most a day and the
 * length of a clock change after `at`, unless a clock change swallows the whole window that day.
 * Between two clock changes the local time runs with UTC, so each stretch of one offset is solved by arithmetic.
 */
export function nextSendableInstant(at: Date, zone: string, hours: SendingHours): Date {
  const tz = timeZone(zone);
  for (let from = at.getTime(); ; ) {
    const candidate = firstInsideAtOffset(from, tz.offset(from), hours);
    const change = nextClockChange(tz, from, candidate);
    if (change === undefined) return new Date(candidate);
    from = change;
  }
}

/** Whether the wall clock of `zone` at `at` shows a time inside the sending hours. */
export const isWithinSendingHours = (at: Date, zone: string, hours: SendingHours): boolean =>
  isInsideMinute(hours, localMinute(at.getTime(), timeZone(zone).offset(at.getTime())));

const CLOCK_TIME = /^(\d{1,2})(?::([0-5]\d))?\s*(am|pm|a\.m\.|p\.m\.)?$/i;

/** "10AM", "9:30 pm", "18:00" as minutes after midnight; undefined for anything else. */
function clockMinute(text: string): number | undefined {
  const match = CLOCK_TIME.exec(text.trim());
  if (!match) return undefined;
  let hour = Number(match[1]);
  const minute = Number(match[2] ?? 0);
  const half = match[3]?.toLowerCase().replace(/\./g, '');
  if (half) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (half === 'pm' ? 12 : 0);
  } else if (match[2] === undefined || hour > 23) {
    // A bare "10" could be morning or evening: not a time we can read.
    return undefined;
  }
  return hour * 60 + minute;
}

/**
 * The practice's opening hours as people write them ("10AM-10PM", "10 AM – 10 PM", "9:30am-6pm", "10:00-22:00"),
 * read as a window of the day; undefined when the text is something else ("by appointment", "Mon-Fri 9-5").
 */
export function readOpeningHours(text: string): SendingHours | undefined {
  const parts = text.split(/\s*[-–—]\s*|\s+to\s+/i);
  if (parts.length !== 2) return undefined;
  const [start, end] = parts.map((part) => clockMinute(part ?? ''));
  if (start === undefined || end === undefined || end <= start) return undefined;
  return { startMinute: start, endMinute: end };
}
