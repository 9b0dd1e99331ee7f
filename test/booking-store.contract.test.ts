import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import type { ToConfirmItem } from '#domain/bookings/to-confirm';
import type { BookingRecord, BookingStore } from '#ports/booking-store';
import { freshTable } from './support/engines.ts';

/** The booking store's promises, kept by the DynamoDB store (against DynamoDB Local) and its in-memory twin. */
const implementations: [string, () => Promise<BookingStore>][] = [
  ['DynamoDB', async () => (await freshTable()).stores.bookings],
  ['in-memory', async () => memoryStores().bookings],
];

const NOW = new Date('2026-11-27T18:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000).toISOString();

const record = (externalId: string, fields: Partial<BookingRecord> = {}): BookingRecord => ({
  source: 'webhook', externalId, status: 'scheduled', endsAt: at(30), dueAt: at(30), updatedAt: NOW.toISOString(), version: 0, ...fields,
});

const item = (id: string, endsAt: string, fields: Partial<ToConfirmItem> = {}): ToConfirmItem => ({
  id, source: 'ics', externalId: `uid-${id}`, endsAt, name: 'Maria Santos', status: 'open', createdAt: NOW.toISOString(), ...fields,
});

describe.each(implementations)('%s booking store', (_name, make) => {
  let store: BookingStore;
  beforeEach(async () => {
    store = await make();
  });

  it('writes a booking only over the version it read, so two deliveries of one booking cannot both win', async () => {
    expect(await store.save(record('b-1'), 0)).toBe(true);
    expect(await store.save(record('b-1'), 0)).toBe(false);
    const stored = await store.get('webhook', 'b-1');
    expect(stored).toMatchObject({ status: 'scheduled', version: 1 });
    expect(await store.save({ ...record('b-1'), status: 'entered', sessionId: 's-1' }, 1)).toBe(true);
    expect(await store.save({ ...record('b-1'), status: 'cancelled' }, 1)).toBe(false);
    expect(await store.get('webhook', 'b-1')).toMatchObject({ status: 'entered', sessionId: 's-1', version: 2 });
    expect(await store.get('square', 'b-1')).toBeUndefined();
  });

  it('finds scheduled bookings once their end has passed, and neither entered ones nor ones still to come', async () => {
    await store.save(record('due-early', { dueAt: at(-20) }), 0);
    await store.save(record('due-late', { dueAt: at(-5) }), 0);
    await store.save(record('not-yet', { dueAt: at(30) }), 0);
    await store.save(record('entered', { status: 'entered', dueAt: at(-30) }), 0);
    const due = await store.due(new Date(at(0)), 10);
    expect(due.bookings.map((b) => b.externalId)).toEqual(['due-early', 'due-late']);
    expect(due.polls).toEqual([]);
  });

  it('takes a feed\'s poll once when due, and finds it due again at its next time', async () => {
    expect(await store.claimPoll('ics', NOW, new Date(at(5)))).toBe(true);
    expect(await store.claimPoll('ics', NOW, new Date(at(5)))).toBe(false);
    expect((await store.due(new Date(at(4)), 10)).polls).toEqual([]);
    expect((await store.due(new Date(at(5)), 10)).polls).toEqual(['ics']);
    expect(await store.claimPoll('ics', new Date(at(5)), new Date(at(10)))).toBe(true);
  });

  it('offers an item once, lists the open ones oldest first, and settles each once', async () => {
    expect(await store.addToConfirm(item('i-late', at(-10)))).toBe(true);
    expect(await store.addToConfirm(item('i-early', at(-60)))).toBe(true);
    expect(await store.addToConfirm(item('i-late', at(-10), { name: 'Someone Else' }))).toBe(false);
    expect((await store.openToConfirm(10)).map((i) => i.id)).toEqual(['i-early', 'i-late']);
    expect(await store.settleToConfirm('i-early', 'confirmed', NOW, 'session-1')).toBe(true);
    expect(await store.settleToConfirm('i-early', 'dismissed', NOW)).toBe(false);
    expect(await store.getToConfirm('i-early')).toMatchObject({ status: 'confirmed', sessionId: 'session-1' });
    // A settled item is not offered again.
    expect(await store.addToConfirm(item('i-early', at(-60)))).toBe(false);
    expect((await store.openToConfirm(10)).map((i) => i.name)).toEqual(['Maria Santos']);
  });

  it('keeps each source\'s last event and last error apart, changing only what is given', async () => {
    await store.noteSource({ source: 'square', lastEventAt: at(0), lastEventKind: 'booking.created' });
    await store.noteSource({ source: 'square', lastErrorAt: at(1), lastError: 'Square could not be reached' });
    await store.noteSource({ source: 'webhook', lastEventAt: at(2), lastEventKind: 'test event' });
    const sources = (await store.sources()).sort((a, b) => a.source.localeCompare(b.source));
    expect(sources).toEqual([
      { source: 'square', lastEventAt: at(0), lastEventKind: 'booking.created', lastErrorAt: at(1), lastError: 'Square could not be reached' },
      { source: 'webhook', lastEventAt: at(2), lastEventKind: 'test event' },
    ]);
  });
});
