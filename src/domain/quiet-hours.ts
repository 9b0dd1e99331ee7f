import { DateTime } from 'luxon';

/** The local times between which messages may go out; the rest of the day is quiet hours. */
export interface SendingHours {
  /** Minutes after local midnight when sending may start (inclusive). */
  startMinute: number;
  /** Minutes after local midnight when sending must stop (exclusive). */
  endMinute: number;
}

const HH_MM = /^([01]\d|2[0-3]):([0-5]\d)$/;

const toMinute = (text: string): number => {
  const match = HH_MM.exec(text.trim());
  if (!match) throw new Error(`"${text}" is not a time of day in HH:MM form`);
  return Number(match[1]) * 60 + Number(match[2]);
};

/** Parses "09:00-20:00"; the window must not be empty and must not cross midnight. */
export function parseSendingHours(text: string): SendingHours {
  const [start, end, ...rest] = text.split('-');
  if (start === undefined || end === undefined || rest.length > 0) {
    throw new Error(`"${text}" must be two times such as 09:00-20:00`);
  }
  const hours = { startMinute: toMinute(start), endMinute: toMinute(end) };
  if (hours.endMinute <= hours.startMinute) throw new Error(`"${text}" must end after it starts, on the same day`);
  return hours;
}

export const formatSendingHours = ({ startMinute, endMinute }: SendingHours): string => {
  const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return `${hhmm(startMinute)}-${hhmm(endMinute)}`;
};

/**
 * The earliest instant at or after `at` that falls inside the sending hours of `zone`.
 * Inside the window the instant is kept; before it, the same local day's start; after it, the next day's start.
 * Luxon resolves local times in the zone, so a window start on a DST-change day keeps its wall-clock time.
 */
export function nextSendableInstant(at: Date, zone: string, hours: SendingHours): Date {
  const local = DateTime.fromJSDate(at, { zone });
  const minute = local.hour * 60 + local.minute;
  if (minute >= hours.startMinute && minute < hours.endMinute) return at;
  const day = minute < hours.startMinute ? local : local.plus({ days: 1 });
  const start = day.set({
    hour: Math.floor(hours.startMinute / 60),
    minute: hours.startMinute % 60,
    second: 0,
    millisecond: 0,
  });
  return start.toJSDate();
}

export const isWithinSendingHours = (at: Date, zone: string, hours: SendingHours): boolean =>
  nextSendableInstant(at, zone, hours).getTime() === at.getTime();

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
