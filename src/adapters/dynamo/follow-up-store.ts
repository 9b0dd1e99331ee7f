import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { textedNumbers } from '#domain/introduction';
import { STEPS } from '#domain/plan';
import type { FollowUpExpect, FollowUpTransition } from '#domain/follow-up';
import type { FollowUp, MessageRecord, Step } from '#domain/model';
import type { DuePage, FollowUpStore } from '#ports/follow-up-store';
import { changes } from '../changes.ts';
import { DUE_SHARD, INDEX, contactKey, dueKey, followUpSk, sessionPk } from './keys.ts';
import { allMessageWrites } from './message-store.ts';
import { strip, type DynamoTable, type Expr, type Item, type TransactItem } from './table.ts';


/**
 * Marks a contact point texted in the send's own transaction (no extra request), so the sender knows whether the
 * next follow-up to that number must introduce itself. An opt-out on it is kept as it is.
 */
const textedWrite = (table: DynamoTable, { phone, at }: { phone: string; at: string }): TransactItem => ({
  Update: {
    TableName: table.name,
    Key: contactKey('sms', phone),
    UpdateExpression: 'SET #type = :type, #channel = :channel, #address = :address, textedAt = :at, optedOut = if_not_exists(optedOut, :false)',
    ExpressionAttributeNames: { '#type': 'type', '#channel': 'channel', '#address': 'address' },
    ExpressionAttributeValues: { ':type': 'contact', ':channel': 'sms', ':address': phone, ':at': at, ':false': false },
  },
});

/**
 * A follow-up is in the sparse due index while a sender must act on it: a waiting one at its sendAt, a claimed one
 * at its lease's end (to reconcile it if its sender died). Derived from the state, never decided here.
 */
const indexAttributes = (fu: FollowUp): Item =>
  fu.status === 'pending'
    ? { dueShard: DUE_SHARD, dueKey: dueKey(fu.sendAt, fu.sessionId, fu.step) }
    : fu.status === 'claimed' && fu.leaseUntil
      ? { dueShard: DUE_SHARD, dueKey: dueKey(fu.leaseUntil, fu.sessionId, fu.step) }
      : {};

const attributes = (fu: FollowUp): Item => ({ ...fu, ...indexAttributes(fu) });

export const followUpItem = (fu: FollowUp, expiresAt: number): Item => ({
  PK: sessionPk(fu.sessionId),
  SK: followUpSk(fu.step),
  type: 'followUp',
  ...attributes(fu),
  expiresAt,
});

export const stepOrder = (fu: FollowUp) => STEPS.findIndex((s) => s.step === fu.step);

/**
 * The named condition of a transition, as DynamoDB evaluates it:
 * notYetClaimed (one sender, once due, not once cancel or hold was asked), stillWaiting (never move one a sender has
 * taken), stillFlagged (settle only what is still flagged), stillOurs (a sender whose lease lapsed writes nothing),
 * leaseLapsed (only a claim whose sender is gone is reconciled), stillClaimed, stillHeld and stillCancelled (a
 * follow-up that moved since it was read is read again by the use case); a claim also expects the session edit its
 * client copy came from (`editedAt`), so a sender never sends a copy an edit replaced.
 */
function condition(e: Expr, expect: FollowUpExpect): string[] {
  const clauses = [`${e.name('status')} = ${e.value(expect.status)}`];
  if (expect.sendAtBy !== undefined) clauses.push(`${e.name('sendAt')} <= ${e.value(expect.sendAtBy)}`);
  if (expect.leaseUntilBy !== undefined) clauses.push(`${e.name('leaseUntil')} <= ${e.value(expect.leaseUntilBy)}`);
  if (expect.claimToken !== undefined) clauses.push(`${e.name('claimToken')} = ${e.value(expect.claimToken)}`);
  if (expect.attempts !== undefined) clauses.push(`${e.name('attempts')} = ${e.value(expect.attempts)}`);
  for (const flag of expect.without ?? []) clauses.push(`attribute_not_exists(${e.name(flag)})`);
  for (const flag of expect.with ?? []) clauses.push(`attribute_exists(${e.name(flag)})`);
  if (expect.heldBy === null) clauses.push(`attribute_not_exists(${e.name('heldBy')})`);
  else if (expect.heldBy !== undefined) clauses.push(`${e.name('heldBy')} = ${e.value(expect.heldBy)}`);
  if (expect.editedAt === null) clauses.push(`attribute_not_exists(${e.name('editedAt')})`);
  else if (expect.editedAt !== undefined) clauses.push(`${e.name('editedAt')} = ${e.value(expect.editedAt)}`);
  return clauses;
}

export class DynamoFollowUpStore implements FollowUpStore {
  constructor(private readonly table: DynamoTable) {}

  async due(now: Date, limit: number, cursor?: string): Promise<DuePage> {
    const page = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
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
      ...(page.LastEvaluatedKey ? { cursor: Buffer.from(JSON.stringify(page.LastEvaluatedKey)).toString('base64url') } : {}),
    };
  }

  async get(sessionId: string, step: Step): Promise<FollowUp | undefined> {
    const result = await this.table.doc.send(
      new GetCommand({ TableName: this.table.name, Key: { PK: sessionPk(sessionId), SK: followUpSk(step) }, ConsistentRead: true }),
    );
    return result.Item ? strip<FollowUp>(result.Item) : undefined;
  }

  async forSession(sessionId: string): Promise<FollowUp[]> {
    const result = await this.table.doc.send(
      new QueryCommand({
        TableName: this.table.name,
        KeyConditionExpression: 'PK = :pk AND begins_with(SK, :prefix)',
        ExpressionAttributeValues: { ':pk': sessionPk(sessionId), ':prefix': 'FOLLOWUP#' },
        ConsistentRead: true,
      }),
    );
    return (result.Items ?? []).map((item) => strip<FollowUp>(item)).sort((a, b) => stepOrder(a) - stepOrder(b));
  }

  async apply({ from, next, expect }: FollowUpTransition, messages?: MessageRecord[]): Promise<boolean> {
    const update = this.table.update(
      { PK: sessionPk(from.sessionId), SK: followUpSk(from.step) },
      changes(attributes(from), attributes(next)),
      (e) => condition(e, expect),
    );
    return this.table.write(update, messages && [...allMessageWrites(this.table, messages), ...textedNumbers(messages).map((t) => textedWrite(this.table, t))]);
  }
}
