import ICAL from 'ical.js';
import type { CalendarOccurrence } from '#domain/bookings/to-confirm';
import { AftercareError } from '#domain/errors';
import type { CalendarFeed, FeedRead } from '#ports/booking-sources';

/** A feed larger than this is refused: a practice's calendar is far smaller. */
export const MAX_FEED_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 10_000;
/** Occurrences of one recurring event looked at, at most (a daily event over years stops here). */
const MAX_OCCURRENCES = 2_000;

class FeedError extends AftercareError {}

const mailto = (value: unknown) => (typeof value === 'string' ? value.replace(/^mailto:/i, '').trim() : undefined) || undefined;

/** Every occurrence overlapping the window, recurring events expanded (their exceptions applied). */
export function occurrencesIn(text: string, window: { from: Date; to: Date }): CalendarOccurrence[] {
  let root: ICAL.Component;
  try {
    root = new ICAL.Component(ICAL.parse(text));
  } catch {
    throw new FeedError('The calendar feed is not valid iCalendar (ICS)');
  }
  const events = root.getAllSubcomponents('vevent');
  const exceptions = events.filter((component) => component.hasProperty('recurrence-id'));
  const result: CalendarOccurrence[] = [];
  for (const component of events) {
    if (component.hasProperty('recurrence-id')) continue;
    const event = new ICAL.Event(component);
    for (const exception of exceptions) if (exception.getFirstPropertyValue('uid') === event.uid) event.relateException(exception);
    const describe = (item: ICAL.Event, start: ICAL.Time, end: ICAL.Time): CalendarOccurrence => ({
      uid: event.uid,
      startsAt: start.toJSDate().toISOString(),
      endsAt: end.toJSDate().toISOString(),
      ...(item.summary ? { summary: item.summary } : {}),
      ...(item.description ? { description: item.description } : {}),
      attendees: item.attendees.map((attendee) => {
        const name = attendee.getParameter('cn');
        const email = mailto(attendee.getFirstValue());
        return { ...(typeof name === 'string' ? { name } : {}), ...(email ? { email } : {}) };
      }),
    });
    if (component.getFirstPropertyValue('status') === 'CANCELLED') continue;
    if (!event.isRecurring()) {
      if (!event.startDate) continue;
      const end = event.endDate ?? event.startDate;
      if (end.toJSDate() >= window.from && event.startDate.toJSDate() <= window.to) result.push(describe(event, event.startDate, end));
      continue;
    }
    const iterator = event.iterator();
    for (let next = iterator.next(), count = 0; next && count < MAX_OCCURRENCES; next = iterator.next(), count += 1) {
      if (next.toJSDate() > window.to) break;
      const details = event.getOccurrenceDetails(next);
      if (details.endDate.toJSDate() < window.from) continue;
      if (details.item.component.getFirstPropertyValue('status') === 'CANCELLED') continue;
      result.push(describe(details.item, details.startDate, details.endDate));
    }
  }
  return result;
}

async function boundedText(response: Response): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? 0);
  if (declared > MAX_FEED_BYTES) throw new FeedError('The calendar feed is larger than 5 MB');
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_FEED_BYTES) {
      await reader.cancel();
      throw new FeedError('The calendar feed is larger than 5 MB');
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** The configured feed over HTTP: a conditional GET (ETag, Last-Modified), at most 10 s and 5 MB. */
export function icsFeed(url: string, fetchImpl: typeof fetch = fetch): CalendarFeed {
  const target = url.replace(/^webcal:/i, 'https:');
  return {
    async read(validators, window): Promise<FeedRead> {
      const response = await fetchImpl(target, {
        headers: {
          accept: 'text/calendar',
          ...(validators.etag ? { 'if-none-match': validators.etag } : {}),
          ...(validators.lastModified ? { 'if-modified-since': validators.lastModified } : {}),
        },
        redirect: 'follow',
        signal: AbortSignal.timeout(TIMEOUT_MS),
      }).catch((error: unknown) => {
        throw new FeedError(`The calendar feed could not be reached (${(error as Error).name})`);
      });
      if (response.status === 304) return { changed: false };
      if (!response.ok) throw new FeedError(`The calendar feed answered ${response.status} ${response.statusText}`.trim());
      const occurrences = occurrencesIn(await boundedText(response), window);
      const etag = response.headers.get('etag');
      const lastModified = response.headers.get('last-modified');
      return { changed: true, occurrences, ...(etag ? { etag } : {}), ...(lastModified ? { lastModified } : {}) };
    },
  };
}
