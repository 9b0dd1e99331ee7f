import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageRecord } from '#domain/model';
import type { MessageStore } from '#ports/message-store';
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

/** A message, and for a sent one a pointer from its provider id, so a delivery status can find it. */
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

  async recordDeliveryStatus(providerId: string, status: string, detail: string | undefined, now: Date): Promise<string | undefined> {
    const { doc, name } = this.table;
    const pointer = await doc.send(new GetCommand({ TableName: name, Key: providerKey(providerId) }));
    if (!pointer.Item) return undefined;
    const sessionId = String(pointer.Item.sessionId);
    const written = await this.table.conditional(
      new UpdateCommand({
        TableName: name,
        Key: { PK: sessionPk(sessionId), SK: String(pointer.Item.messageSk) },
        UpdateExpression: 'SET deliveryStatus = :status, deliveryDetail = :detail, deliveryAt = :at',
        // messageKept: a report about a message past its retention does not create a stray item.
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':status': status, ':detail': detail ?? null, ':at': now.toISOString() },
      }),
    );
    return written ? sessionId : undefined;
  }
}
