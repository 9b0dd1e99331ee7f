import { GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { EscalationExpect, EscalationTransition } from '#domain/escalation';
import type { Escalation, MessageRecord } from '#domain/model';
import type { EscalationStore } from '#ports/escalation-store';
import { changes } from '../changes.ts';
import { ESCALATION_SHARD, INDEX, OPEN_ESCALATIONS_PK, SESSION_SK, dueKey, escalationCodeKey, escalationSk, openEscalationSk, sessionPk } from './keys.ts';
import { allMessageWrites } from './message-store.ts';
import { isConditionFailure, isTransactionConflict, strip, type DynamoTable, type Expr, type Item } from './table.ts';

/** An open escalation waits in the due index at its next notification, or at its claim's end while one is held. */
const indexAttributes = (e: Escalation): Item => {
  const at = e.status === 'open' ? (e.notifyClaim?.until ?? e.nextNotifyAt) : undefined;
  return at ? { dueShard: ESCALATION_SHARD, dueKey: dueKey(at, e.sessionId, `E#${e.id}`) } : {};
};

const attributes = (e: Escalation): Item => ({ ...e, ...indexAttributes(e) });

const keyOf = (e: Pick<Escalation, 'sessionId' | 'id'>) => ({ PK: sessionPk(e.sessionId), SK: escalationSk(e.id) });

/**
 * The named condition of a transition: stillOpen (an acknowledged escalation is not reopened or acknowledged twice;
 * with the round and claim read, two replies at once both land; with the news round, an acknowledgement does not
 * cover a reply that arrived after it was read), notYetClaimed (one notifier per round; a lapsed
 * claim may be taken over), stillOurs (a notifier whose claim lapsed and was taken over records nothing).
 */
function condition(e: Expr, expect: EscalationExpect): string[] {
  const clauses: string[] = [];
  if (expect.status !== undefined) clauses.push(`${e.name('status')} = ${e.value(expect.status)}`);
  if (expect.round !== undefined) clauses.push(`${e.name('round')} = ${e.value(expect.round)}`);
  if (expect.newsRound === 1) clauses.push(`(attribute_not_exists(${e.name('newsRound')}) OR ${e.name('newsRound')} = ${e.value(1)})`);
  else if (expect.newsRound !== undefined) clauses.push(`${e.name('newsRound')} = ${e.value(expect.newsRound)}`);
  if (expect.nextNotifyBy !== undefined) clauses.push(`${e.name('nextNotifyAt')} <= ${e.value(expect.nextNotifyBy)}`);
  if (expect.claimFreeBy !== undefined) {
    clauses.push(`(attribute_not_exists(${e.name('notifyClaim')}) OR ${e.name('notifyClaim', 'until')} <= ${e.value(expect.claimFreeBy)})`);
  }
  if (expect.claimToken === null) clauses.push(`attribute_not_exists(${e.name('notifyClaim')})`);
  else if (expect.claimToken !== undefined) clauses.push(`${e.name('notifyClaim', 'token')} = ${e.value(expect.claimToken)}`);
  return clauses;
}

export class DynamoEscalationStore implements EscalationStore {
  constructor(private readonly table: DynamoTable) {}

  async get(sessionId: string, id: string): Promise<Escalation | undefined> {
    const result = await this.table.doc.send(new GetCommand({ TableName: this.table.name, Key: keyOf({ sessionId, id }), ConsistentRead: true }));
    return result.Item ? strip<Escalation>(result.Item) : undefined;
  }

  async listOpen(): Promise<Escalation[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'PK = :pk',
        ExpressionAttributeValues: { ':pk': OPEN_ESCALATIONS_PK },
        ScanIndexForward: false,
        // Read after a lost race for a code: the escalation that took it must be in the list.
        ConsistentRead: true,
      }),
    );
    const found = await Promise.all((result.Items ?? []).map((item) => this.get(String(item.sessionId), String(item.escalationId))));
    return found.filter((e): e is Escalation => e?.status === 'open');
  }

  async due(now: Date, limit: number): Promise<Escalation[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
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

  async open(escalation: Escalation): Promise<boolean> {
    const { name } = this.table;
    const expiresAt = this.table.expiresAt(new Date(escalation.createdAt));
    try {
      await this.table.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: name,
                Key: { PK: sessionPk(escalation.sessionId), SK: SESSION_SK },
                UpdateExpression: 'SET escalationId = :id',
                // oneOpenEscalation: a session has at most one open escalation; later replies are appended to it.
                ConditionExpression: 'attribute_exists(PK) AND attribute_not_exists(escalationId)',
                ExpressionAttributeValues: { ':id': escalation.id },
              },
            },
            { Put: { TableName: name, Item: { ...keyOf(escalation), type: 'escalation', ...attributes(escalation), expiresAt } } },
            {
              Put: {
                TableName: name,
                Item: {
                  PK: OPEN_ESCALATIONS_PK,
                  SK: openEscalationSk(escalation.createdAt, escalation.sessionId, escalation.id),
                  type: 'openEscalation',
                  sessionId: escalation.sessionId,
                  escalationId: escalation.id,
                  expiresAt,
                },
              },
            },
            ...(escalation.code === undefined
              ? []
              : [
                  {
                    Put: {
                      TableName: name,
                      Item: { ...escalationCodeKey(escalation.code), type: 'escalationCode', sessionId: escalation.sessionId, escalationId: escalation.id, expiresAt },
                      // codeIsFree: the therapist's "OK 2" names one open escalation, never two.
                      ConditionExpression: 'attribute_not_exists(PK)',
                    },
                  },
                ]),
          ],
        }),
      );
      return true;
    } catch (error) {
      // Another reply of the same session opened one first, or another escalation took the code (condition), or
      // either happened at the same moment (conflict).
      if (isConditionFailure(error) || isTransactionConflict(error)) return false;
      throw error;
    }
  }

  private update({ from, next, expect }: EscalationTransition) {
    return this.table.update(keyOf(from), changes(attributes(from), attributes(next)), (e) => condition(e, expect));
  }

  async apply(transition: EscalationTransition, messages?: MessageRecord[]): Promise<boolean> {
    return this.table.write(this.update(transition), messages && allMessageWrites(this.table, messages));
  }

  async acknowledge(transition: EscalationTransition): Promise<boolean> {
    const { from } = transition;
    return this.table.write(this.update(transition), [
      {
        Update: {
          TableName: this.table.name,
          Key: { PK: sessionPk(from.sessionId), SK: SESSION_SK },
          UpdateExpression: 'REMOVE escalationId',
          // sameEscalation: the session is freed only by acknowledging the escalation it has open.
          ConditionExpression: 'escalationId = :id',
          ExpressionAttributeValues: { ':id': from.id },
        },
      },
      { Delete: { TableName: this.table.name, Key: { PK: OPEN_ESCALATIONS_PK, SK: openEscalationSk(from.createdAt, from.sessionId, from.id) } } },
      // The code is free again for the next escalation.
      ...(from.code === undefined ? [] : [{ Delete: { TableName: this.table.name, Key: escalationCodeKey(from.code) } }]),
    ]);
  }
}
