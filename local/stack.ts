import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { SESEvent } from 'aws-lambda';
import { SendRawEmailCommand } from '@aws-sdk/client-ses';
import { simpleParser } from 'mailparser';
import type { Verdict } from '#domain/inbound-checks';
import { configFromEnv, parseConfig, type Config } from '#config';
import { ConfigError } from '#domain/errors';
import { ensureTable } from '#adapters/dynamo/schema';
import { dynamoStores } from '#adapters/dynamo/stores';
import type { DynamoTable } from '#adapters/dynamo/table';
import { composeEmail, type Sender } from '#adapters/ses-email-sender';
import { sesEmailSender } from '#app/aws-email';
import { twilioSmsSender, type SenderHandlerDeps } from '#app/aws-senders';
import { createCoreDeps, type CoreDeps } from '#app/deps';
import { errorResponse, json, requireBearer, type HttpEvent } from '#adapters/http';
import type { EscalationNotifier } from '#ports/notifier';
import { createTwilioSmsHandler } from '#functions/twilio-sms';
import { createDeliveryStatusHandler } from '#functions/delivery-status';
import { createEmailInboundHandler } from '#functions/email-inbound';
import { createNotifierHandler } from '#functions/escalation-notifier';
import type { Clock } from '#domain/time';
import type { Log } from '#ports/log';
import type { EmailMessage, EmailSender, SmsSender } from '#ports/senders';
import { createApiHandler } from '#functions/api';
import { createSenderHandler } from '#functions/sender';
import { localAccessKey, localDynamoClient, startDynamoDbLocal, type RunningDynamo } from './dynamodb-local.ts';
import { localSesClient, startSesLocal, type RunningSes } from './ses-local.ts';
import { OutboxSmsSender } from './sms-outbox.ts';
import { startHttpGateway } from './http-gateway.ts';
import { createDemoHandler } from './demo-routes.ts';
import { LOCAL_SQUARE_TOKEN, createSquareStandIn } from './square-stand-in.ts';

export const LOCAL_DEFAULTS = {
  PORT: '3000',
  SES_LOCAL_PORT: '8005',
  SWEEP_INTERVAL_SECONDS: '10',
  TWILIO_AUTH_TOKEN: 'local-twilio-auth-token-not-secret',
  TWILIO_ACCOUNT_SID: 'AC00000000000000000000000000000000',
  TWILIO_FROM_NUMBER: '+15005550006',
  SQUARE_WEBHOOK_SIGNATURE_KEY: 'local-square-signature-key-not-secret',
} as const;

export interface LocalStackOptions {
  /** Where data lives; `.aftercare/` for `npm start`. */
  dataDir: string;
  env: NodeJS.ProcessEnv;
  /** Keep DynamoDB tables in memory instead of under dataDir (tests). */
  inMemory?: boolean;
  /** Use a DynamoDB Local that is already running (tests share one) instead of starting one. */
  dynamoEndpoint?: string;
  clock?: Clock;
  log?: Log;
  /** 0 disables the timer (tests run sweeps themselves). */
  sweepIntervalSeconds?: number;
  /** Replace the SMS sink (tests); by default the outbox file, or Twilio when credentials are set. */
  sms?: SmsSender;
}

export interface LocalStack {
  config: Config;
  url: string;
  sesUrl: string;
  dynamoEndpoint: string;
  outboxFile: string;
  apiTokenSource: 'env' | 'file' | 'generated';
  core: CoreDeps;
  /** The table behind the stores, for tests that look at what is stored. */
  table: DynamoTable;
  notifier: EscalationNotifier;
  sweep: () => Promise<unknown>;
  stop(): Promise<void>;
}

/** A secret kept in a file under dataDir (readable by this user only), made on first start. */
function savedSecret(dataDir: string, name: string, create: () => string): { text: string; created: boolean } {
  const file = join(dataDir, name);
  if (existsSync(file)) return { text: readFileSync(file, 'utf8'), created: false };
  const text = create();
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(file, text, { mode: 0o600 });
  return { text, created: true };
}

