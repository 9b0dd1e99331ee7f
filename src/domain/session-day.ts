import { DateTime } from 'luxon';
import type { ClientLanguage } from '#domain/model';

/**
 * The session's day as the client reads it at the moment of sending, in their zone: "today", "yesterday", "on
 * Monday" (two to six days back), else "on November 27"; in Spanish "hoy", "ayer", "el lunes", "el 27 de
 * noviembre". A 2 h text that quiet hours held until 09:00 the next morning says "yesterday", never "today".
 * Days are calendar days in the zone, so a DST change or a session just before midnight counts right.
 */
export function sessionDay(endedAt: Date, now: Date, zone: string, language: ClientLanguage = 'en'): string {
  const ended = DateTime.fromJSDate(endedAt, { zone }).setLocale(language);
  const today = DateTime.fromJSDate(now, { zone }).startOf('day');
  const days = Math.round(today.diff(ended.startOf('day'), 'days').days);
  const es = language === 'es';
  if (days <= 0) return es ? 'hoy' : 'today';
  if (days === 1) return es ? 'ayer' : 'yesterday';
  if (days < 7) return es ? `el ${ended.toFormat('cccc')}` : `on ${ended.toFormat('cccc')}`;
  return es ? `el ${ended.toFormat("d 'de' LLLL")}` : `on ${ended.toFormat('LLLL d')}`;
}
