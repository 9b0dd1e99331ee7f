import type { ToConfirmItem, ToConfirmStatus } from '#domain/bookings/to-confirm';
import type { BookingSourceId } from '#domain/model';

/**
 * scheduled: waits in the due index for its end (then it is entered); pending: the source has not confirmed it yet
 * (a Square booking not yet accepted); entered: its session exists; cancelled: cancelled, declined or a no-show;
 * to-confirm: it became a to-confirm item instead (no consent from the source, or contact details missing).
 */
export type BookingRecordStatus = 'pending' | 'scheduled' | 'entered' | 'cancelled' | 'to-confirm';

/** A booking from a source, by source and its id there: what became of it. */
export interface BookingRecord {
  source: BookingSourceId;
  externalId: string;
  status: BookingRecordStatus;
  startsAt?: string;
  endsAt?: string;
  /** When the sweep must act on it (its end, or a retry after a failed read): in the due index while scheduled. */
  dueAt?: string;
  sessionId?: string;
  /** The session body to enter at its end (the signed webhook's; a Square booking is read again instead). */
  body?: Record<string, unknown>;
  /** A hash of what was entered, so that the same booking sent again changes nothing. */
  fingerprint?: string;
  attempts?: number;
  reason?: string;
  updatedAt: string;
  /** Bumped by every write: a write expects the version it read (0: none yet). */
  version: number;
}

/** A connected source, as the settings view shows it; the ICS feed's poll state too. */
export interface SourceStatus {
  source: BookingSourceId;
  lastEventAt?: string;
  lastEventKind?: string;
  lastErrorAt?: string;
  lastError?: string;
  /** ICS: the validators of the last response, for a conditional GET, and when to read it next. */
  etag?: string;
  lastModified?: string;
  nextPollAt?: string;
}

export interface DueBookings {
  bookings: BookingRecord[];
  /** Sources whose poll is due (the ICS feed). */
  polls: BookingSourceId[];
}

/** Booking records, to-confirm items and the sources' status. */
export interface BookingStore {
  get(source: BookingSourceId, externalId: string): Promise<BookingRecord | undefined>;
  /** Writes the record if the stored one is still at `expectVersion` (0: there is none); false when another got there first. */
  save(record: BookingRecord, expectVersion: number): Promise<boolean>;
  /** Scheduled bookings whose dueAt has passed, and polls that are due, oldest first. */
  due(now: Date, limit: number): Promise<DueBookings>;

  /** Adds an item unless one with its id exists (open, confirmed or dismissed): false then. */
  addToConfirm(item: ToConfirmItem): Promise<boolean>;
  getToConfirm(id: string): Promise<ToConfirmItem | undefined>;
  /** Open items, oldest event first. */
  openToConfirm(limit: number): Promise<ToConfirmItem[]>;
  /** Settles an open item; false when it was not open (confirmed or dismissed already). */
  settleToConfirm(id: string, status: Exclude<ToConfirmStatus, 'open'>, at: Date, sessionId?: string): Promise<boolean>;

  sources(): Promise<SourceStatus[]>;
  /** Records a source's last event or error (only the fields given change). */
  noteSource(status: SourceStatus): Promise<void>;
  /** Takes the source's poll if it is due (or was never taken), setting the next one; false when not due. */
  claimPoll(source: BookingSourceId, now: Date, next: Date): Promise<boolean>;
}
