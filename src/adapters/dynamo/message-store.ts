import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryStatusChange } from '#domain/delivery';
import type { Channel, MessageRecord } from '#domain/model';
import type { MessageStore, SentMessage } from '#ports/message-store';
import { messageSk, providerKey, sessionPk } from './keys.ts';
import type { DynamoTable, Item, TransactItem } from './table.ts';

export function messageItem(table: DynamoTable, message: MessageRecord): Item {
  return {
    PK: sessionPk(message.sessionId),
    SK: messageSk(message.at, message.id),
    type: 'message',
    ...message,
    expiresAt: table.expiresAt(new Date(message.at)),
  };
}

/** A message, and for a sent one a pointer from its provider id (with whom it went to), so a delivery status can find it. */
export function messageWrites(table: DynamoTable, message: MessageRecord): TransactItem[] {
  const puts: TransactItem[] = [{ Put: { TableName: table.name, Item: messageItem(table, message) } }];
  if (message.providerId && message.direction === 'outbound') {
    puts.push({
      Put: {
        TableName: table.name,
        Item: {
          ...providerKey(message.providerId),
          type: 'provider',
          sessionId: message.sessionId,
          messageSk: messageSk(message.at, message.id),
          channel: message.channel,
          party: message.party,
          ...(message.to ? { to: message.to } : {}),
          expiresAt: table.expiresAt(new Date(message.at)),
        },
      },
    });
  }
  return puts;
}

export const allMessageWrites = (table: DynamoTable, messages: MessageRecord[]): TransactItem[] =>
  messages.flatMap((m) => messageWrites(table, m));

export class DynamoMessageStore implements MessageStore {
  constructor(private readonly table: DynamoTable) {}

  async append(messages: MessageRecord[]): Promise<void> {
    if (messages.length === 0) return;
    await this.table.doc.send(new TransactWriteCommand({ TransactItems: allMessageWrites(this.table, messages) }));
  }

  async recordDeliveryStatus({ providerId, status, detail, at, expect }: DeliveryStatusChange): Promise<{ message: SentMessage; written: boolean } | undefined> {
    const { doc, name } = this.table;
    const pointer = (await doc.send(new GetCommand({ TableName: name, Key: providerKey(providerId) }))).Item;
    if (!pointer) return undefined;
    const { sessionId, channel, party, to } = pointer as { sessionId: string; channel?: Channel; party?: MessageRecord['party']; to?: string };
    const message: SentMessage = { sessionId, ...(channel && party && to ? { recipient: { channel, party, address: to } } : {}) };
    const update = this.table.update(
      { PK: sessionPk(sessionId), SK: String(pointer.messageSk) },
      [
        { path: ['deliveryStatus'], value: status },
        { path: ['deliveryDetail'], value: detail ?? null },
        { path: ['deliveryAt'], value: at },
      ],
      (e) => {
        const stored = e.name('deliveryStatus');
        const replaceable = expect.replaces.map((s) => `${stored} = ${e.value(s)}`);
        // messageKept: a report about a message past its retention does not create a stray item.
        // furtherAlong: a report that arrives after a later one (callbacks come in any order) leaves the later one.
        return [`attribute_exists(${e.name('PK')})`, `(${[`attribute_not_exists(${stored})`, ...replaceable].join(' OR ')})`];
      },
    );
    const written = await this.table.write(update);
    return { message, written };
  }
}
