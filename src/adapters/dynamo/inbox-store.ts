import { BatchGetCommand, GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { digestWorthy, type DigestClaim, type DigestState, type InboxItem } from '#domain/inbox';
import type { Channel } from '#domain/model';
import type { InboxKey, InboxStore } from '#ports/inbox-store';
import { INDEX, OPEN_INBOX_PK, REPLY_DIGEST_KEY, REPLY_SHARD, dueKey, inboxSk, openInboxSk, sessionPk } from './keys.ts';
import { strip, type DynamoTable, type Item } from './table.ts';

const keyOf = (k: InboxKey) => ({ PK: sessionPk(k.sessionId), SK: inboxSk(k.messageId) });
const pointerOf = (item: Pick<InboxItem, 'at' | 'sessionId' | 'messageId'>) => ({ PK: OPEN_INBOX_PK, SK: openInboxSk(item.at, item.sessionId, item.messageId) });

/** The inbox items of the therapist's unanswered messages, and the one digest item (keys.ts). */
export class DynamoInboxStore implements InboxStore {
  constructor(private readonly table: DynamoTable) {}

  async add(item: InboxItem): Promise<void> {
    const { name } = this.table;
    const expiresAt = this.table.expiresAt(new Date(item.at));
    // Waiting for a digest: in the due index at the message's time, so the oldest goes first.
    const due: Item = digestWorthy(item) && !item.notifiedAt ? { dueShard: REPLY_SHARD, dueKey: dueKey(item.at, item.sessionId, `R#${item.messageId}`) } : {};
    await this.table.sendWithConflictRetry(
      new TransactWriteCommand({
        TransactItems: [
          { Put: { TableName: name, Item: { ...keyOf(item), type: 'inbox', ...item, ...due, expiresAt } } },
          { Put: { TableName: name, Item: { ...pointerOf(item), type: 'openInbox', sessionId: item.sessionId, messageId: item.messageId, expiresAt } } },
        ],
      }),
    );
  }

  async get(key: InboxKey): Promise<InboxItem | undefined> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keyOf(key), ConsistentRead: true }));
    return result.Item ? strip<InboxItem>(result.Item) : undefined;
  }

  private async getMany(keys: InboxKey[]): Promise<InboxItem[]> {
    const { doc, name } = this.table;
    const found: InboxItem[] = [];
    for (let i = 0; i < keys.length; i += 100) {
      let pending: Record<string, unknown>[] = keys.slice(i, i + 100).map(keyOf);
      for (let attempt = 0; pending.length > 0 && attempt < 4; attempt += 1) {
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
        const result = await doc.send(new BatchGetCommand({ RequestItems: { [name]: { Keys: pending, ConsistentRead: true } } }));
        found.push(...(result.Responses?.[name] ?? []).map((item) => strip<InboxItem>(item)));
        pending = result.UnprocessedKeys?.[name]?.Keys ?? [];
      }
      if (pending.length > 0) throw new Error('DynamoDB left inbox keys unprocessed after 4 attempts');
    }
    return found;
  }

  async listOpen(limit: number): Promise<InboxItem[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': OPEN_INBOX_PK },
        ScanIndexForward: true,
        Limit: limit,
      }),
    );
    const keys = (result.Items ?? []).map((item) => ({ sessionId: String(item.sessionId), messageId: String(item.messageId) }));
    const items = await this.getMany(keys);
    return items.filter((item) => item.status === 'open').sort((a, b) => a.at.localeCompare(b.at));
  }

  async markHandled(handled: InboxItem): Promise<boolean> {
    const { name } = this.table;
    return this.table.conditional(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: name,
              Key: keyOf(handled),
              UpdateExpression: 'SET #status = :handled, handledAt = :at, handledBy = :by, handledVia = :via REMOVE dueShard, dueKey',
              // stillOpen: an item is handled once; who handled it first is kept.
              ConditionExpression: '#status = :open',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':handled': 'handled', ':open': 'open', ':at': handled.handledAt, ':by': handled.handledBy, ':via': handled.handledVia },
            },
          },
          { Delete: { TableName: name, Key: pointerOf(handled) } },
        ],
      }),
    );
  }

  async undelivered(limit: number): Promise<InboxItem[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: INDEX.due,
        KeyConditionExpression: 'dueShard = :shard',
        ExpressionAttributeValues: { ':shard': REPLY_SHARD },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => strip<InboxItem>(item));
  }

  async digest(): Promise<DigestState> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: REPLY_DIGEST_KEY, ConsistentRead: true }));
    return result.Item ? strip<DigestState>(result.Item) : {};
  }

  async claimDigest(seen: DigestState, claim: DigestClaim, now: Date): Promise<boolean> {
    return this.table.conditional(
      new UpdateCommand({
        TableName: this.table.name,
        Key: REPLY_DIGEST_KEY,
        UpdateExpression: 'SET #type = :type, #claim = :claim',
        // notYetClaimed: one sender per digest (a lapsed claim may be taken over); sameLastSent: no digest went since
        // this sender read the state, so two sweeps cannot both decide that one is due.
        ConditionExpression: `(attribute_not_exists(#claim) OR #claim.#until <= :now) AND ${seen.lastSentAt ? 'lastSentAt = :last' : 'attribute_not_exists(lastSentAt)'}`,
        ExpressionAttributeNames: { '#type': 'type', '#claim': 'claim', '#until': 'until' },
        ExpressionAttributeValues: { ':type': 'replyDigest', ':claim': claim, ':now': now.toISOString(), ...(seen.lastSentAt ? { ':last': seen.lastSentAt } : {}) },
      }),
    );
  }

  async recordDigestChannel(token: string, channel: Channel, providerId: string): Promise<boolean> {
    return this.table.conditional(
      new UpdateCommand({
        TableName: this.table.name,
        Key: REPLY_DIGEST_KEY,
        UpdateExpression: 'SET #claim.#done.#channel = :id',
        // stillOurs: a sender whose claim lapsed and was taken over records nothing.
        ConditionExpression: '#claim.#token = :token',
        ExpressionAttributeNames: { '#claim': 'claim', '#done': 'done', '#channel': channel, '#token': 'token' },
        ExpressionAttributeValues: { ':id': providerId, ':token': token },
      }),
    );
  }

  async completeDigest(token: string, sentAt: Date, items: InboxKey[]): Promise<boolean> {
    const { name } = this.table;
    const at = sentAt.toISOString();
    return this.table.conditional(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: name,
              Key: REPLY_DIGEST_KEY,
              UpdateExpression: 'SET lastSentAt = :at REMOVE #claim',
              // stillOurs, as above.
              ConditionExpression: '#claim.#token = :token',
              ExpressionAttributeNames: { '#claim': 'claim', '#token': 'token' },
              ExpressionAttributeValues: { ':at': at, ':token': token },
            },
          },
          ...items.map((item) => ({
            Update: {
              TableName: name,
              Key: keyOf(item),
              UpdateExpression: 'SET notifiedAt = :at REMOVE dueShard, dueKey',
              // itemKept: an item past its retention is not brought back as a stray.
              ConditionExpression: 'attribute_exists(PK)',
              ExpressionAttributeValues: { ':at': at },
            },
          })),
        ],
      }),
    );
  }
}