/** AFTERCARE_API_TOKEN, or the token saved under dataDir, or a new one saved there. */
function apiToken(dataDir: string, env: NodeJS.ProcessEnv): { token: string; source: LocalStack['apiTokenSource'] } {
  if (env.AFTERCARE_API_TOKEN) return { token: env.AFTERCARE_API_TOKEN, source: 'env' };
  const { text, created } = savedSecret(dataDir, 'api-token', () => `${randomBytes(24).toString('base64url')}\n`);
  return { token: text.trim(), source: created ? 'generated' : 'file' };
}

/** The file of link keys under dataDir: the same JSON as the link keys secret in AWS (docs/deploy.md). */
export const LINK_KEYS_FILE = 'link-keys.json';

/**
 * The link keys: from the environment when LINK_SIGNING_KEY is set (configFromEnv reads them), else the ones saved
 * under dataDir, else a new key saved there, so that links sent before a restart keep working after it.
 */
function linkKeyValues(dataDir: string, env: NodeJS.ProcessEnv): Record<string, unknown> {
  if (env.LINK_SIGNING_KEY) return {};
  const { text } = savedSecret(dataDir, LINK_KEYS_FILE, () =>
    `${JSON.stringify({ linkSigningKeyId: '1', linkSigningKey: randomBytes(32).toString('base64url'), previousLinkSigningKeys: [] }, null, 2)}\n`,
  );
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new ConfigError(`${join(dataDir, LINK_KEYS_FILE)} is not valid JSON; fix it, or delete it to start with a new key (links already sent stop working)`);
  }
}

/** The signed webhook's secret: BOOKINGS_WEBHOOK_SECRET, or one generated into dataDir (`whsec_` + base64). */
export const BOOKINGS_WEBHOOK_SECRET_FILE = 'bookings-webhook-secret';
function bookingValues(dataDir: string, env: NodeJS.ProcessEnv, port: string): Record<string, unknown> {
  const secret = env.BOOKINGS_WEBHOOK_SECRET
    ? {}
    : { bookingsWebhookSecret: savedSecret(dataDir, BOOKINGS_WEBHOOK_SECRET_FILE, () => `whsec_${randomBytes(32).toString('base64')}\n`).text.trim() };
  // Without a Square access token the SDK talks to the stand-in (local/square-stand-in.ts) on this stack's own port.
  const square = env.SQUARE_ACCESS_TOKEN ? {} : { squareAccessToken: LOCAL_SQUARE_TOKEN, squareBaseUrl: `http://127.0.0.1:${port}/local/square` };
  return { squareWebhookSignatureKey: LOCAL_DEFAULTS.SQUARE_WEBHOOK_SIGNATURE_KEY, ...secret, ...square };
}

/** Practice settings from aftercare.config.json (or AFTERCARE_CONFIG), overridden by environment variables. */
export function localConfig(dataDir: string, env: NodeJS.ProcessEnv): { config: Config; tokenSource: LocalStack['apiTokenSource'] } {
  const file = env.AFTERCARE_CONFIG ?? 'aftercare.config.json';
  const practice = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  const port = env.PORT ?? LOCAL_DEFAULTS.PORT;
  const { token, source } = apiToken(dataDir, env);
  const config = parseConfig({
    publicBaseUrl: `http://localhost:${port}`,
    twilioAuthToken: LOCAL_DEFAULTS.TWILIO_AUTH_TOKEN,
    twilioAccountSid: LOCAL_DEFAULTS.TWILIO_ACCOUNT_SID,
    twilioFromNumber: LOCAL_DEFAULTS.TWILIO_FROM_NUMBER,
    ...practice,
    ...linkKeyValues(dataDir, env),
    ...bookingValues(dataDir, env, port),
    ...configFromEnv(env),
    apiToken: token,
  });
  return { config, tokenSource: source };
}

/** Keeps each raw email under dataDir so the SES viewer (in memory) can be refilled after a restart. */
class RecordingEmailSender implements EmailSender {
  constructor(
    private readonly inner: EmailSender,
    private readonly from: Sender,
    private readonly dir: string,
  ) {}

  async send(message: EmailMessage) {
    const result = await this.inner.send(message);
    // Client addresses and words: readable by this user only, like the API token.
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFile(join(this.dir, `${Date.now()}-${result.providerId}.eml`), await composeEmail(this.from, message), { mode: 0o600 });
    return result;
  }
}

