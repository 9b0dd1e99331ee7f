import {
  ConditionalCheckFailedException,
  TransactionCanceledException,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { STEPS } from '#domain/plan';
import type { Channel, ContactPoint, Escalation, FollowUp, MessageRecord, Session } from '#domain/model';
import type {
  DuePage,
  FollowUpResult,
  NewSession,
  SessionRepository,
  SessionView,
} from '#ports/repository';
import {
  DUE_SHARD,
  INDEX,
  SESSION_LIST_SHARD,
  SESSION_SK,
  contactKey,
  dueKey,
  followUpSk,
  idempotencyKey,
  messageSk,
  providerKey,
  sessionPk,
} from './dynamo-keys.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Item = Record<string, unknown>;

const STRIP = new Set(['PK', 'SK', 'type', 'expiresAt', 'dueShard', 'dueKey', 'clientPhone', 'clientEmail', 'listShard']);
export const strip = <T>(item: Item): T => Object.fromEntries(Object.entries(item).filter(([k]) => !STRIP.has(k))) as T;

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed'));

/** Two transactions touched the same item at once: nothing was written, and trying again is right. */
export const isTransactionConflict = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

export const documentClient = (client: DynamoDBClient) =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

export interface DynamoRepositoryOptions {
  tableName: string;
  retentionDays: number;
}

export class DynamoSessionRepository implements SessionRepository {
  readonly doc: DynamoDBDocumentClient;
  readonly tableName: string;
  private readonly retentionSeconds: number;

  constructor(client: DynamoDBClient, options: DynamoRepositoryOptions) {
    this.doc = documentClient(client);
    this.tableName = options.tableName;
    this.retentionSeconds = options.retentionDays * 86_400;
  }

  /** A transaction that collided with another on the same item (a double tap, two sessions of one client) is retried. */
  private async sendWithConflictRetry(command: TransactWriteCommand): Promise<void> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.doc.send(command);
        return;
      } catch (error) {
        if (!isTransactionConflict(error) || attempt >= 4) throw error;
        await new Promise((resolve) => setTimeout(resolve, 20 * attempt + Math.random() * 30));
      }
    }
  }

  /** Sends a conditional write or transaction; false when a condition did not hold (another writer got there first). */
  protected async conditional(command: UpdateCommand | TransactWriteCommand): Promise<boolean> {
    try {
      await (command instanceof UpdateCommand ? this.doc.send(command) : this.doc.send(command));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** TTL attribute: records are deleted by DynamoDB once the retention period after `from` has passed. */
  expiresAt(from: Date): number {
    return Math.floor(from.getTime() / 1000) + this.retentionSeconds;
  }

  sessionItem(session: Session): Item {
    return {
      PK: sessionPk(session.id),
      SK: SESSION_SK,
      type: 'session',
      listShard: SESSION_LIST_SHARD,
      ...session,
      ...(session.client.phone ? { clientPhone: session.client.phone } : {}),
      ...(session.client.email ? { clientEmail: session.client.email } : {}),
      expiresAt: this.expiresAt(new Date(session.createdAt)),
    };
  }

  followUpItem(followUp: FollowUp, expiresAt: number): Item {
    const waiting = followUp.status === 'pending';
    return {
      PK: sessionPk(followUp.sessionId),
      SK: followUpSk(followUp.step),
      type: 'followUp',
      ...followUp,
      ...(waiting ? { dueShard: DUE_SHARD, dueKey: dueKey(followUp.sendAt, followUp.sessionId, followUp.step) } : {}),
      expiresAt,
    };
  }

  messageItem(message: MessageRecord): Item {
    return {
      PK: sessionPk(message.sessionId),
      SK: messageSk(message.at, message.id),
      type: 'message',
      ...message,
      expiresAt: this.expiresAt(new Date(message.at)),
    };
  }

  /** A message, and for a sent one a pointer from its provider id, so a delivery status can find it. */
  messageWrites(message: MessageRecord): TransactItem[] {
    const puts: TransactItem[] = [{ Put: { TableName: this.tableName, Item: this.messageItem(message) } }];
    if (message.providerId && message.direction === 'outbound') {
      puts.push({
        Put: {
          TableName: this.tableName,
          Item: {
            ...providerKey(message.providerId),
            type: 'provider',
            sessionId: message.sessionId,
            messageSk: messageSk(message.at, message.id),
            expiresAt: this.expiresAt(new Date(message.at)),
          },
        },
      });
    }
    return puts;
  }

  async createSession({ session, followUps, contacts, idempotency }: NewSession) {
    const expiresAt = this.expiresAt(new Date(session.createdAt));
    const optedOut = new Set((await this.getContacts(contacts)).filter((c) => c.optedOut).map((c) => `${c.channel}:${c.address}`));
    const items: TransactItem[] = [
      {
        Put: {
          TableName: this.tableName,
          Item: this.sessionItem(session),
          // sessionIsNew: an id is never reused.
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      ...followUps.map((followUp) => ({
        Put: { TableName: this.tableName, Item: this.followUpItem(followUp, expiresAt) },
      })),
      ...contacts.map((contact) => this.contactConsentUpdate(contact, optedOut.has(`${contact.channel}:${contact.address}`) ? undefined : expiresAt)),
    ];
    if (idempotency) {
      items.push({
        Put: {
          TableName: this.tableName,
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
      await this.sendWithConflictRetry(new TransactWriteCommand({ TransactItems: items }));
      return { created: true as const };
    } catch (error) {
      if (!idempotency || !(isConditionFailure(error) || isTransactionConflict(error))) throw error;
      const existing = await this.doc.send(
        new GetCommand({ TableName: this.tableName, Key: idempotencyKey(idempotency.key), ConsistentRead: true }),
      );
      if (!existing.Item) throw error;
      return {
        created: false as const,
        sessionId: String(existing.Item.sessionId),
        fingerprint: String(existing.Item.fingerprint),
      };
    }
  }

  /**
   * Records consent on a contact point, keeping any opt-out: a STOP outlives later sessions until START. An opted-out
   * contact point has no TTL (`expiresAt` undefined here), so the opt-out is not forgotten with the retention period.
   */
  private contactConsentUpdate(contact: ContactPoint, expiresAt: number | undefined): TransactItem {
    return {
      Update: {
        TableName: this.tableName,
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

  async getSession(id: string): Promise<SessionView | undefined> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const page = await this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'PK = :pk',
          ExpressionAttributeValues: { ':pk': sessionPk(id) },
          ConsistentRead: true,
          ExclusiveStartKey: start,
        }),
      );
      items.push(...(page.Items ?? []));
      start = page.LastEvaluatedKey;
    } while (start);
    const sessionItem = items.find((item) => item.type === 'session');
    if (!sessionItem) return undefined;
    const order = (fu: FollowUp) => STEPS.findIndex((s) => s.step === fu.step);
    return {
      session: strip<Session>(sessionItem),
      followUps: items
        .filter((item) => item.type === 'followUp')
        .map((item) => strip<FollowUp>(item))
        .sort((a, b) => order(a) - order(b)),
      messages: items.filter((item) => item.type === 'message').map((item) => strip<MessageRecord>(item)),
      escalations: items.filter((item) => item.type === 'escalation').map((item) => strip<Escalation>(item)),
    };
  }

  async listSessions(from: Date, to: Date, limit: number): Promise<Session[]> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.byEnded,
        KeyConditionExpression: 'listShard = :shard AND endedAt BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':shard': SESSION_LIST_SHARD, ':from': from.toISOString(), ':to': to.toISOString() },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => strip<Session>(item));
  }

  async sessionsForContact(contact: { phone?: string; email?: string }, limit: number): Promise<Session[]> {
    const query = (index: string, attribute: string, value: string) =>
      this.doc.send(
        new QueryCommand({
          TableName: this.tableName,
          IndexName: index,
          KeyConditionExpression: '#contact = :value',
          ExpressionAttributeNames: { '#contact': attribute },
          ExpressionAttributeValues: { ':value': value },
          ScanIndexForward: false,
          Limit: limit,
        }),
      );
    const pages = await Promise.all([
      contact.phone ? query(INDEX.byPhone, 'clientPhone', contact.phone) : undefined,
      contact.email ? query(INDEX.byEmail, 'clientEmail', contact.email.toLowerCase()) : undefined,
    ]);
    const byId = new Map<string, Session>();
    for (const item of pages.flatMap((p) => p?.Items ?? [])) byId.set(String(item.id), strip<Session>(item));
    return [...byId.values()].sort((a, b) => b.endedAt.localeCompare(a.endedAt)).slice(0, limit);
  }

  async cancelSession(id: string, now: Date): Promise<SessionView | undefined> {
    const view = await this.getSession(id);
    if (!view) return undefined;
    if (view.session.status === 'cancelled') return view;
    const at = now.toISOString();
    const cancellable = view.followUps.filter((fu) => fu.status === 'pending' || fu.status === 'held');
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: { PK: sessionPk(id), SK: SESSION_SK },
              UpdateExpression: 'SET #status = :cancelled, cancelledAt = :at',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: { ':cancelled': 'cancelled', ':at': at },
            },
          },
          ...cancellable.map(
            (fu): TransactItem => ({
              Update: {
                TableName: this.tableName,
                Key: { PK: sessionPk(id), SK: followUpSk(fu.step) },
                UpdateExpression: 'SET #status = :cancelled, updatedAt = :at, reason = :reason REMOVE dueShard, dueKey',
                // stillWaiting: a follow-up a sender has already claimed is left to finish.
                ConditionExpression: '#status IN (:pending, :held)',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':cancelled': 'cancelled',
                  ':at': at,
                  ':reason': 'session cancelled',
                  ':pending': 'pending',
                  ':held': 'held',
                },
              },
            }),
          ),
        ],
      }),
    ).catch(async (error: unknown) => {
      // A sender claimed one meanwhile, or a reply escalated at the same moment: cancel what is still waiting.
      if (!isConditionFailure(error) && !isTransactionConflict(error)) throw error;
      return this.cancelSession(id, now);
    });
    await this.flagClaimed(id, view.followUps, 'cancelRequested');
    return this.getSession(id);
  }

  async findDue(now: Date, limit: number, cursor?: string): Promise<DuePage> {
    const page = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.due,
        KeyConditionExpression: 'dueShard = :shard AND dueKey <= :upTo',
        ExpressionAttributeValues: { ':shard': DUE_SHARD, ':upTo': `${now.toISOString()}#\uffff`, ':followUp': 'followUp' },
        FilterExpression: '#type = :followUp',
        ExpressionAttributeNames: { '#type': 'type' },
        Limit: limit,
        ...(cursor ? { ExclusiveStartKey: JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) } : {}),
      }),
    );
    return {
      followUps: (page.Items ?? []).map((item) => strip<FollowUp>(item)),
      ...(page.LastEvaluatedKey
        ? { cursor: Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url') }
        : {}),
    };
  }

  async claim(followUp: FollowUp, claimToken: string, now: Date, leaseUntil: Date): Promise<FollowUp | undefined> {
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: sessionPk(followUp.sessionId), SK: followUpSk(followUp.step) },
          UpdateExpression:
            'SET #status = :claimed, claimToken = :token, leaseUntil = :lease, dueKey = :dueKey, updatedAt = :now ADD attempts :one',
          // notYetClaimed: only one sender may own a follow-up, only once it is due, and not once its session was
          // cancelled or escalated while an earlier attempt was in flight.
          ConditionExpression:
            '#status = :pending AND sendAt <= :now AND attribute_not_exists(cancelRequested) AND attribute_not_exists(holdRequested)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':claimed': 'claimed',
            ':pending': 'pending',
            ':token': claimToken,
            ':lease': leaseUntil.toISOString(),
            ':dueKey': dueKey(leaseUntil.toISOString(), followUp.sessionId, followUp.step),
            ':now': now.toISOString(),
            ':one': 1,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? strip<FollowUp>(result.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  async settle(followUp: FollowUp, status: 'cancelled' | 'held', now: Date): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: sessionPk(followUp.sessionId), SK: followUpSk(followUp.step) },
        UpdateExpression: 'SET #status = :to, reason = :reason, updatedAt = :now REMOVE dueShard, dueKey, cancelRequested',
        // stillWaiting: only one that no sender holds.
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':to': status,
          ':pending': 'pending',
          ':now': now.toISOString(),
          ':reason': status === 'cancelled' ? 'session cancelled' : 'held: an escalation is open',
        },
      }),
    );
  }

  /** Marks follow-ups a sender holds right now, so that a retry of theirs is settled instead of sent. */
  protected async flagClaimed(sessionId: string, followUps: FollowUp[], flag: 'cancelRequested' | 'holdRequested'): Promise<void> {
    for (const fu of followUps.filter((f) => f.status === 'claimed')) {
      await this.conditional(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: sessionPk(sessionId), SK: followUpSk(fu.step) },
          UpdateExpression: `SET ${flag} = :true`,
          ConditionExpression: '#status = :claimed',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':true': true, ':claimed': 'claimed' },
        }),
      );
    }
  }

  /** Moves a waiting follow-up to a later sendAt (quiet hours reached before it was sent). */
  async defer(followUp: FollowUp, sendAt: Date, now: Date): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: sessionPk(followUp.sessionId), SK: followUpSk(followUp.step) },
        UpdateExpression: 'SET sendAt = :sendAt, dueKey = :dueKey, updatedAt = :now',
        // stillWaiting: never move one that a sender has taken.
        ConditionExpression: '#status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sendAt': sendAt.toISOString(),
          ':dueKey': dueKey(sendAt.toISOString(), followUp.sessionId, followUp.step),
          ':now': now.toISOString(),
          ':pending': 'pending',
        },
      }),
    );
  }


  async complete(followUp: FollowUp, claimToken: string, result: FollowUpResult, now: Date): Promise<boolean> {
    const at = now.toISOString();
    const channels = { ...followUp.channels };
    for (const outcome of result.outcomes) {
      channels[outcome.channel] = {
        status: outcome.status,
        ...(outcome.providerId ? { providerId: outcome.providerId } : {}),
        ...(outcome.reason ? { reason: outcome.reason } : {}),
        at,
      };
    }
    const waiting = result.status === 'pending' && result.sendAt;
    const messages = result.outcomes
      .filter((o) => o.status !== 'skipped')
      .flatMap((o) =>
        this.messageWrites({
          sessionId: followUp.sessionId,
          id: randomUUID(),
          at,
          direction: 'outbound',
          channel: o.channel,
          party: 'client',
          template: followUp.step,
          status: o.status,
          ...(o.providerId ? { providerId: o.providerId } : {}),
          ...(o.reason ? { reason: o.reason } : {}),
          ...(o.body ? { body: o.body } : {}),
        }),
      );
    return this.conditional(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: this.tableName,
              Key: { PK: sessionPk(followUp.sessionId), SK: followUpSk(followUp.step) },
              UpdateExpression: waiting
                ? 'SET #status = :status, channels = :channels, sendAt = :sendAt, dueKey = :dueKey, updatedAt = :now, reason = :reason REMOVE claimToken, leaseUntil'
                : 'SET #status = :status, channels = :channels, updatedAt = :now, reason = :reason REMOVE claimToken, leaseUntil, dueShard, dueKey',
              // stillOurs: a sender whose lease lapsed (and was reconciled) must not overwrite the outcome.
              ConditionExpression: '#status = :claimed AND claimToken = :token',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':status': result.status,
                ':channels': channels,
                ':now': at,
                ':reason': result.reason ?? null,
                ':claimed': 'claimed',
                ':token': claimToken,
                ...(waiting
                  ? {
                      ':sendAt': result.sendAt,
                      ':dueKey': dueKey(result.sendAt as string, followUp.sessionId, followUp.step),
                    }
                  : {}),
              },
            },
          },
          ...messages,
        ],
      }),
    );
  }

  async markUnknown(followUp: FollowUp, now: Date): Promise<boolean> {
    const channels = Object.fromEntries(
      Object.entries(followUp.channels).map(([channel, delivery]) => [
        channel,
        delivery.status === 'pending' ? { ...delivery, status: 'unknown' } : delivery,
      ]),
    );
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: sessionPk(followUp.sessionId), SK: followUpSk(followUp.step) },
        UpdateExpression:
          'SET #status = :unknown, channels = :channels, reason = :reason, updatedAt = :now REMOVE claimToken, leaseUntil, dueShard, dueKey',
        // leaseLapsed: only a claim whose sender is gone is reconciled.
        ConditionExpression: '#status = :claimed AND leaseUntil <= :now',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':unknown': 'unknown',
          ':claimed': 'claimed',
          ':channels': channels,
          ':reason': 'sender stopped mid-send; the message may or may not have gone out, so it is not resent',
          ':now': now.toISOString(),
        },
      }),
    );
  }

  async getContacts(keys: { channel: Channel; address: string }[]): Promise<ContactPoint[]> {
    const found: ContactPoint[] = [];
    // BatchGetItem takes at most 100 keys.
    for (let i = 0; i < keys.length; i += 100) found.push(...(await this.getContactBatch(keys.slice(i, i + 100))));
    return found;
  }

  private async getContactBatch(keys: { channel: Channel; address: string }[]): Promise<ContactPoint[]> {
    let pending: Record<string, unknown>[] = keys.map((k) => contactKey(k.channel, k.address));
    const found: ContactPoint[] = [];
    // DynamoDB may leave keys unprocessed under load; ask again for those, a few times.
    for (let attempt = 0; pending.length > 0 && attempt < 4; attempt += 1) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
      const result = await this.doc.send(new BatchGetCommand({ RequestItems: { [this.tableName]: { Keys: pending } } }));
      found.push(...(result.Responses?.[this.tableName] ?? []).map((item) => strip<ContactPoint>(item)));
      pending = result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
    }
    if (pending.length > 0) throw new Error('DynamoDB left contact keys unprocessed after 4 attempts');
    return found;
  }


  async setOptOut(channel: Channel, address: string, optedOut: boolean, source: string, now: Date): Promise<void> {
    await this.doc.send(
      new UpdateCommand({
        TableName: this.tableName,
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
          ...(optedOut ? {} : { ':expiresAt': this.expiresAt(now) }),
        },
      }),
    );
  }
}
