import type { ToConfirmItem } from '#domain/bookings/to-confirm';
import type { BookingSourceId } from '#domain/model';
import type { BookingRecord, BookingStore, DueBookings, SourceStatus } from '#ports/booking-store';

const copy = <T>(value: T): T => structuredClone(value);
const bookingId = (source: BookingSourceId, externalId: string) => `${source}#${externalId}`;

/** The booking store in memory, with the DynamoDB one's promises (test/stores.contract.test.ts runs both). */
export class MemoryBookingStore implements BookingStore {
  private readonly bookings = new Map<string, BookingRecord>();
  private readonly items = new Map<string, ToConfirmItem>();
  private readonly statuses = new Map<BookingSourceId, SourceStatus>();

  async get(source: BookingSourceId, externalId: string) {
    return copy(this.bookings.get(bookingId(source, externalId)));
  }

  async save(record: BookingRecord, expectVersion: number) {
    const id = bookingId(record.source, record.externalId);
    if ((this.bookings.get(id)?.version ?? 0) !== expectVersion) return false;
    this.bookings.set(id, copy({ ...record, version: expectVersion + 1 }));
    return true;
  }

  async due(now: Date, limit: number): Promise<DueBookings> {
    const at = now.toISOString();
    const bookings = [...this.bookings.values()].filter((b) => b.status === 'scheduled' && b.dueAt && b.dueAt <= at);
    const polls = [...this.statuses.values()].filter((s) => s.nextPollAt && s.nextPollAt <= at);
    const timed = [
      ...bookings.map((b) => ({ at: b.dueAt as string, booking: b })),
      ...polls.map((s) => ({ at: s.nextPollAt as string, poll: s.source })),
    ].sort((a, b) => a.at.localeCompare(b.at)).slice(0, limit);
    return {
      bookings: timed.flatMap((t) => ('booking' in t && t.booking ? [copy(t.booking)] : [])),
      polls: timed.flatMap((t) => ('poll' in t && t.poll ? [t.poll] : [])),
    };
  }

  async addToConfirm(item: ToConfirmItem) {
    if (this.items.has(item.id)) return false;
    this.items.set(item.id, copy(item));
    return true;
  }

  async getToConfirm(id: string) {
    return copy(this.items.get(id));
  }

  async openToConfirm(limit: number) {
    return [...this.items.values()]
      .filter((i) => i.status === 'open')
      .sort((a, b) => a.endsAt.localeCompare(b.endsAt) || a.id.localeCompare(b.id))
      .slice(0, limit)
      .map(copy);
  }

  async settleToConfirm(id: string, status: 'confirmed' | 'dismissed', at: Date, sessionId?: string) {
    const item = this.items.get(id);
    if (!item || item.status !== 'open') return false;
    this.items.set(id, { ...item, status, settledAt: at.toISOString(), ...(sessionId ? { sessionId } : {}) });
    return true;
  }

  async sources() {
    return [...this.statuses.values()].map(copy);
  }

  async noteSource({ source, ...fields }: SourceStatus) {
    const given = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
    this.statuses.set(source, { ...this.statuses.get(source), ...given, source });
  }

  async claimPoll(source: BookingSourceId, now: Date, next: Date) {
    const status = this.statuses.get(source);
    if (status?.nextPollAt && status.nextPollAt > now.toISOString()) return false;
    this.statuses.set(source, { ...status, source, nextPollAt: next.toISOString() });
    return true;
  }
}
