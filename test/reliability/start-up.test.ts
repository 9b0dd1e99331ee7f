import { randomUUID } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it, vi } from 'vitest';
import { parsePracticeSettings } from '#config';
import { practiceEnvironment } from '../../lib/settings.ts';
import { fakeSecretsManager } from '../cdk/support/fakes.ts';
import { httpEvent, scheduledEvent, twilioWebhookEvent } from '../cdk/support/invoke.ts';
import { EXAMPLE_CONFIG } from '../cdk/support/synth.ts';
import { awsTestSecrets } from '../support/aws-secrets.ts';
import { freshTable } from '../support/engines.ts';

/**
 * Each Lambda entry (functions/*.ts) as Lambda runs it: the module's own `handler`, its configuration from the
 * environment the stack sets and from Secrets Manager. Secrets Manager refuses the first read (a role not yet allowed,
 * a throttle, a secret being restored): that invocation fails, and the next one in the same container starts afresh
 * and works, instead of repeating the first failure for the container's life.
 */

const SECRETS = awsTestSecrets('start-up-test');
const SECRET = { apiToken: SECRETS.apiToken, ...SECRETS.twilio };
const PUBLIC_BASE_URL = 'https://abc123.execute-api.us-east-1.amazonaws.com';

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;
const ENTRIES: Record<string, () => Promise<{ handler: unknown }>> = {
  api: () => import('#functions/api'),
  sender: () => import('#functions/sender'),
  'twilio-sms': () => import('#functions/twilio-sms'),
  'delivery-status': () => import('#functions/delivery-status'),
  'email-inbound': () => import('#functions/email-inbound'),
  'escalation-notifier': () => import('#functions/escalation-notifier'),
};

let secrets: Awaited<ReturnType<typeof fakeSecretsManager>>;
const saved = { ...process.env };

