import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { configFromEnv, parseConfig, type Config } from '#config';
import { ConfigError } from '#domain/errors';
import { dynamoStores } from '#adapters/dynamo/stores';
import { createCoreDeps, type CoreDeps } from '#app/deps';

/** The JSON secret CDK creates; values the practice fills in after deploying (docs/deploy.md). */
const secretSchema = z.object({
  apiToken: z.string(),
  twilioAccountSid: z.string().optional(),
  twilioAuthToken: z.string().optional(),
});

/**
 * Reads configuration once per container: practice settings from the environment (non-secret, set by CDK),
 * secrets from Secrets Manager (AFTERCARE_SECRET_ARN), never from plain environment variables.
 */
async function loadAwsConfig(env: NodeJS.ProcessEnv): Promise<Config> {
  const arn = env.AFTERCARE_SECRET_ARN;
  if (!arn) throw new ConfigError('AFTERCARE_SECRET_ARN is not set; the stack passes it to every function');
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  const parsed = secretSchema.safeParse(JSON.parse(secret.SecretString ?? '{}'));
  if (!parsed.success) throw new ConfigError(`The Aftercare secret is not valid JSON of the expected shape: ${parsed.error.message}`);
  const secrets = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== ''));
  return parseConfig({ ...configFromEnv(env), ...secrets });
}

let config: Promise<Config> | undefined;
export const awsConfig = (): Promise<Config> => {
  config ??= loadAwsConfig(process.env).catch((error: unknown) => {
    config = undefined;
    throw error;
  });
  return config;
};

let core: Promise<CoreDeps> | undefined;
/** Built on first use and kept for the container's life. */
export const awsCoreDeps = (): Promise<CoreDeps> => {
  core ??= awsConfig()
    .then((c) => createCoreDeps(c, dynamoStores(new DynamoDBClient({}), { tableName: c.tableName, retentionDays: c.retentionDays })))
    .catch((error: unknown) => {
      core = undefined;
      throw error;
    });
  return core;
};
