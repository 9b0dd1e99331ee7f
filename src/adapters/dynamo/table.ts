import { ConditionalCheckFailedException, TransactionCanceledException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, TransactWriteCommand, UpdateCommand, type TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Change } from '../changes.ts';

export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];
export type Item = Record<string, unknown>;
export type Key = { PK: string; SK: string };
export type UpdateInput = NonNullable<TransactItem['Update']>;

const STRIP = new Set(['PK', 'SK', 'type', 'expiresAt', 'dueShard', 'dueKey', 'clientPhone', 'clientEmail', 'listShard']);
/** A stored item as the domain sees it: keys, index attributes and TTL removed. */
export const strip = <T>(item: Item): T => Object.fromEntries(Object.entries(item).filter(([k]) => !STRIP.has(k))) as T;

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException ||
  (error instanceof TransactionCanceledException &&
    (error.CancellationReasons ?? []).some((reason) => reason.Code === 'ConditionalCheckFailed'));

/** Two transactions touched the same item at once: nothing was written, and trying again is right. */
export const isTransactionConflict = (error: unknown): boolean =>
  error instanceof TransactionCanceledException &&
  (error.CancellationReasons ?? []).some((reason) => reason.Code === 'TransactionConflict');

/** Placeholders of one expression: attribute names and values, numbered as they are used. */
export class Expr {
  readonly names: Record<string, string> = {};
  readonly values: Record<string, unknown> = {};
  private count = 0;

  name(...path: string[]): string {
    return path
      .map((part) => {
        const placeholder = `#${part.replace(/[^A-Za-z0-9_]/g, '_')}`;
        this.names[placeholder] = part;
        return placeholder;
      })
      .join('.');
  }

  value(value: unknown): string {
    this.count += 1;
    const placeholder = `:v${this.count}`;
    this.values[placeholder] = value;
    return placeholder;
  }
}

/** SET and REMOVE clauses for what a transition changes. */
export function updateExpression(e: Expr, list: Change[]): string {
  const set = list.filter((c) => c.value !== undefined).map((c) => `${e.name(...c.path)} = ${e.value(c.value)}`);
  const remove = list.filter((c) => c.value === undefined).map((c) => e.name(...c.path));
  if (set.length + remove.length === 0) throw new Error('a transition that changes nothing was asked to be written');
  return [set.length ? `SET ${set.join(', ')}` : '', remove.length ? `REMOVE ${remove.join(', ')}` : ''].filter(Boolean).join(' ');
}

export interface TableOptions {
  tableName: string;
  retentionDays: number;
}

/** The one table every store shares: its client, name, TTL and the conditional-write helpers. */
export class DynamoTable {
  readonly doc: DynamoDBDocumentClient;
  readonly name: string;
  private readonly retentionSeconds: number;

  constructor(client: DynamoDBClient, options: TableOptions) {
    this.doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
    this.name = options.tableName;
    this.retentionSeconds = options.retentionDays * 86_400;
  }

  /** TTL attribute: records are deleted by DynamoDB once the retention period after `from` has passed. */
  expiresAt(from: Date): number {
    return Math.floor(from.getTime() / 1000) + this.retentionSeconds;
  }

  /** An update of what changed, under a condition; `condition` builds its clauses with the same placeholders. */
  update(key: Key, list: Change[], condition: (e: Expr) => string[]): UpdateInput {
    const e = new Expr();
    const UpdateExpression = updateExpression(e, list);
    const ConditionExpression = condition(e).join(' AND ');
    return {
      TableName: this.name,
      Key: key,
      UpdateExpression,
      ...(ConditionExpression ? { ConditionExpression } : {}),
      ExpressionAttributeNames: e.names,
      ...(Object.keys(e.values).length ? { ExpressionAttributeValues: e.values } : {}),
    };
  }

  /** Sends a conditional write or transaction; false when a condition did not hold (another writer got there first). */
  async conditional(command: UpdateCommand | PutCommand | TransactWriteCommand): Promise<boolean> {
    try {
      await (command instanceof UpdateCommand ? this.doc.send(command) : command instanceof PutCommand ? this.doc.send(command) : this.doc.send(command));
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** One update alone, or in a transaction with other writes (messages logged with the change). */
  async write(update: UpdateInput, alongside?: TransactItem[]): Promise<boolean> {
    if (!alongside) return this.conditional(new UpdateCommand(update));
    return this.conditional(new TransactWriteCommand({ TransactItems: [{ Update: update }, ...alongside] }));
  }

  /** A transaction that collided with another on the same item (a double tap, two sessions of one client) is retried. */
  async sendWithConflictRetry(command: TransactWriteCommand): Promise<void> {
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
}
