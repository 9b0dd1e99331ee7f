import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getExpectedTwilioSignature } from 'twilio/lib/webhooks/webhooks.js';
import type { FunctionBundle } from '../../../lib/assembly.ts';

/**
 * Imports a bundle's index.mjs in a fresh `node` process, as Lambda would on a cold start, calls its handler once with
 * `event`, and returns the result, what the function logged (stdout, where Powertools writes) and stderr. The environment is the template's, with each
 * reference to another resource replaced from `resolved`; a reference without a replacement fails the call.
 */
export async function invokeBundle(
  bundle: FunctionBundle,
  event: unknown,
  options: { resolved: Record<string, string>; env: Record<string, string>; timeoutMs?: number },
): Promise<{ result: unknown; logs: string; stderr: string }> {
  const functionEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries(bundle.environment)) {
    const replacement = options.resolved[key] ?? (typeof value === 'string' ? value : undefined);
    if (replacement === undefined) throw new Error(`${bundle.name}: no local value for ${key} = ${JSON.stringify(value)}`);
    functionEnv[key] = replacement;
  }
  const script = `
    const { handler } = await import(${JSON.stringify(pathToFileURL(join(bundle.dir, 'index.mjs')).href)});
    const started = Date.now();
    const context = {
      awsRequestId: ${JSON.stringify(randomUUID())},
      functionName: process.env.AWS_LAMBDA_FUNCTION_NAME,
      getRemainingTimeInMillis: () => ${options.timeoutMs ?? 30_000} - (Date.now() - started),
    };
    const result = await handler(JSON.parse(process.env.TEST_EVENT), context);
    process.stdout.write('\\n@@result ' + JSON.stringify(result ?? null) + '\\n');
  `;
  const env = {
    PATH: process.env.PATH ?? '',
    LAMBDA_TASK_ROOT: bundle.dir,
    AWS_LAMBDA_FUNCTION_NAME: `aftercare-${bundle.name}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...functionEnv,
    ...options.env,
    TEST_EVENT: JSON.stringify(event),
  };
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { env, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${bundle.name} failed: ${error.message}\n${stdout}\n${stderr}`));
      else resolve({ stdout, stderr });
    });
  });
  const marker = stdout.lastIndexOf('\n@@result ');
  if (marker < 0) throw new Error(`${bundle.name} returned nothing:\n${stdout}\n${stderr}`);
  return { result: JSON.parse(stdout.slice(marker + '\n@@result '.length)), logs: stdout.slice(0, marker), stderr };
}

/** An API Gateway HTTP API (payload 2.0) event, as the `$default` stage sends it. */
export function httpEvent(
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string>; query?: Record<string, string>; routeKey?: string; base64?: boolean } = {},
) {
  const now = new Date();
  const rawQueryString = new URLSearchParams(options.query ?? {}).toString();
  return {
    version: '2.0',
    routeKey: options.routeKey ?? '$default',
    rawPath: path,
    rawQueryString,
    headers: { host: 'abc123.execute-api.us-east-1.amazonaws.com', 'user-agent': 'test', ...options.headers } as Record<string, string>,
    ...(options.query ? { queryStringParameters: options.query } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.us-east-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'test' },
      requestId: randomUUID(),
      routeKey: options.routeKey ?? '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(options.body !== undefined
      ? { body: options.base64 ? Buffer.from(options.body).toString('base64') : options.body, isBase64Encoded: options.base64 ?? false }
      : { isBase64Encoded: false }),
  };
}

/** The event an EventBridge schedule rule sends. */
export const scheduledEvent = () => ({
  version: '0',
  id: randomUUID(),
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time: new Date().toISOString(),
  region: 'us-east-1',
  resources: ['arn:aws:events:us-east-1:123456789012:rule/AftercareApp-EveryMinute'],
  detail: {},
});

/** A form POST from Twilio to one of our webhooks, signed with the account's auth token as Twilio signs it. */
export function twilioWebhookEvent(
  account: { accountSid: string; authToken: string; publicBaseUrl: string },
  path: string,
  params: Record<string, string>,
) {
  const body = { AccountSid: account.accountSid, ...params };
  const signature = getExpectedTwilioSignature(account.authToken, `${account.publicBaseUrl}${path}`, body);
  return httpEvent('POST', path, {
    routeKey: `POST ${path}`,
    body: new URLSearchParams(body).toString(),
    base64: true,
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature },
  });
}
