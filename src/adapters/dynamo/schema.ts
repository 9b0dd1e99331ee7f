import {
  UpdateTableCommand,
  CreateTableCommand,
  DescribeTableCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { INDEX } from './keys.ts';

/** The table as the engine uses it; the CDK stack declares the same keys and indexes (checked in the tests). */
export const tableDefinition = (tableName: string): CreateTableCommandInput => ({
  TableName: tableName,
  BillingMode: 'PAY_PER_REQUEST',
  AttributeDefinitions: [
    { AttributeName: 'PK', AttributeType: 'S' },
    { AttributeName: 'SK', AttributeType: 'S' },
    { AttributeName: 'dueShard', AttributeType: 'S' },
    { AttributeName: 'dueKey', AttributeType: 'S' },
    { AttributeName: 'clientPhone', AttributeType: 'S' },
    { AttributeName: 'clientEmail', AttributeType: 'S' },
    { AttributeName: 'endedAt', AttributeType: 'S' },
    { AttributeName: 'listShard', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'PK', KeyType: 'HASH' },
    { AttributeName: 'SK', KeyType: 'RANGE' },
  ],
  GlobalSecondaryIndexes: [
    {
      IndexName: INDEX.due,
      KeySchema: [
        { AttributeName: 'dueShard', KeyType: 'HASH' },
        { AttributeName: 'dueKey', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
    {
      IndexName: INDEX.byPhone,
      KeySchema: [
        { AttributeName: 'clientPhone', KeyType: 'HASH' },
        { AttributeName: 'endedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
    {
      IndexName: INDEX.byEmail,
      KeySchema: [
        { AttributeName: 'clientEmail', KeyType: 'HASH' },
        { AttributeName: 'endedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
    {
      IndexName: INDEX.byEnded,
      KeySchema: [
        { AttributeName: 'listShard', KeyType: 'HASH' },
        { AttributeName: 'endedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    },
  ],
});

export const TTL_ATTRIBUTE = 'expiresAt';

/** Creates the table when it does not exist yet (local stack and tests; in AWS, CDK owns it). */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<'created' | 'exists'> {
  try {
    const existing = await client.send(new DescribeTableCommand({ TableName: tableName }));
    await addMissingIndexes(client, tableName, (existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    return 'exists';
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  await client.send(new CreateTableCommand(tableDefinition(tableName)));
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: tableName,
      TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
    }),
  );
  return 'created';
}

/** A table made by an older version gets the indexes added since (one at a time, as DynamoDB requires). */
async function addMissingIndexes(client: DynamoDBClient, tableName: string, present: (string | undefined)[]): Promise<void> {
  const definition = tableDefinition(tableName);
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (present.includes(index.IndexName)) continue;
    const names = index.KeySchema?.map((k) => k.AttributeName) ?? [];
    await client.send(
      new UpdateTableCommand({
        TableName: tableName,
        AttributeDefinitions: definition.AttributeDefinitions?.filter((a) => names.includes(a.AttributeName)),
        GlobalSecondaryIndexUpdates: [{ Create: { IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection } }],
      }),
    );
  }
}
