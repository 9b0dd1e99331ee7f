import type { CalendarOccurrence } from '#domain/bookings/to-confirm';
import type { SquareBookingFacts, SquareCustomerFacts } from '#domain/bookings/square';

/** The two Square API calls Aftercare makes: a booking and a customer, read again when the booking ends. */
export interface SquareApi {
  booking(id: string): Promise<SquareBookingFacts>;
  customer(id: string): Promise<SquareCustomerFacts>;
  /** The name of the service a service variation belongs to ("Deep Tissue Massage"), from the catalog; undefined if none. */
  serviceName(variationId: string): Promise<string | undefined>;
}

export type FeedRead =
  | { changed: false }
  | { changed: true; occurrences: CalendarOccurrence[]; etag?: string; lastModified?: string };

/** An iCalendar feed, read conditionally (ETag, Last-Modified), recurring events expanded over `window`. */
export interface CalendarFeed {
  read(validators: { etag?: string; lastModified?: string }, window: { from: Date; to: Date }): Promise<FeedRead>;
}
