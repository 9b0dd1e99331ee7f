import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { ensureTable } from '#adapters/dynamo/schema';
import { dynamoStores } from '#adapters/dynamo/stores';
import { localDynamoClient } from '../../local/dynamodb-local.ts';
import { localSesClient, storedEmails } from '../../local/ses-local.ts';

/** A fresh table in the shared DynamoDB Local, so each test file works on its own data. */
export async function freshTable(retentionDays = 180) {
  const client = localDynamoClient(inject('dynamoEndpoint'));
  const tableName = `t-${randomUUID()}`;
  await ensureTable(client, tableName);
  const { table, ...stores } = dynamoStores(client, { tableName, retentionDays });
  return { client, tableName, table, stores };
}

export const sesClient = () => localSesClient(inject('sesEndpoint'));

/** Emails an aws-ses-v2-local (the shared one by default) received for one recipient. */
export const emailsTo = async (address: string, endpoint = inject('sesEndpoint')) =>
  (await storedEmails(endpoint)).filter((email) => email.destination.to.includes(address));
