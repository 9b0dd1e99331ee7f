import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { dynamoStores } from '#adapters/dynamo/stores';
import { configFromEnv, parseConfig, type Config } from '#config';
import { ConfigError } from '#domain/errors';
import { createCoreDeps, type CoreDeps } from '#app/deps';
import { memoise } from '#app/memoise';

/** The JSON secret CDK creates; values the practice fills in after deploying (docs/deploy.md). */
const secretSchema = z.object({
  apiToken: z.string(),
  twilioAccountSid: z.string().optional(),
  twilioAuthToken: z.string().optional(),
});

/**
 * Reads configuration once per container: practice settings and the stack's infrastructure names from the
 * environment (non-secret, set by CDK), secrets from Secrets Manager (AFTERCARE_SECRET_ARN), never from plain
 * environment variables.
 */
async function loadAwsConfig(env: NodeJS.ProcessEnv): Promise<Config> {
  const fromEnv = configFromEnv(env);
  const arn = fromEnv.aftercareSecretArn;
  if (!arn) throw new ConfigError('AFTERCARE_SECRET_ARN is not set; the stack passes it to every function');
  const secret = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: arn }));
  const parsed = secretSchema.safeParse(JSON.parse(secret.SecretString ?? '{}'));
  if (!parsed.success) throw new ConfigError(`The Aftercare secret is not valid JSON of the expected shape: ${parsed.error.message}`);
  const secrets = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== ''));
  return parseConfig({ ...fromEnv, ...secrets });
}

export const awsConfig = memoise(() => loadAwsConfig(process.env));

/** The stores over the stack's table, settings and templates: built on first use, kept for the container's life. */
export const awsCoreDeps = memoise(async (): Promise<CoreDeps> => {
  const config = await awsConfig();
  return createCoreDeps(config, dynamoStores(new DynamoDBClient({}), { tableName: config.tableName, retentionDays: config.retentionDays }));
});

/** A name the stack sets for this function, or a start-up error naming it. */
export function required<K extends keyof Config>(config: Config, key: K, env: string): NonNullable<Config[K]> {
  const value = config[key];
  if (value === undefined || value === null) throw new ConfigError(`${env} is not set; the stack passes it to this function`);
  return value as NonNullable<Config[K]>;
}
