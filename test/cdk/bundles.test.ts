import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { functionBundles, type FunctionBundle } from '../../lib/assembly.ts';
import { REPO_ROOT } from '../../lib/constructs/aftercare-function.ts';
import { awsTestSecrets } from '../support/aws-secrets.ts';
import { emailsTo, freshTable } from '../support/engines.ts';
import { fakeLambda, fakeS3, fakeSecretsManager, fakeTwilio, recordingDynamo } from './support/fakes.ts';
import { actionsOf, deployedFunctions, resourcesOf } from './support/synth.ts';
import { httpEvent, invokeBundle, scheduledEvent, twilioWebhookEvent } from './support/invoke.ts';

/**
 * The artefacts `cdk synth` builds, proven to work: the CLI synthesizes offline into a temporary cloud assembly, and
 * each function's index.mjs is then loaded in its own node process (a cold start) and fed the events its source sends
 * (API Gateway, EventBridge, SES receipt, SNS, Lambda), against DynamoDB Local and aws-ses-v2-local, with small
 * in-test stand-ins for Secrets Manager, S3 GetObject and Lambda Invoke, and Twilio behind an intercepting proxy.
 */

const SECRETS = awsTestSecrets('bundle-test');
const SECRET = { apiToken: SECRETS.apiToken, ...SECRETS.twilio };
const PUBLIC_BASE_URL = 'https://abc123.execute-api.us-east-1.amazonaws.com';
const TWILIO_FROM = '+15005550006';
// Addresses unique to this run: aws-ses-v2-local is shared with the other test files.
const RUN = randomUUID().slice(0, 8);
const CLIENT = { name: 'Dana Whitfield', phone: '+14155552671', email: `dana.whitfield.${RUN}@example.com` };
const THERAPIST = { phone: '+13108960696', email: `therapist.${RUN}@example.com` };
const NOTIFIER = 'aftercare-escalation-notifier';
const INBOUND_BUCKET = 'aftercare-inbound-test';
const PAIN_REPLY = 'I have a stabbing pain in my lower back since the massage';

let assembly: string;
const bundles: Record<string, FunctionBundle> = {};
let secrets: Awaited<ReturnType<typeof fakeSecretsManager>>;
let twilio: Awaited<ReturnType<typeof fakeTwilio>>;
let lambda: Awaited<ReturnType<typeof fakeLambda>>;
let s3: Awaited<ReturnType<typeof fakeS3>>;
let dynamo: Awaited<ReturnType<typeof recordingDynamo>>;
const inboundObjects = new Map<string, Buffer>();
let tableName: string;
const logs: string[] = [];
const stderrs: string[] = [];

beforeAll(async () => {
  assembly = mkdtempSync(join(tmpdir(), 'aftercare-cdk-out-'));
  await promisify(execFile)('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', assembly], {
    cwd: REPO_ROOT,
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
    maxBuffer: 16 * 1024 * 1024,
  });
  for (const bundle of functionBundles(assembly)) bundles[bundle.name] = bundle;
  dynamo = await recordingDynamo(inject('dynamoEndpoint'));
  [secrets, twilio, lambda, s3, { tableName }] = await Promise.all([
    fakeSecretsManager(SECRETS.values),
    fakeTwilio(),
    fakeLambda(),
    fakeS3(inboundObjects),
    freshTable(),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all([secrets?.stop(), twilio?.stop(), lambda?.stop(), s3?.stop(), dynamo?.stop()]);
  if (assembly) rmSync(assembly, { recursive: true, force: true });
});

const bundle = (name: string) => {
  const found = bundles[name];
  if (!found) throw new Error(`no bundle for ${name}; found ${Object.keys(bundles).join(', ')}`);
  return found;
};
const code = (name: string) => readFileSync(join(bundle(name).dir, 'index.mjs'), 'utf8');
const size = (name: string) => statSync(join(bundle(name).dir, 'index.mjs')).size;

/** A handler's result, plus the JSON lines it logged. */
type Invocation = { [key: string]: unknown; logged: Record<string, unknown>[] };

async function invoke(name: string, event: unknown, env: Record<string, string> = {}): Promise<Invocation> {
  const { result, logs: output, stderr } = await invokeBundle(bundle(name), event, {
    resolved: {
      TABLE_NAME: tableName,
      ...SECRETS.env,
      PUBLIC_BASE_URL,
      SES_CONFIGURATION_SET: 'aftercare-test',
      INBOUND_BUCKET,
      NOTIFIER_FUNCTION_NAME: NOTIFIER,
    },
    env: {
      AWS_ENDPOINT_URL_DYNAMODB: await dynamo.endpoint(name),
      AWS_ENDPOINT_URL_SES: inject('sesEndpoint'),
      AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
      AWS_ENDPOINT_URL_LAMBDA: lambda.url,
      AWS_ENDPOINT_URL_S3: s3.url,
      HTTP_PROXY: twilio.proxy,
      NODE_EXTRA_CA_CERTS: twilio.caFile,
      // Settings a practice would have: its Twilio sender, a therapist address of this run, and sending hours that
      // include the moment the test runs.
      TWILIO_FROM_NUMBER: TWILIO_FROM,
      THERAPIST_EMAIL: THERAPIST.email,
      SENDING_HOURS: '00:00-23:59',
      ...env,
    },
  });
  logs.push(output);
  stderrs.push(stderr);
  return { ...(result as Record<string, unknown>), logged: output.split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>) };
}

