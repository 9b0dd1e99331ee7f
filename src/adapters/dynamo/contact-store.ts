import { BatchGetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel, ContactPoint } from '#domain/model';
import type { ContactKey, ContactStore } from '#ports/contact-store';
import { autoAnswerKey, contactKey } from './keys.ts';
import { strip, type DynamoTable, type TransactItem } from './table.ts';

/**
 * Records consent on a contact point, keeping any opt-out: a STOP outlives later sessions until START. An opted-out
 * contact point has no TTL (`expiresAt` undefined here), so the opt-out is not forgotten with the retention period.
 */
export function contactConsentUpdate(table: DynamoTable, contact: ContactPoint, expiresAt: number | undefined): TransactItem {
  return {
    Update: {
      TableName: table.name,
      Key: contactKey(contact.channel, contact.address),
      UpdateExpression: `SET #type = :type, #channel = :channel, #address = :address, consent = :consent,${expiresAt === undefined ? '' : ' expiresAt = :expiresAt,'} optedOut = if_not_exists(optedOut, :false)`,
      ExpressionAttributeNames: { '#type': 'type', '#channel': 'channel', '#address': 'address' },
      ExpressionAttributeValues: {
        ':type': 'contact',
        ':channel': contact.channel,
        ':address': contact.address,
        ':consent': contact.consent,
        ...(expiresAt === undefined ? {} : { ':expiresAt': expiresAt }),
        ':false': false,
      },
    },
  };
}

export class DynamoContactStore implements ContactStore {
  constructor(private readonly table: DynamoTable) {}

  async get(keys: ContactKey[]): Promise<ContactPoint[]> {
    const found: ContactPoint[] = [];
    // BatchGetItem takes at most 100 keys.
    for (let i = 0; i < keys.length; i += 100) found.push(...(await this.getBatch(keys.slice(i, i + 100))));
    return found;
  }

  private async getBatch(keys: ContactKey[]): Promise<ContactPoint[]> {
    const { doc, name } = this.table;
    let pending: Record<string, unknown>[] = keys.map((k) => contactKey(k.channel, k.address));
    const found: ContactPoint[] = [];
    // DynamoDB may leave keys unprocessed under load; ask again for those, a few times.
    for (let attempt = 0; pending.length > 0 && attempt < 4; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const result = await doc.send(new BatchGetCommand({ RequestItems: { [name]: { Keys: pending } } }));
      found.push(...(result.Responses?.[name] ?? []).map((item) => strip<ContactPoint>(item)));
      pending = result.UnprocessedKeys?.[name]?.Keys ?? [];
    }
    if (pending.length > 0) throw new Error('DynamoDB left contact keys unprocessed after 4 attempts');
    return found;
  }

  async setOptOut(channel: Channel, address: string, optedOut: boolean, source: string, now: Date): Promise<void> {
    await this.table.doc.send(
      new UpdateCommand({
        TableName: this.table.name,
        Key: contactKey(channel, address),
        // An opt-out is kept for good (no TTL); opting back in lets the record expire with the retention period again.
        UpdateExpression: `SET #type = :type, #channel = :channel, #address = :address, optedOut = :optedOut, optOutSource = :source, optedOutAt = :at${optedOut ? ' REMOVE expiresAt' : ', expiresAt = :expiresAt'}`,
        ExpressionAttributeNames: { '#type': 'type', '#channel': 'channel', '#address': 'address' },
        ExpressionAttributeValues: {
          ':type': 'contact',
          ':channel': channel,
          ':address': address,
          ':optedOut': optedOut,
          ':source': source,
          ':at': now.toISOString(),
          ...(optedOut ? {} : { ':expiresAt': this.table.expiresAt(now) }),
        },
      }),
    );
  }

  async claimAutoAnswer(key: ContactKey, now: Date, windowHours: number): Promise<boolean> {
    const cutoff = new Date(now.getTime() - windowHours * 3_600_000).toISOString();
    return this.table.conditional(
      new PutCommand({
        TableName: this.table.name,
        // The marker's own item, so the contact point's opt-out (kept without TTL) is never given one; it lapses a day after the window.
        Item: { ...autoAnswerKey(key.channel, key.address), type: 'auto-answer', answeredAt: now.toISOString(), expiresAt: Math.floor(now.getTime() / 1000) + (windowHours + 24) * 3600 },
        ConditionExpression: 'attribute_not_exists(PK) OR answeredAt <= :cutoff',
        ExpressionAttributeValues: { ':cutoff': cutoff },
      }),
    );
  }
}
