import '../../local/quiet-warnings.ts';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal, freePort } from '../../local/dynamodb-local.ts';
import { startSesLocal } from '../../local/ses-local.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
  }
}

/**
 * Starts the real local engines once for the whole run: DynamoDB Local (in memory) and aws-ses-v2-local.
 * Each test file uses its own table (test/support/engines.ts), so files do not see each other's data.
 */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamoDbLocal();
  const ses = await startSesLocal(await freePort());
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', ses.endpoint);
  return async () => {
    await ses.stop();
    await dynamo.stop();
  };
}