/** Refills the SES viewer with exactly the emails kept under dataDir. */
async function replayEmails(dir: string, ses: RunningSes): Promise<number> {
  await fetch(`${ses.endpoint}/clear-store`, { method: 'POST' });
  if (!existsSync(dir)) return 0;
  const client = localSesClient(ses.endpoint);
  const files = readdirSync(dir).filter((f) => f.endsWith('.eml')).sort();
  for (const file of files) {
    await client.send(new SendRawEmailCommand({ RawMessage: { Data: readFileSync(join(dir, file)) } }));
  }
  client.destroy();
  return files.length;
}

/**
 * What SES receiving hands email-inbound: one record naming the stored message, with the envelope and the
 * verdicts. Here the envelope is the message's own From and To/Cc (as an SMTP client would derive it), and each
 * verdict is read from an `X-SES-<name>-Verdict` header (SPF, DKIM, DMARC, Spam, Virus) so that tests can set a
 * failing one; an absent verdict counts as a pass, as SES reports for a client's ordinary mail.
 */
async function sesReceived(messageId: string, raw: Buffer): Promise<SESEvent> {
  const parsed = await simpleParser(raw, { skipHtmlToText: true, skipTextToHtml: true, skipImageLinks: true });
  const verdict = (name: string) => ({ status: (String(parsed.headers.get(`x-ses-${name}-verdict`) ?? 'PASS').trim().toUpperCase()) as Verdict });
  const addresses = [parsed.to, parsed.cc].flat().flatMap((field) => field?.value.map((v) => v.address ?? '') ?? []).filter(Boolean);
  const source = parsed.from?.value[0]?.address ?? '';
  const receipt = {
    recipients: addresses, spfVerdict: verdict('spf'), dkimVerdict: verdict('dkim'), dmarcVerdict: verdict('dmarc'),
    spamVerdict: verdict('spam'), virusVerdict: verdict('virus'),
  };
  return { Records: [{ ses: { mail: { messageId, source }, receipt } }] } as unknown as SESEvent;
}

/** Real Twilio when TWILIO_ACCOUNT_SID is set; otherwise the outbox file. */
function localSms(config: Config, env: NodeJS.ProcessEnv, outboxFile: string): SmsSender {
  if (env.TWILIO_ACCOUNT_SID && config.twilioAccountSid && config.twilioAuthToken) return twilioSmsSender(config, { statusCallback: false });
  return new OutboxSmsSender(outboxFile, config.twilioFromNumber ?? LOCAL_DEFAULTS.TWILIO_FROM_NUMBER);
}

