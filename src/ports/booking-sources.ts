import type { CalendarOccurrence } from '#domain/bookings/to-confirm';
import type { SquareBookingFacts, SquareCustomerFacts } from '#domain/bookings/square';

/** The two Square API calls Aftercare makes: a booking and a customer, read again when the booking ends. */
export interface SquareApi {
  booking(id: string): Promise<SquareBookingFacts>;
  customer(id: string): Promise<SquareCustomerFacts>;
}

export type FeedRead =
  | { changed: false }
  | { changed: true; occurrences: CalendarOccurrence[]; etag?: string; lastModified?: string };

/** An iCalendar feed, read conditionally (ETag, Last-Modified), recurring events expanded over `window`. */
export interface CalendarFeed {
  read(validators: { etag?: string; lastModified?: string }, window: { from: Date; to: Date }): Promise<FeedRead>;
}
