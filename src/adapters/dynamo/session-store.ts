import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ContactPoint, Escalation, FollowUp, MessageRecord, Session } from '#domain/model';
import type { CreateResult, NewSession, SessionPage, SessionStore, SessionView } from '#ports/session-store';
import { changes } from '../changes.ts';
import { decodeSessionCursor, encodeSessionCursor } from '#domain/session-cursor';
import { contactConsentUpdate } from './contact-store.ts';
import { followUpItem, stepOrder } from './follow-up-store.ts';
import { INDEX, SESSION_LIST_SHARD, SESSION_SK, idempotencyKey, sessionPk } from './keys.ts';
import { isConditionFailure, isTransactionConflict, strip, type DynamoTable, type Item, type TransactItem } from './table.ts';
import type { DynamoContactStore } from './contact-store.ts';

export function sessionItem(table: DynamoTable, session: Session): Item {
  return {
    PK: sessionPk(session.id),
    SK: SESSION_SK,
    type: 'session',
    listShard: SESSION_LIST_SHARD,
    ...session,
    ...(session.client.phone ? { clientPhone: session.client.phone } : {}),
    ...(session.client.email ? { clientEmail: session.client.email } : {}),
    expiresAt: table.expiresAt(new Date(session.createdAt)),
  };
}

export class DynamoSessionStore implements SessionStore {
  constructor(
    private readonly table: DynamoTable,
    private readonly contacts: DynamoContactStore,
  ) {}