/** Starts DynamoDB Local, aws-ses-v2-local, the HTTP gateway in front of the Lambda handlers, and the sweep timer. */
export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const { dataDir, env } = options;
  const { config, tokenSource } = localConfig(dataDir, env);
  const port = Number(env.PORT ?? LOCAL_DEFAULTS.PORT);
  const sesPort = Number(env.SES_LOCAL_PORT ?? LOCAL_DEFAULTS.SES_LOCAL_PORT);
  const outboxFile = join(dataDir, 'outbox', 'sms.jsonl');
  const emailDir = join(dataDir, 'outbox', 'email');

  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const fn of stops.reverse()) await fn().catch(() => undefined);
  };
  try {
    let dynamoEndpoint = options.dynamoEndpoint;
    // Our own DynamoDB Local gets a key of its own (a shared one in tests keeps the public "local").
    const accessKey = dynamoEndpoint ? undefined : options.inMemory ? `K${randomBytes(16).toString('hex')}` : localAccessKey(dataDir);
    if (!dynamoEndpoint) {
      const dynamo: RunningDynamo = await startDynamoDbLocal(options.inMemory ? {} : { dataDir: join(dataDir, 'dynamodb') });
      stops.push(dynamo.stop);
      dynamoEndpoint = dynamo.endpoint;
    }
    const dynamoClient = localDynamoClient(dynamoEndpoint, accessKey);
    await ensureTable(dynamoClient, config.tableName);

    const ses = await startSesLocal(sesPort);
    stops.push(ses.stop);
    if (!options.inMemory) await replayEmails(emailDir, ses);

    const { table, ...stores } = dynamoStores(dynamoClient, { tableName: config.tableName, retentionDays: config.retentionDays });
    const core = createCoreDeps(config, stores, {
      ...(options.clock ? { clock: options.clock } : {}),
      ...(options.log ? { log: options.log } : {}),
    });
    const sms = options.sms ?? localSms(config, env, outboxFile);
    const ses2 = sesEmailSender(config, localSesClient(ses.endpoint));
    const email = options.inMemory ? ses2 : new RecordingEmailSender(ses2, { name: config.sesFromName, address: config.sesFromAddress }, emailDir);
    const senderDeps: SenderHandlerDeps = { ...core, sms, email };

    // In AWS the webhooks start the notifier function asynchronously; here its handler runs in-process.
    const notifierHandler = createNotifierHandler(async () => senderDeps);
    const notifier: EscalationNotifier = {
      notify: async (sessionId, escalationId) => {
        await notifierHandler({ sessionId, escalationId });
      },
      notifyReplies: async () => {
        await notifierHandler({ replies: true });
      },
    };
    const api = createApiHandler(async () => senderDeps);
    const sender = createSenderHandler(async () => senderDeps);
    const smsWebhook = createTwilioSmsHandler(async () => ({ ...core, notifier }));
    const deliveryStatus = createDeliveryStatusHandler(async () => core);
    // SES receiving stores the raw message in S3 and invokes email-inbound; here the raw RFC 5322 message is the
    // request body, kept in memory for the same handler to read under the message id of an SES-shaped event.
    const rawMail = new Map<string, Buffer>();
    const emailInboundHandler = createEmailInboundHandler(async () => ({
      ...core,
      notifier,
      email,
      readRaw: async (messageId) => rawMail.get(messageId) ?? Buffer.alloc(0),
    }));
    const emailInbound = async (event: HttpEvent) => {
      try {
        requireBearer(event, config.apiToken);
        const messageId = randomBytes(16).toString('hex');
        const raw = Buffer.from(event.body ?? '', event.isBase64Encoded ? 'base64' : 'utf8');
        rawMail.set(messageId, raw);
        const [result = {}] = (await emailInboundHandler(await sesReceived(messageId, raw)).finally(() => rawMail.delete(messageId))).results;
        return json(result.sessionId ? 200 : 202, { matched: Boolean(result.sessionId), ...result });
      } catch (error) {
        return errorResponse(error, core.log);
      }
    };
    let ownUrl = `http://127.0.0.1:${port}`;
    const demo = createDemoHandler({ core, sesUrl: ses.endpoint, outboxFile, url: () => ownUrl });
    const server: Server = await startHttpGateway(port, [
      { prefix: '/local/square', handler: createSquareStandIn(dataDir) },
      { prefix: '/local', handler: demo },
      { prefix: '/webhooks/twilio/sms', handler: smsWebhook },
      { prefix: '/webhooks/twilio/status', handler: async (event) => (await deliveryStatus(event)) as Awaited<ReturnType<typeof api>> },
      { prefix: '/webhooks/email/inbound', handler: emailInbound },
      { prefix: '/', handler: api },
    ], [new URL(config.publicBaseUrl).host]);
    stops.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const actualPort = (server.address() as { port: number }).port;
    ownUrl = `http://127.0.0.1:${actualPort}`;

    let running: Promise<unknown> | undefined;
    const sweep = () => {
      running ??= sender({ 'detail-type': 'Scheduled Event', source: 'aws.events', time: new Date().toISOString() }).finally(() => {
        running = undefined;
      });
      return running;
    };
    const interval = options.sweepIntervalSeconds ?? Number(env.SWEEP_INTERVAL_SECONDS ?? LOCAL_DEFAULTS.SWEEP_INTERVAL_SECONDS);
    if (interval > 0) {
      const timer = setInterval(() => {
        sweep().catch((error: unknown) => core.log.error('sweep failed', { error: (error as Error).name }));
      }, interval * 1000);
      stops.push(async () => {
        clearInterval(timer);
        await running;
      });
    }

    return {
      config,
      url: `http://localhost:${actualPort}`,
      sesUrl: ses.endpoint,
      dynamoEndpoint,
      outboxFile,
      apiTokenSource: tokenSource,
      core,
      table,
      notifier,
      sweep,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
