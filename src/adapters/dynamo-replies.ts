import { GetCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Channel, ChannelDelivery, Escalation, FollowUp, MessageRecord, Session } from '#domain/model';
import type { EscalationReply, ReplyRepository } from '#ports/replies';
import { DynamoSessionRepository, isConditionFailure, isTransactionConflict, strip, type Item, type TransactItem } from './dynamo-repository.ts';
import {
  DUE_SHARD,
  ESCALATION_SHARD,
  INDEX,
  OPEN_ESCALATIONS_PK,
  SESSION_SK,
  dueKey,
  escalationSk,
  followUpSk,
  inboundKey,
  messageSk,
  openEscalationSk,
  providerKey,
  sessionPk,
} from './dynamo-keys.ts';

/** The reply pipeline's records in the same table as the sessions (see dynamo-keys.ts). */
export class DynamoReplyRepository extends DynamoSessionRepository implements ReplyRepository {
  private async latestBy(index: string, attribute: string, value: string): Promise<Session | undefined> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: index,
        KeyConditionExpression: '#contact = :value',
        ExpressionAttributeNames: { '#contact': attribute },
        ExpressionAttributeValues: { ':value': value },
        ScanIndexForward: false,
        Limit: 1,
      }),
    );
    const item = result.Items?.[0];
    return item ? strip<Session>(item) : undefined;
  }

  latestSessionByPhone(phone: string) {
    return this.latestBy(INDEX.byPhone, 'clientPhone', phone);
  }

  latestSessionByEmail(email: string) {
    return this.latestBy(INDEX.byEmail, 'clientEmail', email.toLowerCase());
  }

  async getSessionRecord(id: string): Promise<Session | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: sessionPk(id), SK: SESSION_SK }, ConsistentRead: true }),
    );
    return result.Item ? strip<Session>(result.Item) : undefined;
  }

  async recordInbound(message: MessageRecord, dedupeKey: string): Promise<boolean> {
    return this.conditional(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.tableName,
              Item: { ...inboundKey(dedupeKey), type: 'inbound', sessionId: message.sessionId, expiresAt: this.expiresAt(new Date(message.at)) },
              // firstDelivery: a provider retry or a replayed webhook is processed once.
              ConditionExpression: 'attribute_not_exists(PK)',
            },
          },
          ...this.messageWrites(message),
        ],
      }),
    );
  }

  async forgetInbound(message: MessageRecord, dedupeKey: string): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          { Delete: { TableName: this.tableName, Key: inboundKey(dedupeKey) } },
          { Delete: { TableName: this.tableName, Key: { PK: sessionPk(message.sessionId), SK: messageSk(message.at, message.id) } } },
        ],
      }),
    );
  }

  async appendMessages(messages: MessageRecord[]): Promise<void> {
    if (messages.length === 0) return;
    await this.doc.send(new TransactWriteCommand({ TransactItems: messages.flatMap((m) => this.messageWrites(m)) }));
  }

  private escalationItem(escalation: Escalation): Item {
    return {
      PK: sessionPk(escalation.sessionId),
      SK: escalationSk(escalation.id),
      type: 'escalation',
      ...escalation,
      ...(escalation.nextNotifyAt ? { dueShard: ESCALATION_SHARD, dueKey: dueKey(escalation.nextNotifyAt, escalation.sessionId, `E#${escalation.id}`) } : {}),
      expiresAt: this.expiresAt(new Date(escalation.createdAt)),
    };
  }

  async escalate(session: Session, reply: EscalationReply, urgent: boolean, now: Date, newId: string) {
    const at = now.toISOString();
    for (let attempt = 0; attempt < 3; attempt += 1) {
      const current = await this.getSessionRecord(session.id);
      const openId = current?.escalationId;
      if (openId) {
        const appended = await this.appendToOpen(session.id, openId, reply, urgent, at);
        if (appended) return { escalation: appended, opened: false };
        continue;
      }
      const escalation: Escalation = {
        id: newId,
        sessionId: session.id,
        status: 'open',
        urgent,
        createdAt: at,
        clientName: session.client.name,
        clientContact: session.client.phone ?? session.client.email ?? 'unknown',
        replies: [reply],
        round: 1,
        notify: { sms: { status: 'pending' }, email: { status: 'pending' } },
        nextNotifyAt: at,
        updatedAt: at,
      };
      try {
        await this.doc.send(
          new TransactWriteCommand({
            TransactItems: [
              {
                Update: {
                  TableName: this.tableName,
                  Key: { PK: sessionPk(session.id), SK: SESSION_SK },
                  UpdateExpression: 'SET escalationId = :id',
                  // oneOpenEscalation: a session has at most one open escalation; later replies are appended to it.
                  ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(escalationId)',
                  ExpressionAttributeValues: { ':id': newId },
                },
              },
              { Put: { TableName: this.tableName, Item: this.escalationItem(escalation) } },
              {
                Put: {
                  TableName: this.tableName,
                  Item: {
                    PK: OPEN_ESCALATIONS_PK,
                    SK: openEscalationSk(at, session.id, newId),
                    type: 'openEscalation',
                    sessionId: session.id,
                    escalationId: newId,
                    expiresAt: this.expiresAt(now),
                  },
                },
              },
            ],
          }),
        );
      } catch (error) {
        // Another reply of the same session opened it first (condition) or at the same moment (conflict): append.
        if (isConditionFailure(error) || isTransactionConflict(error)) continue;
        throw error;
      }
      await this.moveFollowUps(session.id, 'hold', at);
      return { escalation, opened: true };
    }
    throw new Error('could not open or append to the escalation after 3 attempts');
  }

  private async appendToOpen(sessionId: string, id: string, reply: EscalationReply, urgent: boolean, at: string) {
    // Urgent stays urgent: a calmer later reply does not take the red off. A notifier already sending the earlier
    // reply loses its claim, so its outcome cannot mark this new round delivered.
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: sessionPk(sessionId), SK: escalationSk(id) },
          // A new warning reply is news: the therapist is told again now, in a new round.
          UpdateExpression:
            `SET replies = list_append(replies, :reply),${urgent ? ' urgent = :urgent,' : ''} nextNotifyAt = :at, dueShard = :shard, dueKey = :dueKey, #round = #round + :one, notify = :pending, updatedAt = :at REMOVE notifyClaim`,
          // stillOpen: an acknowledged escalation is not reopened by appending to it.
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status', '#round': 'round' },
          ExpressionAttributeValues: {
            ':reply': [reply],
            ...(urgent ? { ':urgent': true } : {}),
            ':at': at,
            ':shard': ESCALATION_SHARD,
            ':dueKey': dueKey(at, sessionId, `E#${id}`),
            ':one': 1,
            ':pending': { sms: { status: 'pending' }, email: { status: 'pending' } },
            ':open': 'open',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? strip<Escalation>(result.Attributes) : undefined;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  /**
   * Holds every follow-up still waiting while an escalation is open (no automated message while a human handles
   * the client), or puts held ones back in the due index when it is acknowledged: one whose moment passed meanwhile
   * is then sent, or skipped if stale.
   */
  private async moveFollowUps(sessionId: string, move: 'hold' | 'release', at: string): Promise<void> {
    const view = await this.getSession(sessionId);
    if (!view || (move === 'release' && view.session.status === 'cancelled')) return;
    if (move === 'hold') await this.flagClaimed(sessionId, view.followUps, 'holdRequested');
    const from = move === 'hold' ? 'pending' : 'held';
    for (const fu of view.followUps.filter((f: FollowUp) => f.status === from)) {
      const transition =
        move === 'hold'
          ? { set: 'SET #status = :to, reason = :reason, updatedAt = :at REMOVE dueShard, dueKey', values: { ':reason': 'held: an escalation is open' } }
          : { set: 'SET #status = :to, dueShard = :shard, dueKey = :dueKey, updatedAt = :at REMOVE reason, holdRequested', values: { ':shard': DUE_SHARD, ':dueKey': dueKey(fu.sendAt, sessionId, fu.step) } };
      await this.conditional(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: sessionPk(sessionId), SK: followUpSk(fu.step) },
          UpdateExpression: transition.set,
          // unchangedSinceRead: a follow-up a sender claimed, or one cancelled meanwhile, is left as it is.
          ConditionExpression: '#status = :from',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':to': move === 'hold' ? 'held' : 'pending', ':from': from, ':at': at, ...transition.values },
        }),
      );
    }
  }

  async getEscalation(sessionId: string, id: string): Promise<Escalation | undefined> {
    const result = await this.doc.send(
      new GetCommand({ TableName: this.tableName, Key: { PK: sessionPk(sessionId), SK: escalationSk(id) }, ConsistentRead: true }),
    );
    return result.Item ? strip<Escalation>(result.Item) : undefined;
  }

  async openEscalations(): Promise<Escalation[]> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': OPEN_ESCALATIONS_PK },
        ScanIndexForward: false,
      }),
    );
    const found = await Promise.all(
      (result.Items ?? []).map((item) => this.getEscalation(String(item.sessionId), String(item.escalationId))),
    );
    return found.filter((e): e is Escalation => e?.status === 'open');
  }

  async dueEscalations(now: Date, limit: number): Promise<Escalation[]> {
    const result = await this.doc.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: INDEX.due,
        KeyConditionExpression: 'dueShard = :shard AND dueKey <= :upTo',
        FilterExpression: '#type = :escalation',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':shard': ESCALATION_SHARD, ':upTo': `${now.toISOString()}#\uffff`, ':escalation': 'escalation' },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((item) => strip<Escalation>(item));
  }

  async claimNotification(escalation: Escalation, token: string, now: Date, until: Date): Promise<Escalation | undefined> {
    const key = { PK: sessionPk(escalation.sessionId), SK: escalationSk(escalation.id) };
    let claimed: Escalation;
    try {
      const result = await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: key,
          UpdateExpression: 'SET notifyClaim = :claim, dueKey = :dueKey',
          // notYetClaimed: one notifier per round; a claim whose notifier died may be taken over after it lapses.
          ConditionExpression:
            '#status = :open AND nextNotifyAt <= :now AND (attribute_not_exists(notifyClaim) OR notifyClaim.#until <= :now)',
          ExpressionAttributeNames: { '#status': 'status', '#until': 'until' },
          ExpressionAttributeValues: {
            ':claim': { token, until: until.toISOString() },
            ':dueKey': dueKey(until.toISOString(), escalation.sessionId, `E#${escalation.id}`),
            ':open': 'open',
            ':now': now.toISOString(),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      claimed = strip<Escalation>(result.Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
    if (!Object.values(claimed.notify).every((d) => d?.status === 'sent' || d?.status === 'failed')) return claimed;
    const next = { ...claimed, round: claimed.round + 1, notify: { sms: { status: 'pending' as const }, email: { status: 'pending' as const } } };
    const started = await this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: key,
        UpdateExpression: 'SET #round = :round, notify = :notify',
        // stillOurs: the round is started by the notifier that holds the claim.
        ConditionExpression: 'notifyClaim.#token = :token',
        ExpressionAttributeNames: { '#round': 'round', '#token': 'token' },
        ExpressionAttributeValues: { ':round': next.round, ':notify': next.notify, ':token': token },
      }),
    );
    return started ? next : undefined;
  }

  async recordNotification(escalation: Escalation, token: string, channel: Channel, delivery: ChannelDelivery, message: MessageRecord): Promise<boolean> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: { PK: sessionPk(escalation.sessionId), SK: escalationSk(escalation.id) },
                UpdateExpression: 'SET notify.#channel = :delivery, updatedAt = :at',
                // stillOurs: a notifier whose claim lapsed and was taken over records nothing.
                ConditionExpression: 'notifyClaim.#token = :token',
                ExpressionAttributeNames: { '#channel': channel, '#token': 'token' },
                ExpressionAttributeValues: { ':delivery': delivery, ':at': message.at, ':token': token },
              },
            },
            ...this.messageWrites(message),
          ],
        }),
      );
      return true;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      // Acknowledged or taken over meanwhile: keep the log of what went out.
      await this.appendMessages([message]);
      return false;
    }
  }

  async completeNotification(escalation: Escalation, token: string, nextNotifyAt: string, now: Date): Promise<boolean> {
    return this.conditional(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { PK: sessionPk(escalation.sessionId), SK: escalationSk(escalation.id) },
        UpdateExpression: 'SET nextNotifyAt = :next, dueKey = :dueKey, updatedAt = :now REMOVE notifyClaim',
        // stillOurs, and still open: an acknowledged escalation stays out of the due index.
        ConditionExpression: 'notifyClaim.#token = :token AND #status = :open',
        ExpressionAttributeNames: { '#token': 'token', '#status': 'status' },
        ExpressionAttributeValues: {
          ':next': nextNotifyAt,
          ':dueKey': dueKey(nextNotifyAt, escalation.sessionId, `E#${escalation.id}`),
          ':now': now.toISOString(),
          ':token': token,
          ':open': 'open',
        },
      }),
    );
  }

  async acknowledge(sessionId: string, id: string, via: string, now: Date): Promise<Escalation | undefined> {
    const escalation = await this.getEscalation(sessionId, id);
    const at = now.toISOString();
    if (escalation?.status === 'acknowledged') {
      // Acknowledged before, but the release may have failed half-way: release again unless another escalation opened.
      if (!(await this.getSessionRecord(sessionId))?.escalationId) await this.moveFollowUps(sessionId, 'release', at);
      return escalation;
    }
    if (!escalation) return escalation;
    const items: TransactItem[] = [
      {
        Update: {
          TableName: this.tableName,
          Key: { PK: sessionPk(sessionId), SK: escalationSk(id) },
          UpdateExpression: 'SET #status = :acknowledged, acknowledgedAt = :at, acknowledgedVia = :via, updatedAt = :at REMOVE nextNotifyAt, dueShard, dueKey',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':acknowledged': 'acknowledged', ':at': at, ':via': via, ':open': 'open' },
        },
      },
      {
        Update: {
          TableName: this.tableName,
          Key: { PK: sessionPk(sessionId), SK: SESSION_SK },
          UpdateExpression: 'REMOVE escalationId',
          ConditionExpression: 'escalationId = :id',
          ExpressionAttributeValues: { ':id': id },
        },
      },
      { Delete: { TableName: this.tableName, Key: { PK: OPEN_ESCALATIONS_PK, SK: openEscalationSk(escalation.createdAt, sessionId, id) } } },
    ];
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
      await this.moveFollowUps(sessionId, 'release', at);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
    return this.getEscalation(sessionId, id);
  }

  async recordDeliveryStatus(providerId: string, status: string, detail: string | undefined, now: Date): Promise<string | undefined> {
    const pointer = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: providerKey(providerId) }));
    if (!pointer.Item) return undefined;
    const sessionId = String(pointer.Item.sessionId);
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { PK: sessionPk(sessionId), SK: String(pointer.Item.messageSk) },
          UpdateExpression: 'SET deliveryStatus = :status, deliveryDetail = :detail, deliveryAt = :at',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: { ':status': status, ':detail': detail ?? null, ':at': now.toISOString() },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return undefined;
    }
    return sessionId;
  }
}
