import { DeleteCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { MessageRecord } from '#domain/model';
import type { InboundStore } from '#ports/message-store';
import { inboundKey, messageSk, sessionPk } from './keys.ts';
import { messageWrites } from './message-store.ts';
import type { DynamoTable } from './table.ts';

/** Inbound dedupe: one marker per provider message id, written with the message it logs. */
export class DynamoInboundStore implements InboundStore {
  constructor(private readonly table: DynamoTable) {}

  async record(dedupeKey: string, at: Date, message?: MessageRecord, options: { forever?: boolean } = {}): Promise<boolean> {
    const { name } = this.table;
    const marker = {
      TableName: name,
      Item: {
        ...inboundKey(dedupeKey), type: 'inbound', ...(message ? { sessionId: message.sessionId } : {}),
        ...(options.forever ? {} : { expiresAt: this.table.expiresAt(at) }),
      },
      // firstDelivery: a provider retry or a replayed webhook is processed once.
      ConditionExpression: 'attribute_not_exists(PK)',
    };
    if (!message) return this.table.conditional(new PutCommand(marker));
    return this.table.conditional(new TransactWriteCommand({ TransactItems: [{ Put: marker }, ...messageWrites(this.table, message)] }));
  }

  async forget(dedupeKey: string, message?: MessageRecord): Promise<void> {
    const { name } = this.table;
    if (!message) {
      await this.table.doc.send(new DeleteCommand({ TableName: name, Key: inboundKey(dedupeKey) }));
      return;
    }
    await this.table.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: name, Key: inboundKey(dedupeKey) } },
          { Delete: { TableName: name, Key: { PK: sessionPk(message.sessionId), SK: messageSk(message.at, message.id) } } },
        ],
      }),
    );
  }
}
