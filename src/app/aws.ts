import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import * as z from 'zod';
import { dynamoStores } from '#adapters/dynamo/stores';
import { powertoolsLog } from '#adapters/powertools-log';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { configFromEnv, parseConfig, type Config } from '#config';
import { ConfigError } from '#domain/errors';
import { createCoreDeps, type CoreDeps } from '#app/deps';
import { lazy, once, refreshed } from '#app/memoise';

/** How long a container trusts the secrets it read: a changed token or key reaches every function within this. */
export const SECRETS_MAX_AGE_MS = 5 * 60_000;
/** After a failed re-read the container keeps what it had, and tries again this much later. */
const SECRETS_RETRY_MS = 30_000;

/**
 * The secrets the stack may give a function, each named by an environment variable holding its ARN, with the fields
 * it holds. A function reads the ones it was given, and only those (lib/constructs/aftercare-function.ts).
 */
const SECRETS = [
  { arn: 'apiTokenSecretArn', env: 'API_TOKEN_SECRET_ARN', what: 'The API token secret', fields: z.object({ apiToken: z.string() }) },
  {
    arn: 'linkKeysSecretArn',
    env: 'LINK_KEYS_SECRET_ARN',
    what: 'The link keys secret',
    fields: z.object({ linkSigningKeyId: z.string(), linkSigningKey: z.string(), previousLinkSigningKeys: z.unknown().optional() }),
  },
  {
    arn: 'twilioSecretArn',
    env: 'TWILIO_SECRET_ARN',
    what: 'The Twilio credentials secret',
    fields: z.object({ twilioAccountSid: z.string().optional(), twilioAuthToken: z.string().optional() }),
  },
  {
    arn: 'bookingsSecretArn',
    env: 'BOOKINGS_SECRET_ARN',
    what: 'The booking sources secret',
    fields: z.object({
      squareAccessToken: z.string().optional(),
      squareWebhookSignatureKey: z.string().optional(),
      bookingsWebhookSecret: z.string().optional(),
      icsFeedUrl: z.string().optional(),
    }),
  },
] as const;

async function readSecret(client: SecretsManagerClient, secret: (typeof SECRETS)[number], arn: string): Promise<Record<string, unknown>> {
  const { SecretString } = await client.send(new GetSecretValueCommand({ SecretId: arn }));
  let json: unknown;
  try {
    json = JSON.parse(SecretString ?? '{}');
  } catch {
    throw new ConfigError(`${secret.what} (${arn}) is not valid JSON`);
  }
  const parsed = secret.fields.safeParse(json);
  if (!parsed.success) throw new ConfigError(`${secret.what} (${arn}) does not have the expected fields: ${z.prettifyError(parsed.error)}`);
  // A field the practice has not filled in yet ("") counts as absent.
  return Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== ''));
}

/**
 * Reads the configuration: practice settings and the stack's infrastructure names from the environment (non-secret,
 * set by CDK), secrets from the Secrets Manager secrets this function was given, never from plain environment
 * variables.
 */
async function loadAwsConfig(env: NodeJS.ProcessEnv): Promise<Config> {
  const fromEnv = configFromEnv(env);
  const given = SECRETS.flatMap((secret) => (fromEnv[secret.arn] ? [{ secret, arn: fromEnv[secret.arn] as string }] : []));
  if (given.length === 0) throw new ConfigError(`None of ${SECRETS.map((s) => s.env).join(', ')} is set; the stack passes the secrets this function needs`);
  const client = new SecretsManagerClient({});
  // Every read settles before the client goes: none is left running after a failed start-up.
  const results = await Promise.allSettled(given.map(({ secret, arn }) => readSecret(client, secret, arn)));
  client.destroy();
  const secrets = results.map((result) => {
    if (result.status === 'rejected') throw result.reason;
    return result.value;
  });
  return parseConfig(Object.assign({}, fromEnv, ...secrets));
}

// One of each per container, whatever the configuration.
const log = lazy(() => powertoolsLog());
const templates = lazy(() => loadTemplatesFromDir(defaultTemplatesDir()));
const dynamo = lazy(() => new DynamoDBClient({}));

/** The configuration, read on first use and again once it is five minutes old. */
export const awsConfig = refreshed(() => loadAwsConfig(process.env), {
  maxAgeMs: SECRETS_MAX_AGE_MS,
  retryMs: SECRETS_RETRY_MS,
  onStale: (error) => log().warn('could not read the secrets again; keeping the ones read before', { error: (error as Error).name }),
});

const coreDepsFor = once((config: Config): CoreDeps =>
  createCoreDeps(config, dynamoStores(dynamo(), { tableName: config.tableName, retentionDays: config.retentionDays }), {
    log: log(),
    templates: templates(),
  }),
);

/** The stores over the stack's table, settings and templates, for the configuration of the moment. */
export const awsCoreDeps = async (): Promise<CoreDeps> => coreDepsFor(await awsConfig());

/** A name the stack sets for this function, or a start-up error naming it. */
export function required<K extends keyof Config>(config: Config, key: K, env: string): NonNullable<Config[K]> {
  const value = config[key];
  if (value === undefined || value === null) throw new ConfigError(`${env} is not set; the stack passes it to this function`);
  return value as NonNullable<Config[K]>;
}
