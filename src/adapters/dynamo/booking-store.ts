import { createHash } from 'node:crypto';
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ToConfirmItem } from '#domain/bookings/to-confirm';
import type { BookingSourceId } from '#domain/model';
import type { BookingRecord, BookingStore, DueBookings, SourceStatus } from '#ports/booking-store';
import { INDEX, dueKey } from './keys.ts';
import { strip, type DynamoTable, type Item } from './table.ts';

/**
 * | item          | PK                               | SK             | indexes                          |
 * |---------------|----------------------------------|----------------|----------------------------------|
 * | booking       | BOOKING#<source>#<sha256 of id>  | #BOOKING       | due (DUE#BOOKING, dueAt) while scheduled |
 * | to-confirm    | TOCONFIRM                        | ITEM#<id>      | (kept 14 days: a dismissed one is not offered again) |
 * | source status | BOOKINGSOURCE                    | <source>       | due (DUE#BOOKING, nextPollAt) for a polled feed |
 *
 * Bookings and polls wait in their own partition of the due index, so the sweep finds both with one query and an
 * idle sweep costs one request more.
 */
export const BOOKING_SHARD = 'DUE#BOOKING';
const bookingKey = (source: BookingSourceId, externalId: string) => ({
  PK: `BOOKING#${source}#${createHash('sha256').update(externalId).digest('base64url')}`,
  SK: '#BOOKING',
});
const TO_CONFIRM_PK = 'TOCONFIRM';
const toConfirmKey = (id: string) => ({ PK: TO_CONFIRM_PK, SK: `ITEM#${id}` });
const SOURCES_PK = 'BOOKINGSOURCE';
const sourceKey = (source: BookingSourceId) => ({ PK: SOURCES_PK, SK: source });
const TO_CONFIRM_DAYS = 14;

const bookingItem = (table: DynamoTable, record: BookingRecord): Item => ({
  ...bookingKey(record.source, record.externalId),
  type: 'booking',
  ...record,
  ...(record.status === 'scheduled' && record.dueAt ? { dueShard: BOOKING_SHARD, dueKey: dueKey(record.dueAt, record.source, record.externalId) } : {}),
  expiresAt: table.expiresAt(new Date(record.updatedAt)),
});

export class DynamoBookingStore implements BookingStore {
  constructor(private readonly table: DynamoTable) {}

  async get(source: BookingSourceId, externalId: string): Promise<BookingRecord | undefined> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: bookingKey(source, externalId), ConsistentRead: true }));
    return result.Item ? strip<BookingRecord>(result.Item) : undefined;
  }

  async save(record: BookingRecord, expectVersion: number): Promise<boolean> {
    return this.table.conditional(
      new PutCommand({
        TableName: this.table.name,
        Item: bookingItem(this.table, { ...record, version: expectVersion + 1 }),
        // sameVersion: two deliveries of one booking (or the sweep and a webhook) never both write what they read.
        ...(expectVersion === 0
          ? { ConditionExpression: 'attribute_not_exists(PK)' }
          : { ConditionExpression: '#version = :expected', ExpressionAttributeNames: { '#version': 'version' }, ExpressionAttributeValues: { ':expected': expectVersion } }),
      }),
    );
  }

  async due(now: Date, limit: number): Promise<DueBookings> {
    const page = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: INDEX.due,
        KeyConditionExpression: 'dueShard = :shard AND dueKey <= :upTo',
        ExpressionAttributeValues: { ':shard': BOOKING_SHARD, ':upTo': `${now.toISOString()}#\uffff` },
        Limit: limit,
      }),
    );
    const items = page.Items ?? [];
    return {
      bookings: items.filter((item) => item.type === 'booking').map((item) => strip<BookingRecord>(item)),
      polls: items.filter((item) => item.type === 'bookingSource').map((item) => item.source as BookingSourceId),
    };
  }

  async addToConfirm(item: ToConfirmItem): Promise<boolean> {
    return this.table.conditional(
      new PutCommand({
        TableName: this.table.name,
        Item: { ...toConfirmKey(item.id), type: 'toConfirm', ...item, expiresAt: Math.floor(Date.parse(item.endsAt) / 1000) + TO_CONFIRM_DAYS * 86_400 },
        // offeredOnce: an event read again (every poll reads the whole feed) is not offered again, even once dismissed.
        ConditionExpression: 'attribute_not_exists(PK)',
      }),
    );
  }

  async getToConfirm(id: string): Promise<ToConfirmItem | undefined> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: toConfirmKey(id), ConsistentRead: true }));
    return result.Item ? strip<ToConfirmItem>(result.Item) : undefined;
  }

  async openToConfirm(limit: number): Promise<ToConfirmItem[]> {
    const items: ToConfirmItem[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'PK = :pk',
          FilterExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':pk': TO_CONFIRM_PK, ':open': 'open' },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []).map((item) => strip<ToConfirmItem>(item)));
      start = page.LastEvaluatedKey;
    } while (start);
    return items.sort((a, b) => a.endsAt.localeCompare(b.endsAt) || a.id.localeCompare(b.id)).slice(0, limit);
  }

  async settleToConfirm(id: string, status: 'confirmed' | 'dismissed', at: Date, sessionId?: string): Promise<boolean> {
    return this.table.conditional(
      new UpdateCommand({
        TableName: this.table.name,
        Key: toConfirmKey(id),
        UpdateExpression: `SET #status = :status, settledAt = :at${sessionId ? ', sessionId = :session' : ''}`,
        // stillOpen: a double tap confirms once.
        ConditionExpression: '#status = :open',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': status, ':at': at.toISOString(), ':open': 'open', ...(sessionId ? { ':session': sessionId } : {}) },
      }),
    );
  }

  async sources(): Promise<SourceStatus[]> {
    const result = await this.table.doc.send(
      new QueryCommand({ TableName: this.table.name, KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': SOURCES_PK }, ConsistentRead: true }),
    );
    return (result.Items ?? []).map((item) => strip<SourceStatus>(item));
  }

  async noteSource({ source, ...fields }: SourceStatus): Promise<void> {
    const set = Object.entries(fields).filter(([, value]) => value !== undefined);
    const names = Object.fromEntries([['#type', 'type'], ['#source', 'source'], ...set.map(([key]) => [`#${key}`, key])]);
    const values = Object.fromEntries([[':type', 'bookingSource'], [':source', source], ...set.map(([key, value]) => [`:${key}`, value])]);
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: sourceKey(source),
        UpdateExpression: `SET ${['#type = :type', '#source = :source', ...set.map(([key]) => `#${key} = :${key}`)].join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      }),
    );
  }

  async claimPoll(source: BookingSourceId, now: Date, next: Date): Promise<boolean> {
    return this.table.conditional(
      new UpdateCommand({
        TableName: this.table.name,
        Key: sourceKey(source),
        UpdateExpression: 'SET #type = :type, #source = :source, nextPollAt = :next, dueShard = :shard, dueKey = :dueKey',
        // pollDue: two sweeps at once read the feed once.
        ConditionExpression: 'attribute_not_exists(nextPollAt) OR nextPollAt <= :now',
        ExpressionAttributeNames: { '#type': 'type', '#source': 'source' },
        ExpressionAttributeValues: {
          ':type': 'bookingSource', ':source': source, ':next': next.toISOString(), ':now': now.toISOString(),
          ':shard': BOOKING_SHARD, ':dueKey': dueKey(next.toISOString(), 'POLL', source),
        },
      }),
    );
  }
}
