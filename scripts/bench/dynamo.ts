import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localDynamoClient } from '../../local/dynamodb-local.ts';

/** What a DynamoDB client sent, by operation, and the capacity units DynamoDB reported for it. */
export interface DynamoMeter {
  requests: number;
  byOperation: Record<string, number>;
  /** Read and write request units DynamoDB reported, indexes included. */
  readUnits: number;
  writeUnits: number;
  /** The part of writeUnits spent keeping the global secondary indexes up to date. */
  indexWriteUnits: number;
  reset(): void;
}

type CapacityEntry = { CapacityUnits?: number; GlobalSecondaryIndexes?: Record<string, { CapacityUnits?: number }> };
const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand', 'TransactGetItemsCommand']);

/**
 * A DynamoDB Local client that counts every request (before the SDK's retries: one call, one count) and asks each
 * for its consumed capacity, so the figures are DynamoDB's own rather than estimated from item sizes.
 */
export function meteredDynamoClient(endpoint: string): { client: DynamoDBClient; meter: DynamoMeter } {
  const client = localDynamoClient(endpoint);
  const meter: DynamoMeter = {
    requests: 0,
    byOperation: {},
    readUnits: 0,
    writeUnits: 0,
    indexWriteUnits: 0,
    reset() {
      this.requests = 0;
      this.byOperation = {};
      this.readUnits = 0;
      this.writeUnits = 0;
      this.indexWriteUnits = 0;
    },
  };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName ?? 'unknown';
      meter.requests += 1;
      meter.byOperation[operation] = (meter.byOperation[operation] ?? 0) + 1;
      const input = args.input as Record<string, unknown>;
      if (operation !== 'DescribeTableCommand' && operation !== 'CreateTableCommand' && operation !== 'UpdateTimeToLiveCommand') {
        input.ReturnConsumedCapacity ??= 'INDEXES';
      }
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: CapacityEntry | CapacityEntry[] }).ConsumedCapacity;
      for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
        const units = entry.CapacityUnits ?? 0;
        if (READS.has(operation)) {
          meter.readUnits += units;
        } else {
          meter.writeUnits += units;
          for (const index of Object.values(entry.GlobalSecondaryIndexes ?? {})) meter.indexWriteUnits += index.CapacityUnits ?? 0;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'benchMeter' },
  );
  return { client, meter };
}
