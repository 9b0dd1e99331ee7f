import { Aws, CfnOutput, Duration, RemovalPolicy, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { ServicePrincipal, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { INDEX } from '#adapters/dynamo/keys';
import { tableDefinition } from '#adapters/dynamo/schema';
import { AftercareFunction, type SecretVariable, type TableAccess } from './constructs/aftercare-function.ts';
import { Alarms } from './constructs/alarms.ts';
import { EmailReceiving, EmailSending } from './constructs/email.ts';
import { PublicApi, type RouteKey } from './constructs/public-api.ts';
import { INBOUND_PREFIX, type DataRefs } from './data-stack.ts';
import { domainOf, practiceEnvironment, type DeploymentSettings } from './settings.ts';

interface FunctionDefinition {
  entry: string;
  description: string;
  timeoutSeconds: number;
  /** What its handler does in the table, traced from the store methods its use cases call (src/adapters/dynamo/). */
  table: TableAccess;
  /** The secrets it reads: the API token, the link keys, the Twilio credentials. */
  secrets: readonly SecretName[];
  /** Sends email through SES (the practice identity and configuration set). */
  sendsEmail?: boolean;
  /** Starts the notifier: asynchronously when a reply opens an escalation or waits for an answer; the API, synchronously, to text an answer. */
  startsNotifier?: boolean;
  /** Invoked asynchronously: gets a dead-letter queue, and this many Lambda retries of a failed event. */
  asyncRetries?: number;
}

/**
 * The table access of each kind of handler. A reply (text or email) is matched to its session by phone or email,
 * recorded once (inbound marker, message), may open or grow an escalation and hold the session's follow-ups, may
 * opt the client out, and is undone (marker deleted) when escalating fails; the therapist's "OK" acknowledges.
 */
const REPLIES: TableAccess['actions'] = ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'];

/** Every Lambda function, one line each; how each is triggered is wired below. */
const FUNCTIONS = {
  api: {
    entry: 'functions/api.ts', description: 'Therapist API, unsubscribe pages, health check', timeoutSeconds: 10,
    // Sessions: create (transaction), view and list (Query, the byEnded index), clients by phone or email (indexes),
    // cancel; escalations: the open list, acknowledge (deletes the open-list entry); unsubscribe; health (BatchGet);
    // the inbox (its open list, items read in a batch, marked handled) and answers from the page (logged). An answer
    // by text goes through the notifier (which alone carries the Twilio client), by email through SES.
    table: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexes: [INDEX.byEnded, INDEX.byPhone, INDEX.byEmail] },
    // The booking webhooks (Square, the signed one) and the to-confirm list enter sessions the same way.
    secrets: ['apiToken', 'linkKeys', 'bookings'],
    sendsEmail: true,
    startsNotifier: true,
  },
  sender: {
    entry: 'functions/sender.ts', description: 'Sends due follow-ups and escalation reminders, every minute', timeoutSeconds: 60, sendsEmail: true, asyncRetries: 0,
    // What is due (the due index), claims and outcomes with their messages, the contacts' opt-outs; the reply digest
    // (its state and the messages it carries); bookings whose end passed (the due index), entered as sessions
    // (transaction) or cancelled, the calendar feed's to-confirm items, known clients by name (the byEnded index).
    table: { actions: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexes: [INDEX.due, INDEX.byEnded] },
    secrets: ['linkKeys', 'twilio', 'bookings'],
  },
  twilioSms: {
    entry: 'functions/twilio-sms.ts', description: 'Inbound SMS (Twilio webhook)', timeoutSeconds: 15, startsNotifier: true,
    // byEmail too: an escalation holds every session of the client on the same phone or email.
    table: { actions: REPLIES, indexes: [INDEX.byPhone, INDEX.byEmail] },
    secrets: ['linkKeys', 'twilio'],
  },
  deliveryStatus: {
    entry: 'functions/delivery-status.ts', description: 'Twilio status callbacks, SES bounces and complaints', timeoutSeconds: 15, asyncRetries: 2,
    // The message a report is about (its provider pointer), its delivery state, an opt-out.
    table: { actions: ['GetItem', 'UpdateItem'], indexes: [] },
    secrets: ['twilio'],
  },
  emailInbound: {
    entry: 'functions/email-inbound.ts', description: 'Inbound email replies (SES receipt rule)', timeoutSeconds: 30, sendsEmail: true, startsNotifier: true, asyncRetries: 2,
    // byPhone too: an escalation holds every session of the client on the same phone or email.
    table: { actions: REPLIES, indexes: [INDEX.byEmail, INDEX.byPhone] },
    secrets: ['linkKeys'],
  },
  escalationNotifier: {
    entry: 'functions/escalation-notifier.ts', description: 'Tells the therapist about an escalation, by text and email', timeoutSeconds: 30, sendsEmail: true, asyncRetries: 2,
    // One escalation: read it and its session (date, modality, number), claim its round, record each channel with its
    // message; the reply digest: the messages waiting for it (the due index), its claim, each channel, what it carried.
    table: { actions: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexes: [INDEX.due] },
    secrets: ['linkKeys', 'twilio'],
  },
} as const satisfies Record<string, FunctionDefinition>;

type FunctionName = keyof typeof FUNCTIONS;

/** Each secret: the variable its ARN goes in (src/app/aws.ts reads it) and the data stack's export. */
type SecretName = 'apiToken' | 'linkKeys' | 'twilio' | 'bookings';
const SECRETS: Record<SecretName, { variable: SecretVariable; arn: (data: DataRefs) => string }> = {
  apiToken: { variable: 'API_TOKEN_SECRET_ARN', arn: (data) => data.secretArn },
  linkKeys: { variable: 'LINK_KEYS_SECRET_ARN', arn: (data) => data.linkKeysSecretArn },
  twilio: { variable: 'TWILIO_SECRET_ARN', arn: (data) => data.twilioSecretArn },
  bookings: { variable: 'BOOKINGS_SECRET_ARN', arn: (data) => data.bookingsSecretArn },
};

/** The indexes the engine defines; a function may be granted these and no others. */
const ENGINE_INDEXES = new Set((tableDefinition('aftercare').GlobalSecondaryIndexes ?? []).map((index) => index.IndexName as string));

/** A route's throttle: requests per second over time, and the burst allowed above that for a second or two. */
const limits = (rateLimit: number, burstLimit: number) => ({ rateLimit, burstLimit });

/**
 * The HTTP API's routes in groups, each route throttled on its own (API Gateway keeps a bucket per route key), so that
 * a flood of page loads, health checks or random paths cannot push Twilio's webhooks (urgent replies among them) into
 * 429s, nor the therapist's page. The figures are far above a practice's traffic (a few texts an hour, a page that
 * polls about once a second): a ceiling on cost and abuse, not a quota. Twilio's status callbacks come three per text,
 * in bursts when the sender works through a backlog. The therapist's routes and the links mirror the API function's
 * router (src/adapters/http/routes/; test/api-routes.test.ts keeps them in step); the page, its assets, the health
 * check and anything unknown go through `$default`.
 */
export const ROUTE_GROUPS = {
  twilioSms: { handler: 'twilioSms', throttle: limits(25, 50), routes: ['POST /webhooks/twilio/sms'] },
  twilioStatus: { handler: 'deliveryStatus', throttle: limits(50, 100), routes: ['POST /webhooks/twilio/status'] },
  therapist: {
    handler: 'api',
    throttle: limits(10, 20),
    routes: [
      'GET /sessions',
      'POST /sessions',
      'GET /sessions/{id}',
      'DELETE /sessions/{id}',
      'PATCH /sessions/{id}',
      'POST /sessions/{id}/restore',
      'POST /sessions/{id}/escalations/{escalationId}/ack',
      'GET /escalations',
      'GET /inbox',
      'POST /sessions/{id}/messages',
      'POST /sessions/{id}/messages/{messageId}/handled',
      'GET /clients',
      'GET /clients/sessions',
      'GET /conversations',
      'GET /bookings/to-confirm',
      'POST /bookings/to-confirm/{id}/confirm',
      'POST /bookings/to-confirm/{id}/dismiss',
      'GET /bookings/sources',
      'POST /bookings/sources/{source}/test',
    ],
  },
  /** Booking tools: Square's notifications and the signed webhook, apart so that a busy day of bookings never throttles the page. */
  bookingWebhooks: { handler: 'api', throttle: limits(10, 20), routes: ['POST /webhooks/square', 'POST /webhooks/bookings'] },
  links: { handler: 'api', throttle: limits(5, 10), routes: ['GET /unsubscribe', 'POST /unsubscribe', 'GET /escalations/ack', 'POST /escalations/ack'] },
  // The therapist's sign-in (src/adapters/http/routes/auth.ts): a link at most 5 per quarter hour is the function's
  // own limit; this one caps guessing at tokens, challenges and cookies.
  signIn: {
    handler: 'api',
    throttle: limits(5, 10),
    routes: [
      'POST /auth/link',
      'POST /auth/link/redeem',
      'GET /auth/session',
      'GET /auth/devices',
      'POST /auth/sign-out',
      'POST /auth/sign-out-everywhere',
      'DELETE /auth/devices/{id}',
      'POST /auth/passkeys/register/options',
      'POST /auth/passkeys/register',
      'POST /auth/passkeys/sign-in/options',
      'POST /auth/passkeys/sign-in',
    ],
  },
  everythingElse: { handler: 'api', throttle: limits(10, 20), routes: ['$default'] },
} as const satisfies Record<string, { handler: FunctionName; throttle: { rateLimit: number; burstLimit: number }; routes: readonly RouteKey[] }>;

/** At most two sweeps at once: one running long and the next minute's; the claim conditions make overlap safe. */
const SENDER_CONCURRENCY = 2;

export interface AftercareAppStackProps extends StackProps {
  settings: DeploymentSettings;
  /** The data stack's exports (importDataRefs). */
  data: DataRefs;
}

/**
 * The stateless half: functions, the HTTP API, the schedule, SES sending and receiving, alarms. It can be deleted and
 * deployed again at will; the records live in AftercareDataStack.
 */
export class AftercareAppStack extends Stack {
  constructor(scope: Construct, id: string, props: AftercareAppStackProps) {
    super(scope, id, props);
    const { settings, data } = props;
    const { practice } = settings;
    const replyDomain = practice.replyDomain;
    if (!practice.twilioMessagingServiceSid && !practice.twilioFromNumber) {
      Validations.of(this).addWarning(
        'aftercare:no-twilio-sender',
        'Neither twilioMessagingServiceSid nor twilioFromNumber is set in the practice settings: no text can be sent (docs/deploy.md).',
      );
    }

    // One customer-managed key for both topics; CloudWatch and SES may use it to publish. It protects messages in
    // flight only, so it goes (after KMS's waiting period) with the stack rather than costing $1 a month forever.
    const topicKey = new Key(this, 'TopicKey', {
      description: 'Aftercare: encrypts the alarm topic and the SES bounce/complaint topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    topicKey.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com'), new ServicePrincipal('ses.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );

    const sending = new EmailSending(this, 'EmailSending', { domain: domainOf(practice.sesFromAddress), key: topicKey });
    const api = new PublicApi(this, 'HttpApi', { defaultThrottle: ROUTE_GROUPS.everythingElse.throttle });
    const publicBaseUrl = settings.publicBaseUrl ?? api.endpoint;

    const environment = {
      ...practiceEnvironment(practice),
      PUBLIC_BASE_URL: publicBaseUrl,
      SES_CONFIGURATION_SET: sending.configurationSet.configurationSetName,
    };
    // Without a reply domain there is no inbound email, and no function for it.
    const names = (Object.keys(FUNCTIONS) as FunctionName[]).filter((name) => name !== 'emailInbound' || replyDomain);
    const deadLetterQueues: Partial<Record<FunctionName, Queue>> = {};
    const fns = {} as Record<FunctionName, AftercareFunction>;
    for (const name of names) {
      const definition: FunctionDefinition = FUNCTIONS[name];
      const dlq = definition.asyncRetries === undefined ? undefined : deadLetterQueue(this, pascalCase(name));
      if (dlq) deadLetterQueues[name] = dlq;
      const fn = new AftercareFunction(this, pascalCase(name), {
        name: kebabCase(name),
        servesPage: name === 'api',
        entry: definition.entry,
        description: `Aftercare: ${definition.description}`,
        timeout: Duration.seconds(definition.timeoutSeconds),
        environment,
        xray: settings.xray,
        ...(dlq ? { deadLetterQueue: dlq, retryAttempts: definition.asyncRetries } : {}),
        ...(name === 'sender' && settings.reserveSenderConcurrency ? { reservedConcurrency: SENDER_CONCURRENCY } : {}),
      });
      const unknown = definition.table.indexes.filter((index) => !ENGINE_INDEXES.has(index));
      if (unknown.length > 0) throw new Error(`${name}: no index ${unknown.join(', ')} in the engine's table`);
      fn.useTable({ tableName: data.tableName, tableArn: data.tableArn }, definition.table);
      for (const secret of definition.secrets) fn.useSecret(SECRETS[secret].variable, SECRETS[secret].arn(data));
      if (definition.sendsEmail) fn.useEmailSending({ identityArn: sending.identity.emailIdentityArn, configurationSetArn: sending.configurationSetArn });
      fns[name] = fn;
    }
    for (const name of names) {
      if ((FUNCTIONS[name] as FunctionDefinition).startsNotifier) fns[name].useNotifier(fns.escalationNotifier.fn);
    }

    // HTTP: each group's routes to its function, with its throttle.
    for (const group of Object.values(ROUTE_GROUPS)) {
      for (const routeKey of group.routes) api.route(routeKey, fns[group.handler].fn, group.throttle);
    }

    // Every minute, the sender sweeps what is due. A missed minute is caught by the next, so events are not retried
    // for long; what cannot be delivered at all lands in the sender's dead-letter queue.
    new Rule(this, 'EveryMinute', {
      description: 'Aftercare: run the follow-up sender',
      schedule: Schedule.rate(Duration.minutes(1)),
      targets: [
        new LambdaFunction(fns.sender.fn, {
          deadLetterQueue: deadLetterQueues.sender,
          retryAttempts: 2,
          maxEventAge: Duration.minutes(5),
        }),
      ],
    });

    // SES bounces and complaints reach the delivery-status function, which suppresses the address.
    sending.events.addSubscription(new LambdaSubscription(fns.deliveryStatus.fn, { deadLetterQueue: deadLetterQueues.deliveryStatus }));

    let receiving: EmailReceiving | undefined;
    if (replyDomain) {
      const inboundMail = { bucketName: data.inboundMailBucketName, bucketArn: data.inboundMailBucketArn };
      fns.emailInbound.useInboundMail(inboundMail, INBOUND_PREFIX);
      const sendingDomain = domainOf(practice.sesFromAddress);
      receiving = new EmailReceiving(this, 'EmailReceiving', {
        domain: replyDomain,
        bucket: Bucket.fromBucketAttributes(this, 'InboundMail', inboundMail),
        prefix: INBOUND_PREFIX,
        handler: fns.emailInbound.fn,
        verifyDomain: replyDomain !== sendingDomain && !replyDomain.endsWith(`.${sendingDomain}`),
      });
    }

    new Alarms(this, 'Alarms', {
      email: settings.alarmEmail,
      key: topicKey,
      sender: fns.sender,
      notifier: fns.escalationNotifier,
      functions: Object.values(fns),
      deadLetterQueues,
      accessLogs: api.accessLogs,
    });

    // What the practice needs to paste elsewhere (docs/deploy.md).
    new CfnOutput(this, 'ApiUrl', { value: publicBaseUrl, description: 'Base URL of the therapist API' });
    new CfnOutput(this, 'TwilioSmsWebhookUrl', {
      value: `${publicBaseUrl}/webhooks/twilio/sms`,
      description: 'Twilio console: Messaging Service > Integration > Send a webhook (or the number\'s "A message comes in"), HTTP POST',
    });
    new CfnOutput(this, 'TwilioStatusCallbackUrl', {
      value: `${publicBaseUrl}/webhooks/twilio/status`,
      description: 'Twilio console: Messaging Service > Status callback URL (the sender also sets it on each text)',
    });
    sending.identity.dkimRecords.forEach((record, index) =>
      new CfnOutput(this, `SendingDkimRecord${index + 1}`, { value: `${record.name} CNAME ${record.value}`, description: 'DNS record that verifies the sending domain' }),
    );
    if (replyDomain && receiving) {
      new CfnOutput(this, 'InboundEmailAddress', {
        value: `reply+<session id>@${replyDomain}`,
        description: 'Where client replies go; each email the sender sends sets this Reply-To',
      });
      new CfnOutput(this, 'InboundMxRecord', { value: `${replyDomain} MX 10 inbound-smtp.${Aws.REGION}.amazonaws.com` });
      new CfnOutput(this, 'ActivateReceiptRuleSet', {
        value: `aws ses set-active-receipt-rule-set --rule-set-name ${receiving.ruleSet.receiptRuleSetName}`,
        description: 'Run once: an account has one active rule set, so the stack does not switch it on by itself',
      });
      receiving.identity?.dkimRecords.forEach((record, index) =>
        new CfnOutput(this, `ReplyDkimRecord${index + 1}`, { value: `${record.name} CNAME ${record.value}`, description: 'DNS record that verifies the reply domain' }),
      );
    }
  }
}

const pascalCase = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const kebabCase = (name: string) => name.replace(/([A-Z])/g, '-$1').toLowerCase();

/** A dead-letter queue for one function's failed asynchronous events: encrypted, TLS only, kept for 14 days. */
function deadLetterQueue(scope: Construct, name: string): Queue {
  const queue = new Queue(scope, `${name}DeadLetters`, {
    encryption: QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: Duration.days(14),
  });
  Validations.of(queue).acknowledge({
    id: 'AwsSolutions-SQS3',
    reason: `This queue is itself the dead-letter queue of the ${name} function and of its event source; an alarm watches its depth.`,
  });
  return queue;
}
