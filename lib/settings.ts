import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as z from 'zod';
import { parsePracticeSettings, runtimeSchema, type PracticeSettings } from '#config';
import { ConfigError } from '#domain/errors';
import { formatSendingHours } from '#domain/quiet-hours';

/**
 * What one deployment is configured with: the practice settings, validated by the engine's own schema, and a few
 * deployment choices from CDK context (`-c key=value` or `cdk.json`). Secrets are never part of it.
 */
export interface DeploymentSettings {
  practice: PracticeSettings;
  /** The public URL of the API: a custom domain in front of it, or (when unset) the API's own execute-api URL. */
  publicBaseUrl?: string;
  /** Where alarms go; the therapist's email unless someone else looks after the deployment. */
  alarmEmail: string;
  /** Reserve the sender's concurrency; new accounts with a quota of 10 cannot reserve any (docs/deploy.md). */
  reserveSenderConcurrency: boolean;
  /** Active X-Ray tracing on every function. */
  xray: boolean;
}

const flag = z.union([z.boolean(), z.enum(['true', 'false']).transform((value) => value === 'true')]);

const contextSchema = z.object({
  config: z.string().min(1).default('aftercare.config.json'),
  publicBaseUrl: runtimeSchema.shape.publicBaseUrl.optional(),
  alarmEmail: z.email().optional(),
  reserveSenderConcurrency: flag.default(true),
  xray: flag.default(false),
});

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read the practice settings file ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The practice settings file ${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * Reads the CDK context and the practice settings file it names (relative to `cwd`), failing with a message that
 * names every missing or invalid key.
 */
export function deploymentSettings(context: Record<string, unknown>, cwd = process.cwd()): DeploymentSettings {
  const parsed = contextSchema.safeParse(context);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')} (CDK context): ${issue.message}`);
    throw new ConfigError(`Aftercare deployment context is invalid:\n${lines.join('\n')}`);
  }
  const { config, publicBaseUrl, alarmEmail, reserveSenderConcurrency, xray } = parsed.data;
  const file = resolve(cwd, config);
  let practice: PracticeSettings;
  try {
    practice = parsePracticeSettings(readJson(file));
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}\n  (from ${file})`, { cause: error });
  }
  return {
    practice,
    ...(publicBaseUrl ? { publicBaseUrl } : {}),
    alarmEmail: alarmEmail ?? practice.therapistEmail,
    reserveSenderConcurrency,
    xray,
  };
}

/** `therapistEmail` → `THERAPIST_EMAIL`: the naming `configFromEnv` reads back. */
export const envName = (key: string) => key.replace(/([A-Z])/g, '_$1').toUpperCase();

/** The practice settings as the environment variables every function parses at cold start. */
export function practiceEnvironment(practice: PracticeSettings): Record<string, string> {
  const { sendingHours, therapistHours, ...rest } = practice;
  const env: Record<string, string> = {
    [envName('sendingHours')]: formatSendingHours(sendingHours),
    [envName('therapistHours')]: formatSendingHours(therapistHours),
  };
  for (const [key, value] of Object.entries(rest)) {
    if (value !== undefined) env[envName(key)] = typeof value === 'object' ? JSON.stringify(value) : String(value);
  }
  return env;
}

/** The domain part of an email address. */
export const domainOf = (address: string) => address.slice(address.lastIndexOf('@') + 1).toLowerCase();
