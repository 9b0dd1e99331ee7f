/// <reference lib="dom" />

/**
 * Times are UTC ISO strings on the wire. What the client was sent or wrote shows in the client's zone, labelled, with
 * the practice's time beside it when they differ; the practice's own facts (when a session ended) in the practice's.
 */

const formatters = new Map<string, Intl.DateTimeFormat>();
const formatter = (timeZone: string, options: Intl.DateTimeFormatOptions) => {
  const key = `${timeZone}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, ...options });
    formatters.set(key, format);
  }
  return format;
};

/** "Fri 10:02 AM" */
export const shortTime = (iso: string, timeZone: string) =>
  formatter(timeZone, { weekday: 'short', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));

/** "Fri, Nov 27, 10:02 AM" */
export const longTime = (iso: string, timeZone: string) =>
  formatter(timeZone, { weekday: 'short', month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' }).format(new Date(iso));

/** "Nov 27" */
export const shortDate = (iso: string, timeZone: string) => formatter(timeZone, { month: 'short', day: 'numeric' }).format(new Date(iso));

/** The wall-clock fields of an instant in a zone. */
function wallClock(at: number, timeZone: string) {
  const parts = formatter(timeZone, {
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

const offsetMs = (at: number, timeZone: string) => {
  const w = wallClock(at, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(at / 1000) * 1000;
};

/** A `datetime-local` value ("2026-11-27T07:59") read as wall-clock time in `timeZone`; undefined when malformed. */
export function zonedLocalToDate(local: string, timeZone: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/.exec(local);
  if (!match) return undefined;
  const [, y, mo, d, hh, mm] = match.map(Number) as [number, number, number, number, number, number];
  const naive = Date.UTC(y, mo - 1, d, hh, mm);
  // The zone's offset at the guess, then again at the corrected instant, so a DST change in between is handled.
  const first = naive - offsetMs(naive, timeZone);
  return new Date(naive - offsetMs(first, timeZone));
}

/** The `datetime-local` value for an instant as wall-clock time in `timeZone`. */
export function dateToZonedLocal(date: Date, timeZone: string): string {
  const w = wallClock(date.getTime(), timeZone);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

/** "+13105550177" → "(310) 555-0177"; other countries stay in international form. */
export function displayPhone(e164: string): string {
  const us = /^\+1(\d{3})(\d{3})(\d{4})$/.exec(e164);
  return us ? `(${us[1]}) ${us[2]}-${us[3]}` : e164;
}

/** "Europe/London" → "London"; "America/Los_Angeles" → "Los Angeles". */
export const zoneCity = (timeZone: string) => (timeZone.split('/').pop() ?? timeZone).replace(/_/g, ' ');

const zoneNamePart = (at: Date, timeZone: string, timeZoneName: 'short' | 'longGeneric' | 'long') =>
  formatter(timeZone, { timeZoneName }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? timeZone;

/**
 * What a time in `timeZone` is labelled with: the zone's short name where people read it as a name ("PST", "EDT",
 * "HST"), otherwise the city of the IANA name ("London", "Tokyo"), never "GMT+9".
 */
export function zoneLabel(iso: string, timeZone: string): string {
  const short = zoneNamePart(new Date(iso), timeZone, 'short');
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return 'UTC';
  return /^[A-Z]{2,5}$/.test(short) && short !== 'GMT' && short !== 'UTC' ? short : zoneCity(timeZone);
}

const dayKey = (at: number, timeZone: string) => {
  const w = wallClock(at, timeZone);
  return `${w.year}-${w.month}-${w.day}`;
};

/**
 * A client-facing time in the client's zone, labelled ("Fri 9:00 AM London"), and the practice's time when the two
 * zones' offsets differ at that instant ("1:00 AM here"; with its weekday when the day differs there).
 * `long` adds the date ("Fri, Nov 27, 9:00 AM London").
 */
export function clientTimeParts(iso: string, clientZone: string, practiceZone: string, long = false): { there: string; here?: string } {
  const at = new Date(iso).getTime();
  const there = `${(long ? longTime : shortTime)(iso, clientZone)} ${zoneLabel(iso, clientZone)}`;
  if (offsetMs(at, clientZone) === offsetMs(at, practiceZone)) return { there };
  const sameDay = dayKey(at, clientZone) === dayKey(at, practiceZone);
  const here = sameDay ? formatter(practiceZone, { hour: 'numeric', minute: '2-digit' }).format(new Date(at)) : shortTime(iso, practiceZone);
  return { there, here: `${here} here` };
}

/** "Fri 9:00 AM London · 1:00 AM here", or "Fri 9:00 AM PST" alone when the client is in the practice's zone. */
export function clientTime(iso: string, clientZone: string, practiceZone: string, long = false): string {
  const { there, here } = clientTimeParts(iso, clientZone, practiceZone, long);
  return here ? `${there} · ${here}` : there;
}