/** A form POST from Twilio to one of our webhooks, signed as Twilio signs it. */
const twilioWebhook = (path: string, params: Record<string, string>) =>
  twilioWebhookEvent({ accountSid: SECRET.twilioAccountSid, authToken: SECRET.twilioAuthToken, publicBaseUrl: PUBLIC_BASE_URL }, path, params);

/** What the SES receipt rule's Lambda action sends after its S3 action stored the message. */
function sesReceiptEvent(messageId: string, from: string, to: string) {
  return {
    Records: [
      {
        eventSource: 'aws:ses',
        eventVersion: '1.0',
        ses: {
          mail: { timestamp: new Date().toISOString(), source: from, messageId, destination: [to], headersTruncated: false, headers: [], commonHeaders: { from: [from], to: [to] } },
          receipt: {
            timestamp: new Date().toISOString(),
            processingTimeMillis: 400,
            recipients: [to],
            spamVerdict: { status: 'PASS' },
            virusVerdict: { status: 'PASS' },
            spfVerdict: { status: 'PASS' },
            dkimVerdict: { status: 'PASS' },
            dmarcVerdict: { status: 'PASS' },
            action: { type: 'Lambda', functionArn: 'arn:aws:lambda:us-east-1:123456789012:function:aftercare-email-inbound', invocationType: 'Event' },
          },
        },
      },
    ],
  };
}

/** A client's email reply as SES stores it: raw MIME under inbound/<SES message id>. */
function storeInboundEmail(sessionId: string, text: string): string {
  const messageId = `ses-${Math.random().toString(36).slice(2)}`;
  const raw = [
    `From: ${CLIENT.name} <${CLIENT.email}>`,
    `To: reply+${sessionId}@reply.ohara-massage.example`,
    `Subject: Re: Aftercare for today's massage`,
    `Message-ID: <${messageId}@mail.example.com>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    '',
    text,
    '',
    `On Thu, Chris O'Hara Massage <aftercare@ohara-massage.example> wrote:`,
    '> Hi Dana, thanks for your massage',
    '',
  ].join('\r\n');
  inboundObjects.set(`${INBOUND_BUCKET}/inbound/${messageId}`, Buffer.from(raw));
  return messageId;
}