  async create({ session, followUps, contacts, idempotency }: NewSession): Promise<CreateResult> {
    const { name } = this.table;
    const expiresAt = this.table.expiresAt(new Date(session.createdAt));
    const optedOut = new Set((await this.contacts.get(contacts)).filter((c) => c.optedOut).map((c) => `${c.channel}:${c.address}`));
    const items: TransactItem[] = [
      // sessionIsNew: an id is never reused.
      { Put: { TableName: name, Item: sessionItem(this.table, session), ConditionExpression: 'attribute_not_exists(PK)' } },
      ...followUps.map((fu) => ({ Put: { TableName: name, Item: followUpItem(fu, expiresAt) } })),
      ...contacts.map((c) => contactConsentUpdate(this.table, c, optedOut.has(`${c.channel}:${c.address}`) ? undefined : expiresAt)),
    ];
    if (idempotency) {
      items.push({
        Put: {
          TableName: name,
          Item: {
            ...idempotencyKey(idempotency.key),
            type: 'idempotency',
            sessionId: session.id,
            fingerprint: idempotency.fingerprint,
            expiresAt: Math.floor(Date.parse(session.createdAt) / 1000) + 86_400,
          },
          // keyIsUnused: a retried submit must not create a second session.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      });
    }
    try {
      await this.table.sendWithConflictRetry(new TransactWriteCommand({ TransactItems: items }));
      return { created: true };
    } catch (error) {
      if (!idempotency || !(isConditionFailure(error) || isTransactionConflict(error))) throw error;
      const existing = await this.table.doc.send(new GetCommand({ TableName: name, Key: idempotencyKey(idempotency.key), ConsistentRead: true }));
      if (!existing.Item) throw error;
      return { created: false, sessionId: String(existing.Item.sessionId), fingerprint: String(existing.Item.fingerprint) };
    }
  }

  async get(id: string): Promise<Session | undefined> {
    const result = await this.table.doc.send(
      new GetCommand({ TableName: this.table.name, Key: { PK: sessionPk(id), SK: SESSION_SK }, ConsistentRead: true }),
    );
    return result.Item ? strip<Session>(result.Item) : undefined;
  }

  async view(id: string): Promise<SessionView | undefined> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.table.doc.send(
        new QueryCommand({
          TableName: this.table.name,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': sessionPk(id) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const found = items.find((item) => item.type === 'session');
    if (!found) return undefined;
    const of = <T>(type: string) => items.filter((item) => item.type === type).map((item) => strip<T>(item));
    return {
      session: strip<Session>(found),
      followUps: of<FollowUp>('followUp').sort((a, b) => stepOrder(a) - stepOrder(b)),
      messages: of<MessageRecord>('message'),
      escalations: of<Escalation>('escalation'),
    };
  }

  async list(from: Date, to: Date, limit: number): Promise<Session[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: INDEX.byEnded,
        KeyConditionExpression: 'listShard = :shard AND endedAt BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':shard': SESSION_LIST_SHARD, ':from': from.toISOString(), ':to': to.toISOString() },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => strip<Session>(item));
  }

  private async byContact(index: string, attribute: string, value: string, limit: number, before?: string): Promise<Session[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: index,
        KeyConditionExpression: `#contact = :value${before ? ' AND endedAt < :before' : ''}`,
        ExpressionAttributeNames: { '#contact': attribute },
        ExpressionAttributeValues: { ':value': value, ...(before ? { ':before': before } : {}) },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => strip<Session>(item));
  }

  async forContact(contact: { phone?: string; email?: string }, limit: number, before?: string): Promise<Session[]> {
    const pages = await Promise.all([
      contact.phone ? this.byContact(INDEX.byPhone, 'clientPhone', contact.phone, limit, before) : [],
      contact.email ? this.byContact(INDEX.byEmail, 'clientEmail', contact.email.toLowerCase(), limit, before) : [],
    ]);
    const byId = new Map<string, Session>();
    for (const session of pages.flat()) byId.set(session.id, session);
    return [...byId.values()].sort((a, b) => b.endedAt.localeCompare(a.endedAt)).slice(0, limit);
  }

  async latestByPhone(phone: string): Promise<Session | undefined> {
    return (await this.byContact(INDEX.byPhone, 'clientPhone', phone, 1))[0];
  }

  async latestByEmail(email: string): Promise<Session | undefined> {
    return (await this.byContact(INDEX.byEmail, 'clientEmail', email.toLowerCase(), 1))[0];
  }

  async markCancelled(id: string, now: Date): Promise<boolean> {
    return this.table.conditional(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { PK: sessionPk(id), SK: SESSION_SK },
        UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at',
        // stillActive: cancelling twice keeps the first cancellation's time.
        ConditionExpression: '#status = :active',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': now.toISOString(), ':active': 'active' },
      }),
    );
  }

  async amend(from: Session, next: Session, contacts: ContactPoint[]): Promise<boolean> {
    const update = this.table.update({ PK: sessionPk(from.id), SK: SESSION_SK }, changes(sessionItem(this.table, from), sessionItem(this.table, next)), (e) => [
      // stillActive and notEditedSince: an edit is made on the session as read, never over a cancel or another edit.
      `${e.name('status')} = ${e.value('active')}`,
      from.editedAt === undefined ? `attribute_not_exists(${e.name('editedAt')})` : `${e.name('editedAt')} = ${e.value(from.editedAt)}`,
    ]);
    if (contacts.length === 0) return this.table.write(update);
    const expiresAt = this.table.expiresAt(new Date(from.createdAt));
    const optedOut = new Set((await this.contacts.get(contacts)).filter((c) => c.optedOut).map((c) => `${c.channel}:${c.address}`));
    return this.table.write(
      update,
      contacts.map((c) => contactConsentUpdate(this.table, c, optedOut.has(`${c.channel}:${c.address}`) ? undefined : expiresAt)),
    );
  }

  async markRestored(id: string, cancelledAt: string, now: Date): Promise<boolean> {
    return this.table.conditional(
      new UpdateCommand({
        TableName: this.table.name,
        Key: { PK: sessionPk(id), SK: SESSION_SK },
        UpdateExpression: 'SET #status = :active, restoredAt = :at REMOVE cancelledAt',
        // sameCancel: only the cancel that was read is undone (not one made again since).
        ConditionExpression: '#status = :cancelled AND cancelledAt = :cancelledAt',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':active': 'active', ':at': now.toISOString(), ':cancelled': 'cancelled', ':cancelledAt': cancelledAt },
      }),
    );
  }

  async history({ before, limit, cursor }: { before?: string; limit: number; cursor?: string }): Promise<SessionPage> {
    const start = cursor ? decodeSessionCursor(cursor) : undefined;
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        IndexName: INDEX.byEnded,
        KeyConditionExpression: `listShard = :shard${before ? ' AND endedAt < :before' : ''}`,
        ExpressionAttributeValues: { ':shard': SESSION_LIST_SHARD, ...(before ? { ':before': before } : {}) },
        ScanIndexForward: false,
        Limit: limit,
        ...(start ? { ExclusiveStartKey: { PK: sessionPk(start.id), SK: SESSION_SK, listShard: SESSION_LIST_SHARD, endedAt: start.endedAt } } : {}),
      }),
    );
    const sessions = (result.Items ?? []).map((item) => strip<Session>(item));
    const last = sessions.at(-1);
    return { sessions, ...(result.LastEvaluatedKey && last ? { cursor: encodeSessionCursor(last) } : {}) };
  }
}