beforeAll(async () => {
  const [{ tableName }, fake] = await Promise.all([freshTable(), fakeSecretsManager(SECRETS.values)]);
  secrets = fake;
  const practice = parsePracticeSettings(JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')));
  Object.assign(process.env, {
    ...practiceEnvironment(practice),
    TABLE_NAME: tableName,
    ...SECRETS.env,
    PUBLIC_BASE_URL,
    SES_CONFIGURATION_SET: 'aftercare-test',
    INBOUND_BUCKET: 'aftercare-inbound-test',
    NOTIFIER_FUNCTION_NAME: 'aftercare-escalation-notifier',
    TWILIO_FROM_NUMBER: '+15005550006',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: inject('dynamoEndpoint'),
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
  });
});

afterAll(async () => {
  process.env = saved;
  await secrets?.stop();
});

beforeEach(() => {
  // A fresh container: every module, and so every start-up kept in one, is loaded again.
  vi.resetModules();
});

/** Loads an entry as a cold container would, then invokes its handler twice, the first start-up refused. */
async function invokeTwiceFirstRefused(entry: string, event: unknown) {
  const load = ENTRIES[entry];
  if (!load) throw new Error(`no entry ${entry}`);
  const handler = (await load()).handler as Handler;
  const readsBefore = secrets.reads().length;
  secrets.refuse(1);
  const first = await handler(event).then(
    (result) => ({ result }),
    (error: unknown) => ({ error }),
  );
  const second = await handler(event);
  return { first, second, reads: secrets.reads().length - readsBefore };
}

const twilioWebhook = (path: string, params: Record<string, string>) =>
  twilioWebhookEvent({ accountSid: SECRET.twilioAccountSid, authToken: SECRET.twilioAuthToken, publicBaseUrl: PUBLIC_BASE_URL }, path, params);

describe('a Lambda whose start-up failed', () => {
  it('api: answers 500 in plain words, then starts on the next request and answers the health check', async () => {
    const { first, second, reads } = await invokeTwiceFirstRefused('api', httpEvent('GET', '/health'));
    expect(first).toMatchObject({ result: { statusCode: 500, body: expect.stringContaining('try again in a moment') } });
    expect(second).toMatchObject({ statusCode: 200 });
    expect(reads).toBeGreaterThan(0);
  });

  it('sender: fails that sweep, then starts on the next minute’s and sweeps', async () => {
    const { first, second } = await invokeTwiceFirstRefused('sender', scheduledEvent());
    expect(first).toMatchObject({ error: expect.objectContaining({ name: 'AccessDeniedException' }) });
    expect(second).toMatchObject({ examined: 0, sent: 0, escalationsNotified: 0 });
  });

  it('twilio-sms: answers 500 (Twilio retries), then starts and answers the next text with TwiML', async () => {
    const text = twilioWebhook('/webhooks/twilio/sms', { MessageSid: `SM${randomUUID().replace(/-/g, '')}`, From: '+14155550100', Body: 'hello' });
    const { first, second } = await invokeTwiceFirstRefused('twilio-sms', text);
    expect(first).toMatchObject({ result: { statusCode: 500 } });
    expect(second).toMatchObject({ statusCode: 200, headers: { 'content-type': expect.stringMatching(/^text\/xml/) } });
  });

  it('delivery-status: fails that report (Twilio retries), then starts and records the next', async () => {
    const report = twilioWebhook('/webhooks/twilio/status', { MessageSid: `SM${randomUUID().replace(/-/g, '')}`, MessageStatus: 'delivered', To: '+14155550100' });
    const { first, second } = await invokeTwiceFirstRefused('delivery-status', report);
    expect(first).toMatchObject({ error: expect.objectContaining({ name: 'AccessDeniedException' }) });
    expect(second).toMatchObject({ statusCode: 204 });
  });

  it('email-inbound: fails that event (Lambda retries it), then starts and processes the next', async () => {
    const { first, second } = await invokeTwiceFirstRefused('email-inbound', { Records: [] });
    expect(first).toMatchObject({ error: expect.objectContaining({ name: 'AccessDeniedException' }) });
    expect(second).toMatchObject({ processed: 0 });
  });

  it('escalation-notifier: fails that event (Lambda retries it), then starts and looks the escalation up', async () => {
    const { first, second } = await invokeTwiceFirstRefused('escalation-notifier', { sessionId: randomUUID(), escalationId: randomUUID() });
    expect(first).toMatchObject({ error: expect.objectContaining({ name: 'AccessDeniedException' }) });
    expect(second).toEqual({ result: 'not-due' });
  });

  it('covers every entry in functions/', () => {
    const files = readdirSync(new URL('../../functions/', import.meta.url)).map((file) => file.replace(/\.ts$/, ''));
    expect(Object.keys(ENTRIES).sort()).toEqual(files.sort());
  });
});

describe('a warm Lambda', () => {
  it('api: reads the secret again after five minutes, so a replaced API token stops working and the new one works', async () => {
    // This container's own secret, so that the reads counted are its own.
    const arn = `${SECRETS.arns.apiToken}-warm`;
    secrets.put(arn, { apiToken: SECRET.apiToken });
    process.env.API_TOKEN_SECRET_ARN = arn;
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-11-27T18:00:00Z') });
    try {
      const handler = (await import('#functions/api')).handler as Handler;
      const sessions = (token: string) => handler(httpEvent('GET', '/sessions', { headers: { authorization: `Bearer ${token}` } })) as Promise<{ statusCode: number }>;
      const replaced = 'replaced-api-token-0123456789abcdef';
      const tokenReads = () => secrets.reads().filter((read) => read === arn).length;
      expect((await sessions(SECRET.apiToken)).statusCode).toBe(200);

      secrets.put(arn, { apiToken: replaced });
      vi.advanceTimersByTime(4 * 60_000);
      expect((await sessions(SECRET.apiToken)).statusCode).toBe(200);
      expect(tokenReads()).toBe(1);

      vi.advanceTimersByTime(60_000 + 1_000);
      expect((await sessions(SECRET.apiToken)).statusCode).toBe(401);
      expect((await sessions(replaced)).statusCode).toBe(200);
      expect(tokenReads()).toBe(2);
    } finally {
      process.env.API_TOKEN_SECRET_ARN = SECRETS.arns.apiToken;
      vi.useRealTimers();
    }
  });
});
