import { DateTime, IANAZone } from 'luxon';

/** The only source of "now" in the domain, injected so that tests run on a fake clock. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export const isValidTimeZone = (zone: string): boolean => IANAZone.isValidZone(zone);

export const addMinutes = (date: Date, minutes: number): Date => new Date(date.getTime() + minutes * 60_000);

export const iso = (date: Date): string => date.toISOString();

/** Local wall-clock time of an instant in a zone, for messages and logs that a person reads. */
export const localTime = (date: Date, zone: string): string =>
  DateTime.fromJSDate(date, { zone }).toFormat("ccc d LLL yyyy HH:mm ZZZZ");

/** An instant as a wall-clock reading in a zone, in a Luxon format ("H:mm", "LLL d"), in English. */
export const wallClock = (date: Date, zone: string, format: string): string =>
  DateTime.fromJSDate(date, { zone }).setLocale('en-US').toFormat(format);