describe('the bundles cdk synth builds', () => {
  it('builds one bundle per function: minified ESM with a source map, and the templates beside it', () => {
    expect(Object.keys(bundles).sort()).toEqual(['api', 'delivery-status', 'email-inbound', 'escalation-notifier', 'sender', 'twilio-sms']);
    for (const name of Object.keys(bundles)) {
      const dir = bundle(name).dir;
      expect(code(name).startsWith("import { createRequire as __aftercareRequire } from 'node:module';"), name).toBe(true);
      expect(code(name)).toMatch(/\/\/# sourceMappingURL=index\.mjs\.map\s*$/);
      expect(existsSync(join(dir, 'index.mjs.map')), name).toBe(true);
      expect(readFileSync(join(dir, 'templates/default/2h.sms.txt'), 'utf8')).toBe(readFileSync(join(REPO_ROOT, 'templates/default/2h.sms.txt'), 'utf8'));
    }
  });

  it('keeps the Twilio REST client out of every bundle but the two that send texts', () => {
    for (const name of ['sender', 'escalation-notifier']) {
      expect(code(name), name).toContain('api.twilio.com');
      expect(code(name), name).toContain('MessageList');
    }
    for (const name of ['api', 'twilio-sms', 'delivery-status', 'email-inbound']) {
      expect(code(name), name).not.toContain('api.twilio.com');
      expect(code(name), name).not.toContain('MessageList');
    }
    expect(size('twilio-sms')).toBeLessThan(size('sender') / 3);
  });
});

/** The fixed-offset zone where `now` is between 12:00 and 12:59 ("Etc/GMT-N" is N hours ahead of UTC). */
const middayZone = (now: Date): string => {
  const offset = 12 - now.getUTCHours();
  return offset === 0 ? 'UTC' : offset > 0 ? `Etc/GMT-${offset}` : `Etc/GMT+${-offset}`;
};

describe('the deployed artefacts, invoked with the events their sources send', () => {
  let sessionId: string;
  const bearer = { authorization: `Bearer ${SECRET.apiToken}`, 'content-type': 'application/json' };

  it('answers the health check, reading its configuration from the environment and the secret', async () => {
    const response = await invoke('api', httpEvent('GET', '/health'));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body as string)).toMatchObject({ status: 'ok', practiceName: "Chris O'Hara Massage" });
    expect(secrets.reads()).toEqual(expect.arrayContaining([SECRETS.arns.apiToken, SECRETS.arns.linkKeys]));
    expect(secrets.reads()).not.toContain(SECRETS.arns.twilio);
  });

  it('serves the therapist page from the API bundle, with its Content-Security-Policy', async () => {
    const page = await invoke('api', httpEvent('GET', '/'));
    expect(page.statusCode).toBe(200);
    expect(String(page.body)).toContain('<!doctype html>');
    expect((page.headers as Record<string, string>)['content-security-policy']).toContain("script-src 'self'");
    const script = await invoke('api', httpEvent('GET', '/app.js'));
    expect(script.statusCode).toBe(200);
  });

  it('refuses to enter a session without the API token from the secret', async () => {
    const response = await invoke('api', httpEvent('POST', '/sessions', { body: '{}', headers: { authorization: 'Bearer wrong-token-0123456789' } }));
    expect(response.statusCode).toBe(401);
  });

  it('enters a session through the API, then the scheduled sender sends its 2-hour follow-up by email and by text', async () => {
    const endedAt = new Date(Date.now() - 2 * 3_600_000 - 5 * 60_000).toISOString();
    const session = {
      // A zone where it is now about midday, so the session ended "today" and within sending hours whatever the hour
      // in UTC (a UTC client failed this between midnight and 02:05 UTC: the session had ended "yesterday").
      client: { ...CLIENT, timezone: middayZone(new Date()) },
      endedAt,
      consent: { sms: true, email: true },
    };
    const created = await invoke('api', httpEvent('POST', '/sessions', { body: JSON.stringify(session), headers: bearer }));
    expect(created.statusCode, String(created.body)).toBe(201);
    sessionId = (JSON.parse(created.body as string) as { id: string }).id;

    const summary = await invoke('sender', scheduledEvent());
    expect(summary).toMatchObject({ sent: 1, failed: 0 });

    const [email, ...more] = await emailsTo(CLIENT.email);
    expect(more).toEqual([]);
    expect(email).toMatchObject({ subject: "Aftercare for your massage today at Chris O'Hara Massage", from: `"Chris O'Hara Massage" <aftercare@ohara-massage.example>` });
    expect(email?.replyTo?.[0]).toMatch(/^reply\+[0-9a-f-]{36}\.[0-9a-f]{20}@reply\.ohara-massage\.example$/);

    expect(twilio.tunnels).toEqual(['api.twilio.com:443']);
    expect(twilio.messages).toHaveLength(1);
    const [text] = twilio.messages;
    expect(text?.accountSid).toBe(SECRET.twilioAccountSid);
    expect(text?.authorization).toBe(`Basic ${Buffer.from(`${SECRET.twilioAccountSid}:${SECRET.twilioAuthToken}`).toString('base64')}`);
    expect(text?.params).toMatchObject({ To: CLIENT.phone, From: TWILIO_FROM, StatusCallback: `${PUBLIC_BASE_URL}/webhooks/twilio/status` });
    expect(text?.params.Body).toMatch(/^Hi Dana, thanks for your massage at Chris O'Hara Massage today\./);
  });

  it('answers a client’s worrying text with TwiML and starts the notifier, which texts and emails the therapist', async () => {
    const response = await invoke('twilio-sms', twilioWebhook('/webhooks/twilio/sms', { MessageSid: `SM${'1'.repeat(32)}`, From: CLIENT.phone, To: TWILIO_FROM, Body: PAIN_REPLY }));
    expect(response.statusCode, String(response.body)).toBe(200);
    expect((response.headers as Record<string, string>)['content-type']).toMatch(/^text\/xml/);
    expect(response.body).toMatch(/^<\?xml[^>]*\?><Response><Message>.+<\/Message><\/Response>$/s);

    expect(lambda.invocations).toEqual([{ functionName: NOTIFIER, invocationType: 'Event', payload: { sessionId, escalationId: expect.any(String) } }]);
    const notified = await invoke('escalation-notifier', lambda.invocations[0]?.payload);
    expect(notified).toMatchObject({ result: 'sent' });
    const toTherapist = twilio.messages.filter((m) => m.params.To === THERAPIST.phone);
    expect(toTherapist).toHaveLength(1);
    expect(toTherapist[0]?.params.Body).toContain('stabbing pain');
    expect(await emailsTo(THERAPIST.email)).toHaveLength(1);
  });

  it('lets the therapist acknowledge by texting OK, and the API shows the sessions, the client and the conversation', async () => {
    const ok = await invoke('twilio-sms', twilioWebhook('/webhooks/twilio/sms', { MessageSid: `SM${'3'.repeat(32)}`, From: THERAPIST.phone, To: TWILIO_FROM, Body: 'OK' }));
    expect(ok.statusCode, String(ok.body)).toBe(200);
    expect(String(ok.body)).toContain('Dana Whitfield');

    const get = (path: string, query?: Record<string, string>) => invoke('api', httpEvent('GET', path, { headers: bearer, ...(query ? { query } : {}) }));
    expect(JSON.parse((await get('/escalations')).body as string)).toEqual({ escalations: [] });
    const recent = JSON.parse((await get('/sessions', { days: '3' })).body as string) as { sessions: { id: string }[] };
    expect(recent.sessions.map((s) => s.id)).toContain(sessionId);
    const clients = JSON.parse((await get('/clients', { q: CLIENT.phone })).body as string) as { clients: { name: string }[] };
    expect(clients.clients[0]?.name).toBe(CLIENT.name);
    const talk = JSON.parse((await get('/conversations', { email: CLIENT.email })).body as string) as { messages: unknown[] };
    expect(talk.messages.length).toBeGreaterThan(2);
    const escalationId = (lambda.invocations[0]?.payload as { escalationId: string }).escalationId;
    const ack = await invoke('api', httpEvent('POST', `/sessions/${sessionId}/escalations/${escalationId}/ack`, { headers: bearer }));
    expect(JSON.parse(ack.body as string)).toMatchObject({ id: escalationId, status: 'acknowledged', acknowledgedVia: 'therapist-sms' });
  });

  it('rejects a webhook whose Twilio signature does not match', async () => {
    const event = twilioWebhook('/webhooks/twilio/sms', { MessageSid: `SM${'2'.repeat(32)}`, From: CLIENT.phone, To: TWILIO_FROM, Body: 'hello' });
    event.headers['x-twilio-signature'] = 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=';
    expect((await invoke('twilio-sms', event)).statusCode).toBe(403);
  });

  it('records Twilio’s delivery report for the 2-hour text', async () => {
    const first = twilio.messages.find((m) => m.params.To === CLIENT.phone);
    const response = await invoke('delivery-status', twilioWebhook('/webhooks/twilio/status', { MessageSid: first!.sid, MessageStatus: 'delivered', To: CLIENT.phone }));
    expect(response.statusCode).toBe(204);
    expect(response.logged).toContainEqual(expect.objectContaining({ message: 'sms delivery status', status: 'delivered', known: true }));
  });

  it('reads a client’s email reply from the inbound bucket, matches it to the session and answers by email', async () => {
    const messageId = storeInboundEmail(sessionId, 'Feeling much better today, thank you so much!');
    const result = await invoke('email-inbound', sesReceiptEvent(messageId, CLIENT.email, `reply+${sessionId}@reply.ohara-massage.example`));
    expect(result).toMatchObject({ processed: 1 });
    expect(s3.gets).toContain(`GET ${INBOUND_BUCKET}/inbound/${messageId}`);
    expect(result.logged).toContainEqual(expect.objectContaining({ message: 'inbound email processed', matched: true, category: 'positive' }));
    expect(await emailsTo(CLIENT.email)).toHaveLength(2);
  });

  it('suppresses an address that SES reports as permanently bounced, so no more email goes to it', async () => {
    const [followUp] = await emailsTo(CLIENT.email);
    const bounce = {
      eventType: 'Bounce',
      bounce: { bounceType: 'Permanent', bounceSubType: 'General', bouncedRecipients: [{ emailAddress: CLIENT.email }], timestamp: new Date().toISOString() },
      mail: { messageId: followUp!.messageId, timestamp: new Date().toISOString(), source: 'aftercare@ohara-massage.example', destination: [CLIENT.email] },
    };
    const sns = {
      Records: [
        {
          EventSource: 'aws:sns',
          EventVersion: '1.0',
          EventSubscriptionArn: 'arn:aws:sns:us-east-1:123456789012:bounces:sub',
          Sns: { Type: 'Notification', MessageId: 'sns-1', TopicArn: 'arn:aws:sns:us-east-1:123456789012:bounces', Message: JSON.stringify(bounce), Timestamp: new Date().toISOString() },
        },
      ],
    };
    const result = await invoke('delivery-status', sns);
    expect(result).toMatchObject({ processed: 1 });
    expect(result.logged).toContainEqual(expect.objectContaining({ message: 'email delivery event', type: 'bounce', suppressed: 1 }));

    const again = storeInboundEmail(sessionId, 'Thanks again, all good.');
    await invoke('email-inbound', sesReceiptEvent(again, CLIENT.email, `reply+${sessionId}@reply.ohara-massage.example`));
    expect(await emailsTo(CLIENT.email)).toHaveLength(2);
  });

  it('unsubscribes through the link in the email, and cancels the session', async () => {
    const [followUp] = await emailsTo(CLIENT.email);
    const token = /\/unsubscribe\?t=([\w.-]+)/.exec(followUp?.body.text ?? '')?.[1];
    expect(token).toBeDefined();
    const unsubscribed = await invoke('api', httpEvent('POST', '/unsubscribe', { query: { t: token as string } }));
    expect(unsubscribed.statusCode, String(unsubscribed.body)).toBe(200);
    const cancelled = await invoke('api', httpEvent('DELETE', `/sessions/${sessionId}`, { headers: bearer }));
    expect(JSON.parse(cancelled.body as string)).toMatchObject({ status: 'cancelled' });
  });

  it('signs the therapist in by a link through the API bundle: relayed text, email, and API Gateway’s own cookie fields', async () => {
    const before = lambda.invocations.length;
    const page = { origin: PUBLIC_BASE_URL, 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' };
    const asked = await invoke('api', httpEvent('POST', '/auth/link', { headers: page }));
    expect(asked.statusCode, String(asked.body)).toBe(202);
    const relayed = lambda.invocations.slice(before);
    expect(relayed).toMatchObject([{ functionName: NOTIFIER, invocationType: 'RequestResponse', payload: { sms: { to: THERAPIST.phone } } }]);
    const body = (relayed[0]?.payload as { sms: { body: string } }).sms.body;
    const token = new RegExp(`${PUBLIC_BASE_URL}/#/sign-in/([A-Za-z0-9_-]{43})`).exec(body)?.[1] as string;
    expect((await emailsTo(THERAPIST.email)).at(-1)?.subject).toBe('Your Aftercare sign-in link');

    const redeemed = await invoke('api', httpEvent('POST', '/auth/link/redeem', { headers: page, body: JSON.stringify({ token }) }));
    expect(redeemed.statusCode, String(redeemed.body)).toBe(200);
    const [cookie] = redeemed.cookies as string[];
    expect(cookie).toMatch(/^__Host-aftercare-session=[^;]+; Path=\/; Max-Age=2592000; HttpOnly; Secure; SameSite=Strict$/);
    const { csrfToken } = JSON.parse(redeemed.body as string) as { csrfToken: string };
    // API Gateway (payload 2.0) hands a request's cookies over in `cookies`, not as a Cookie header.
    const withCookie = (event: ReturnType<typeof httpEvent>) => ({ ...event, cookies: [(cookie as string).split(';')[0] as string] });
    expect((await invoke('api', withCookie(httpEvent('GET', '/sessions', { headers: page })))).statusCode).toBe(200);
    expect((await invoke('api', withCookie(httpEvent('POST', '/auth/sign-out', { headers: page })))).statusCode).toBe(403);
    expect((await invoke('api', withCookie(httpEvent('POST', '/auth/sign-out', { headers: { ...page, 'x-csrf-token': csrfToken } })))).statusCode).toBe(200);
    expect((await invoke('api', withCookie(httpEvent('GET', '/sessions', { headers: page })))).statusCode).toBe(401);
  });

  it('asks DynamoDB only for what the stack grants each function', () => {
    const template = deployedFunctions(Template.fromJSON(JSON.parse(readFileSync(join(assembly, 'AftercareApp.template.json'), 'utf8')) as Record<string, unknown>));
    const used = dynamo.used();
    expect(Object.keys(used).sort()).toEqual(Object.keys(bundles).sort());
    for (const [name, { actions, indexes }] of Object.entries(used)) {
      const granted = template[name]?.statements.filter((s) => actionsOf(s).some((a) => a.startsWith('dynamodb:'))) ?? [];
      const grantedActions = granted.flatMap(actionsOf).map((a) => a.replace(/^dynamodb:/, ''));
      const grantedIndexes = JSON.stringify(granted.flatMap(resourcesOf)).match(/\/index\/[A-Za-z]+/g)?.map((i) => i.slice('/index/'.length)) ?? [];
      expect(grantedActions, `${name} uses ${actions.join(', ')}`).toEqual(expect.arrayContaining(actions));
      expect(grantedIndexes, `${name} queries ${indexes.join(', ')}`).toEqual(expect.arrayContaining(indexes));
    }
  });

  it('logs structured JSON without the client’s phone number, email address, name or message text', () => {
    const lines = logs.join('\n').split('\n').filter((line) => line.trim() !== '');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(JSON.parse(line), line).toMatchObject({ level: expect.any(String), message: expect.any(String), service: 'aftercare' });
    const everything = [...logs, ...stderrs].join('\n');
    for (const personal of [CLIENT.phone, CLIENT.phone.slice(2), CLIENT.email, CLIENT.name, 'thanks for your massage', PAIN_REPLY, 'stabbing', 'Feeling much better']) {
      expect(everything, `"${personal}" appears in the logs`).not.toContain(personal);
    }
  });
});
