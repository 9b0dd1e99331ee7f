import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { TTL_ATTRIBUTE, tableDefinition } from '#adapters/dynamo/schema';
import { configFromEnv, parsePracticeSettings } from '#config';
import { REPO_ROOT } from '../../lib/constructs/aftercare-function.ts';
import { ROUTE_GROUPS } from '../../lib/app-stack.ts';
import { deploymentSettings } from '../../lib/settings.ts';
import {
  EXAMPLE_CONFIG,
  actionsOf,
  deployedFunctions,
  getAtt,
  importOf,
  resourceNamed,
  resourcesOf,
  synthAftercare,
  type DeployedFunction,
  type Statement,
} from './support/synth.ts';

const FUNCTION_NAMES = ['api', 'sender', 'twilio-sms', 'delivery-status', 'email-inbound', 'escalation-notifier'];
const SENDS_EMAIL = ['api', 'sender', 'email-inbound', 'escalation-notifier'];
const STARTS_NOTIFIER = ['api', 'twilio-sms', 'email-inbound'];
const ASYNC = ['sender', 'delivery-status', 'email-inbound', 'escalation-notifier'];

/**
 * What each function may do, traced from its handler's store calls (src/adapters/dynamo/*-store.ts): the DynamoDB
 * item actions (a transaction is authorised by its items' actions), the indexes it queries, the secrets it reads.
 */
const HANDLES_REPLIES = ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'];
const LEAST_PRIVILEGE: Record<string, { actions: string[]; indexes: string[]; secrets: string[] }> = {
  api: { actions: ['BatchGetItem', 'DeleteItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexes: ['byEmail', 'byEnded', 'byPhone'], secrets: ['secretArn', 'linkKeysSecretArn', 'bookingsSecretArn'] },
  sender: { actions: ['BatchGetItem', 'GetItem', 'PutItem', 'Query', 'UpdateItem'], indexes: ['byEnded', 'due'], secrets: ['linkKeysSecretArn', 'twilioSecretArn', 'bookingsSecretArn'] },
  'twilio-sms': { actions: HANDLES_REPLIES, indexes: ['byEmail', 'byPhone'], secrets: ['linkKeysSecretArn', 'twilioSecretArn'] },
  'delivery-status': { actions: ['GetItem', 'UpdateItem'], indexes: [], secrets: ['twilioSecretArn'] },
  'email-inbound': { actions: HANDLES_REPLIES, indexes: ['byEmail', 'byPhone'], secrets: ['linkKeysSecretArn'] },
  'escalation-notifier': { actions: ['GetItem', 'PutItem', 'Query', 'UpdateItem'], indexes: ['due'], secrets: ['linkKeysSecretArn', 'twilioSecretArn'] },
};
/** The environment variable that names each secret, by the data stack's export of its ARN. */
const SECRET_VARIABLES = { API_TOKEN_SECRET_ARN: 'secretArn', LINK_KEYS_SECRET_ARN: 'linkKeysSecretArn', TWILIO_SECRET_ARN: 'twilioSecretArn', BOOKINGS_SECRET_ARN: 'bookingsSecretArn' };
const example = JSON.parse(readFileSync(EXAMPLE_CONFIG, 'utf8')) as Record<string, unknown>;

let synth: ReturnType<typeof synthAftercare>;
let fns: Record<string, DeployedFunction>;

beforeAll(() => {
  synth = synthAftercare();
  fns = deployedFunctions(synth.appTemplate);
});

const fn = (name: string) => {
  const found = fns[name];
  if (!found) throw new Error(`no function ${name}`);
  return found;
};
const statementsWith = (f: DeployedFunction, prefix: string) => f.statements.filter((s) => actionsOf(s).some((a) => a.startsWith(prefix)));
const sorted = <T>(items: T[], key: (item: T) => string) => [...items].sort((a, b) => key(a).localeCompare(key(b)));

describe('AftercareData stack', () => {
  it('declares the table with the key schema and indexes the engine defines', () => {
    const engine = tableDefinition('any');
    const { Properties: table } = resourceNamed(synth.dataTemplate, 'AWS::DynamoDB::Table', 'Table');
    expect(table.KeySchema).toEqual(engine.KeySchema);
    expect(sorted(table.AttributeDefinitions as { AttributeName: string }[], (a) => a.AttributeName)).toEqual(
      sorted(engine.AttributeDefinitions ?? [], (a) => a.AttributeName ?? ''),
    );
    const indexes = (table.GlobalSecondaryIndexes as { IndexName: string; KeySchema: unknown; Projection: unknown }[]).map(
      ({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection }),
    );
    expect(sorted(indexes, (i) => i.IndexName)).toEqual(sorted(engine.GlobalSecondaryIndexes ?? [], (i) => i.IndexName ?? ''));
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('keeps the records: point-in-time recovery, TTL on the retention attribute, deletion protection, retained on delete', () => {
    synth.dataTemplate.hasResource('AWS::DynamoDB::Table', {
      Properties: Match.objectLike({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true },
        DeletionProtectionEnabled: true,
      }),
      DeletionPolicy: 'Retain',
      UpdateReplacePolicy: 'Retain',
    });
    expect(synth.data.terminationProtection).toBe(true);
  });

  it('stores inbound mail encrypted, private and TLS-only, expiring under inbound/, and retained on delete', () => {
    synth.dataTemplate.hasResource('AWS::S3::Bucket', {
      Properties: Match.objectLike({
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: {
          Rules: Match.arrayWith([Match.objectLike({ Prefix: 'inbound/', ExpirationInDays: 30, Status: 'Enabled' })]),
        },
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('lets SES of this account write raw mail under inbound/ only, over TLS', () => {
    const { Properties: policy } = resourceNamed(synth.dataTemplate, 'AWS::S3::BucketPolicy', 'InboundMail');
    const statements = (policy.PolicyDocument as { Statement: (Statement & { Sid?: string })[] }).Statement;
    const ses = statements.find((s) => s.Sid === 'SesStoresInboundMail');
    expect(ses).toMatchObject({
      Effect: 'Allow',
      Principal: { Service: 'ses.amazonaws.com' },
      Action: 's3:PutObject',
      Condition: { StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } },
    });
    expect(JSON.stringify(ses?.Resource)).toContain('/inbound/*');
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });

  it('generates the API token in a retained secret, unchanged so that a deployed token survives the upgrade', () => {
    synth.dataTemplate.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({
          GenerateStringKey: 'apiToken',
          SecretStringTemplate: JSON.stringify({ twilioAccountSid: '', twilioAuthToken: '' }),
        }),
      }),
      DeletionPolicy: 'Retain',
    });
    expect(resourceNamed(synth.dataTemplate, 'AWS::SecretsManager::Secret', 'Secret').logicalId).toMatch(/^Secret[0-9A-F]{8}$/);
  });

  it('keeps the Twilio credentials in a retained secret of their own, empty for the practice to fill in', () => {
    synth.dataTemplate.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({ SecretString: JSON.stringify({ twilioAccountSid: '', twilioAuthToken: '' }) }),
      DeletionPolicy: 'Retain',
    });
  });

  it('keeps the booking sources\' credentials in a retained secret of their own, empty for the practice to fill in, read only by the API and the sender', () => {
    const secrets = synth.dataTemplate.findResources('AWS::SecretsManager::Secret');
    const bookings = Object.values(secrets).find((s) => String(s.Properties.Description).includes('bookingsWebhookSecret'));
    expect(bookings).toMatchObject({ DeletionPolicy: 'Retain' });
    expect(JSON.parse(bookings?.Properties.SecretString as string)).toEqual({ squareAccessToken: '', squareWebhookSignatureKey: '', bookingsWebhookSecret: '', icsFeedUrl: '' });
    const readers = Object.entries(fns).filter(([, f]) => f.properties.Environment.Variables.BOOKINGS_SECRET_ARN !== undefined).map(([name]) => name);
    expect(readers.sort()).toEqual(['api', 'sender']);
  });

  it('generates the link signing key in a retained secret of its own, apart from the API token', () => {
    synth.dataTemplate.hasResource('AWS::SecretsManager::Secret', {
      Properties: Match.objectLike({
        GenerateSecretString: Match.objectLike({
          GenerateStringKey: 'linkSigningKey',
          SecretStringTemplate: JSON.stringify({ linkSigningKeyId: '1', previousLinkSigningKeys: [] }),
          PasswordLength: 64,
        }),
      }),
      DeletionPolicy: 'Retain',
    });
  });

  it('exports, by fixed names, everything the app stack imports', () => {
    const outputs = synth.dataTemplate.toJSON().Outputs as Record<string, { Export?: { Name: string } }>;
    const names = Object.values(outputs).flatMap((o) => (o.Export ? [o.Export.Name] : []));
    expect(names.sort()).toEqual(
      ['bookingsSecretArn', 'inboundMailBucketArn', 'inboundMailBucketName', 'linkKeysSecretArn', 'secretArn', 'tableArn', 'tableName', 'twilioSecretArn'].map((k) => `AftercareData:${k}`),
    );
    const imports = [...JSON.stringify(synth.appTemplate.toJSON()).matchAll(/"Fn::ImportValue":"([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(imports)).toEqual(new Set(names));
  });
});

describe('AftercareApp functions', () => {
  it('defines the six functions on Node.js 22, arm64, with JSON logs in their own log group kept three months', () => {
    expect(Object.keys(fns).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const f of Object.values(fns)) {
      expect(f.properties).toMatchObject({
        Runtime: 'nodejs22.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        LoggingConfig: { LogFormat: 'JSON', ApplicationLogLevel: 'INFO' },
      });
      const logGroup = (f.properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      synth.appTemplate.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
      expect(synth.appTemplate.toJSON().Resources[logGroup].Properties.RetentionInDays).toBe(90);
    }
  });

  it('gives every function the practice settings under the names configFromEnv reads back', () => {
    const practice = parsePracticeSettings(example);
    for (const f of Object.values(fns)) {
      const env = f.properties.Environment.Variables;
      const literal = Object.fromEntries(Object.entries(env).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      expect(parsePracticeSettings(configFromEnv(literal)), f.name).toEqual(practice);
      expect(env.SENDING_HOURS).toBe(example.sendingHours);
    }
  });

  it('passes references, never secret values, through the environment', () => {
    const shared = {
      TABLE_NAME: importOf('tableName'),
      PUBLIC_BASE_URL: getAtt(resourceNamed(synth.appTemplate, 'AWS::ApiGatewayV2::Api', 'HttpApi').logicalId, 'ApiEndpoint'),
      SES_CONFIGURATION_SET: { Ref: resourceNamed(synth.appTemplate, 'AWS::SES::ConfigurationSet', 'EmailSending').logicalId },
      POWERTOOLS_SERVICE_NAME: 'aftercare',
      NODE_OPTIONS: '--enable-source-maps',
    };
    for (const f of Object.values(fns)) {
      const env = f.properties.Environment.Variables;
      expect(env, f.name).toMatchObject(shared);
      const references = Object.keys(env).filter((key) => key.endsWith('_SECRET_ARN'));
      for (const key of references) expect(env[key], `${f.name} ${key}`).toEqual({ 'Fn::ImportValue': expect.stringMatching(/^AftercareData:/) });
      const rest = Object.keys(env).filter((key) => !references.includes(key));
      expect(rest.filter((key) => /TOKEN|AUTH|PASSWORD|ACCOUNT_SID|SECRET|KEY/.test(key)), f.name).toEqual([]);
    }
    expect(fn('email-inbound').properties.Environment.Variables).toMatchObject({
      INBOUND_BUCKET: importOf('inboundMailBucketName'),
      INBOUND_PREFIX: 'inbound/',
    });
  });
});

describe('AftercareApp permissions', () => {
  it('never grants an action on every resource', () => {
    for (const f of Object.values(fns)) {
      for (const statement of f.statements) expect(resourcesOf(statement), `${f.name}: ${actionsOf(statement).join()}`).not.toContain('*');
    }
  });

  it('lets each function write only to its own log group', () => {
    for (const f of Object.values(fns)) {
      const logs = statementsWith(f, 'logs:');
      const logGroup = (f.properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
      expect(logs).toEqual([expect.objectContaining({ Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(logGroup) })]);
    }
  });

  it.each(Object.entries(LEAST_PRIVILEGE))(
    '%s may use only the table actions and indexes its handler uses, and read only the secrets it needs',
    (name, { actions, indexes, secrets }) => {
      const f = fn(name);
      const [table, ...others] = statementsWith(f, 'dynamodb:');
      expect(others).toEqual([]);
      expect([...actionsOf(table!)].sort()).toEqual(actions.map((a) => `dynamodb:${a}`));
      expect(sorted(resourcesOf(table!), (r) => JSON.stringify(r))).toEqual(
        sorted(
          [importOf('tableArn'), ...indexes.map((index) => ({ 'Fn::Join': ['', [importOf('tableArn'), `/index/${index}`]] }))],
          (r) => JSON.stringify(r),
        ),
      );
      expect(f.properties.Environment.Variables.TABLE_NAME).toEqual(importOf('tableName'));

      const read = statementsWith(f, 'secretsmanager:');
      expect(read.flatMap(actionsOf).every((a) => a === 'secretsmanager:GetSecretValue')).toBe(true);
      expect(sorted(read.flatMap(resourcesOf), (r) => JSON.stringify(r))).toEqual(sorted(secrets.map(importOf), (r) => JSON.stringify(r)));
      const env = f.properties.Environment.Variables;
      for (const [variable, exported] of Object.entries(SECRET_VARIABLES)) {
        expect(env[variable], `${name} ${variable}`).toEqual(secrets.includes(exported) ? importOf(exported) : undefined);
      }
    },
  );

  it('covers every function, and grants no index the engine does not define', () => {
    const engineIndexes = (tableDefinition('any').GlobalSecondaryIndexes ?? []).map((i) => i.IndexName as string);
    expect(Object.keys(LEAST_PRIVILEGE).sort()).toEqual([...FUNCTION_NAMES].sort());
    for (const { indexes } of Object.values(LEAST_PRIVILEGE)) for (const index of indexes) expect(engineIndexes).toContain(index);
  });

  it('lets only the sending functions send email, as the practice identity through the configuration set', () => {
    const identity = resourceNamed(synth.appTemplate, 'AWS::SES::EmailIdentity', 'EmailSendingIdentity').logicalId;
    const configurationSet = resourceNamed(synth.appTemplate, 'AWS::SES::ConfigurationSet', 'EmailSending').logicalId;
    for (const f of Object.values(fns)) {
      const ses = statementsWith(f, 'ses:');
      if (!SENDS_EMAIL.includes(f.name)) {
        expect(ses, f.name).toEqual([]);
        continue;
      }
      expect(ses.flatMap(actionsOf), f.name).toEqual(['ses:SendRawEmail']);
      const resources = JSON.stringify(ses.flatMap(resourcesOf));
      expect(resources).toContain(`":identity/",{"Ref":"${identity}"}`);
      expect(resources).toContain(`":configuration-set/",{"Ref":"${configurationSet}"}`);
      expect(ses.flatMap(resourcesOf)).toHaveLength(2);
    }
  });

  it('lets only the reply handlers start the escalation notifier, and nothing else in Lambda', () => {
    const notifier = fn('escalation-notifier');
    for (const f of Object.values(fns)) {
      const lambda = statementsWith(f, 'lambda:');
      if (!STARTS_NOTIFIER.includes(f.name)) {
        expect(lambda, f.name).toEqual([]);
        continue;
      }
      expect(lambda).toEqual([expect.objectContaining({ Action: 'lambda:InvokeFunction', Resource: getAtt(notifier.logicalId) })]);
      expect(f.properties.Environment.Variables.NOTIFIER_FUNCTION_NAME).toEqual({ Ref: notifier.logicalId });
    }
  });

  it('lets only the inbound-email function read raw mail, and only under inbound/', () => {
    for (const f of Object.values(fns)) {
      const s3 = statementsWith(f, 's3:');
      if (f.name !== 'email-inbound') {
        expect(s3, f.name).toEqual([]);
        continue;
      }
      expect(s3).toEqual([
        expect.objectContaining({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', [importOf('inboundMailBucketArn'), '/inbound/*']] } }),
      ]);
    }
  });
});

describe('AftercareApp event sources', () => {
  it('runs the sender every minute, at most two at a time, with failed events kept in its dead-letter queue', () => {
    const sender = fn('sender');
    expect(sender.properties).toMatchObject({ Timeout: 60, ReservedConcurrentExecutions: 2 });
    const dlq = (sender.properties.DeadLetterConfig as { TargetArn: unknown }).TargetArn;
    synth.appTemplate.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: getAtt(sender.logicalId), DeadLetterConfig: { Arn: dlq }, RetryPolicy: Match.anyValue() })],
    });
    synth.appTemplate.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: sender.logicalId },
      MaximumRetryAttempts: 0,
    });
  });

  it('can leave the sender unreserved for new accounts whose concurrency quota is 10', () => {
    const unreserved = deployedFunctions(synthAftercare({ reserveSenderConcurrency: 'false' }).appTemplate);
    expect(unreserved.sender?.properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  // The route lists are checked against the API function's router in test/api-routes.test.ts.
  const THERAPIST_ROUTES = ROUTE_GROUPS.therapist.routes;
  const LINK_ROUTES = ROUTE_GROUPS.links.routes;
  const SIGN_IN_ROUTES = ROUTE_GROUPS.signIn.routes;

  it('routes the two Twilio webhooks, the therapist’s API and the signed links by route key, everything else to the API function, without an API Gateway authorizer', () => {
    const routes = Object.values(synth.appTemplate.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties as { RouteKey: string; Target: { 'Fn::Join': [string, unknown[]] }; AuthorizationType?: string },
    );
    const integrations = synth.appTemplate.findResources('AWS::ApiGatewayV2::Integration');
    const handlerOf = (route: (typeof routes)[number]) => {
      const integration = (route.Target['Fn::Join'][1][1] as { Ref: string }).Ref;
      const uri = integrations[integration]?.Properties.IntegrationUri as { 'Fn::GetAtt': [string, string] };
      return Object.values(fns).find((f) => f.logicalId === uri['Fn::GetAtt'][0])?.name;
    };
    expect(Object.fromEntries(routes.map((r) => [r.RouteKey, handlerOf(r)]))).toEqual({
      $default: 'api',
      'POST /webhooks/twilio/sms': 'twilio-sms',
      'POST /webhooks/twilio/status': 'delivery-status',
      // The booking sources' webhooks go to the API function, each with a route key (and throttle) of its own.
      'POST /webhooks/square': 'api',
      'POST /webhooks/bookings': 'api',
      ...Object.fromEntries([...THERAPIST_ROUTES, ...LINK_ROUTES, ...SIGN_IN_ROUTES].map((key) => [key, 'api'])),
    });
    for (const route of routes) expect(route.AuthorizationType ?? 'NONE').toBe('NONE');
    // One integration per function, whatever the number of its routes.
    expect(Object.keys(integrations)).toHaveLength(3);
  });

  it('throttles each route on its own, so that traffic anywhere else cannot push Twilio’s webhooks into 429s', () => {
    const { logicalId, Properties: stage } = resourceNamed(synth.appTemplate, 'AWS::ApiGatewayV2::Stage', 'HttpApi');
    const limits = (rate: number, burst: number) => ({ ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst });
    expect(stage).toMatchObject({ StageName: '$default', AutoDeploy: true, DefaultRouteSettings: limits(10, 20) });
    expect(stage.RouteSettings).toEqual({
      'POST /webhooks/twilio/sms': limits(25, 50),
      'POST /webhooks/twilio/status': limits(50, 100),
      'POST /webhooks/square': limits(10, 20),
      'POST /webhooks/bookings': limits(10, 20),
      ...Object.fromEntries(THERAPIST_ROUTES.map((key) => [key, limits(10, 20)])),
      ...Object.fromEntries(LINK_ROUTES.map((key) => [key, limits(5, 10)])),
      ...Object.fromEntries(SIGN_IN_ROUTES.map((key) => [key, limits(5, 10)])),
    });
    // Route settings name route keys, which must exist before the stage refers to them.
    const dependsOn = (synth.appTemplate.toJSON().Resources[logicalId].DependsOn ?? []) as string[];
    const named = Object.entries(synth.appTemplate.findResources('AWS::ApiGatewayV2::Route')).filter(([, r]) => r.Properties.RouteKey !== '$default');
    expect(dependsOn).toEqual(expect.arrayContaining(named.map(([id]) => id)));
  });

  it('routes the therapist’s sign-in (link, device session, devices, passkeys) to the API function, each route throttled 5/10 on its own', () => {
    const stage = resourceNamed(synth.appTemplate, 'AWS::ApiGatewayV2::Stage', 'HttpApi').Properties;
    const routeKeys = Object.values(synth.appTemplate.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    for (const key of ['POST /auth/link', 'POST /auth/link/redeem', 'GET /auth/session', 'POST /auth/sign-out', 'POST /auth/sign-out-everywhere', 'DELETE /auth/devices/{id}', 'POST /auth/passkeys/register/options', 'POST /auth/passkeys/register', 'POST /auth/passkeys/sign-in/options', 'POST /auth/passkeys/sign-in']) {
      expect(routeKeys, key).toContain(key);
      expect((stage.RouteSettings as Record<string, unknown>)[key], key).toEqual({ ThrottlingRateLimit: 5, ThrottlingBurstLimit: 10 });
    }
  });

  it('writes access logs that identify requests, not clients', () => {
    const { Properties: stage } = resourceNamed(synth.appTemplate, 'AWS::ApiGatewayV2::Stage', 'HttpApi');
    const format = (stage.AccessLogSettings as { Format: string }).Format;
    expect(format).toContain('$context.requestId');
    expect(JSON.parse(format)).toMatchObject({ status: '$context.status', routeKey: '$context.routeKey' });
    expect(format).not.toMatch(/sourceIp|userAgent|querystring|path/i);
  });

  it('sends as the verified practice domain through a configuration set that suppresses bounces and complaints', () => {
    synth.appTemplate.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'ohara-massage.example',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: Match.stringLikeRegexp('^EmailSendingConfigurationSet') } },
    });
    synth.appTemplate.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] },
      DeliveryOptions: { TlsPolicy: 'REQUIRE' },
    });
  });

  it('publishes bounces and complaints through an encrypted topic to the delivery-status function, with a dead-letter queue', () => {
    const topic = resourceNamed(synth.appTemplate, 'AWS::SNS::Topic', 'EmailSendingBouncesAndComplaints').logicalId;
    synth.appTemplate.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: Match.objectLike({
        Enabled: true,
        MatchingEventTypes: ['bounce', 'complaint'],
        SnsDestination: { TopicARN: { Ref: topic } },
      }),
    });
    const status = fn('delivery-status');
    synth.appTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topic },
      Endpoint: getAtt(status.logicalId),
      RedrivePolicy: { deadLetterTargetArn: (status.properties.DeadLetterConfig as { TargetArn: unknown }).TargetArn },
    });
  });

  it('stores replies to the reply domain in the inbound-mail bucket, then invokes the inbound-email function', () => {
    synth.appTemplate.hasResourceProperties('AWS::SES::ReceiptRule', {
      Rule: {
        Enabled: true,
        Recipients: ['reply.ohara-massage.example'],
        ScanEnabled: true,
        TlsPolicy: 'Require',
        Actions: [
          { S3Action: { BucketName: importOf('inboundMailBucketName'), ObjectKeyPrefix: 'inbound/' } },
          { LambdaAction: { FunctionArn: getAtt(fn('email-inbound').logicalId), InvocationType: 'Event' } },
        ],
      },
    });
    const permissions = Object.values(synth.appTemplate.findResources('AWS::Lambda::Permission')).filter(
      (p) => JSON.stringify(p.Properties.FunctionName) === JSON.stringify(getAtt(fn('email-inbound').logicalId)),
    );
    expect(permissions).toHaveLength(1);
    const ruleSet = resourceNamed(synth.appTemplate, 'AWS::SES::ReceiptRuleSet', 'EmailReceiving').logicalId;
    expect(permissions[0]?.Properties).toMatchObject({
      Action: 'lambda:InvokeFunction',
      Principal: 'ses.amazonaws.com',
      SourceAccount: { Ref: 'AWS::AccountId' },
    });
    // Only the receipt rule of this stack's rule set may invoke it, not any rule of any rule set in the account.
    const sourceArn = JSON.stringify(permissions[0]?.Properties.SourceArn);
    expect(sourceArn).toContain(`:receipt-rule-set/",{"Ref":"${ruleSet}"},":receipt-rule/`);
    const rule = resourceNamed(synth.appTemplate, 'AWS::SES::ReceiptRule', 'EmailReceiving').Properties.Rule as { Name: string };
    expect(sourceArn).toContain(`:receipt-rule/${rule.Name}`);
  });

  it('leaves inbound email out when the practice has no reply domain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aftercare-config-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ ...example, replyDomain: undefined }));
    const withoutReplies = synthAftercare({ config });
    withoutReplies.appTemplate.resourceCountIs('AWS::SES::ReceiptRule', 0);
    expect(Object.keys(deployedFunctions(withoutReplies.appTemplate))).not.toContain('email-inbound');
  });
});

describe('AftercareApp alarms and dead letters', () => {
  const alarmTopic = () => resourceNamed(synth.appTemplate, 'AWS::SNS::Topic', 'AlarmsTopic').logicalId;

  it('gives every asynchronously invoked function a dead-letter queue, encrypted, TLS-only, and watched by an alarm', () => {
    for (const name of ASYNC) {
      const queue = (fn(name).properties.DeadLetterConfig as { TargetArn: { 'Fn::GetAtt': [string, string] } }).TargetArn['Fn::GetAtt'][0];
      expect(synth.appTemplate.toJSON().Resources[queue].Properties).toMatchObject({ SqsManagedSseEnabled: true });
      synth.appTemplate.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: queue }],
        PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
      });
      synth.appTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Dimensions: [{ Name: 'QueueName', Value: getAtt(queue, 'QueueName') }],
        AlarmActions: [{ Ref: alarmTopic() }],
      });
    }
    for (const name of FUNCTION_NAMES.filter((n) => !ASYNC.includes(n))) expect(fn(name).properties.DeadLetterConfig).toBeUndefined();
  });

  it('emails the therapist through an encrypted topic', () => {
    synth.appTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: example.therapistEmail,
      TopicArn: { Ref: alarmTopic() },
    });
    for (const topic of Object.values(synth.appTemplate.findResources('AWS::SNS::Topic'))) {
      expect(topic.Properties.KmsMasterKeyId).toEqual(getAtt(resourceNamed(synth.appTemplate, 'AWS::KMS::Key', 'TopicKey').logicalId));
    }
    synth.appTemplate.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('alarms when the escalation notifier fails', () => {
    synth.appTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: fn('escalation-notifier').logicalId } }],
      Threshold: 1,
      AlarmActions: [{ Ref: alarmTopic() }],
    });
  });

  it('alarms when the sender fails or stops running', () => {
    const sender = { Name: 'FunctionName', Value: { Ref: fn('sender').logicalId } };
    synth.appTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [sender],
      AlarmActions: [{ Ref: alarmTopic() }],
    });
    synth.appTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'Invocations',
      Dimensions: [sender],
      ComparisonOperator: 'LessThanThreshold',
      TreatMissingData: 'breaching',
    });
  });

  it('counts failed follow-ups, failed escalation notifications and logged errors from the JSON logs, and alarms on each', () => {
    const filters = Object.values(synth.appTemplate.findResources('AWS::Logs::MetricFilter')).map(
      (f) => f.Properties as { FilterPattern: string; LogGroupName: { Ref: string }; MetricTransformations: { MetricName: string }[] },
    );
    const logGroupsCounting = (metric: string) =>
      filters.filter((f) => f.MetricTransformations[0]?.MetricName === metric).map((f) => f.LogGroupName.Ref).sort();
    const logGroupOf = (name: string) => (fn(name).properties.LoggingConfig as { LogGroup: { Ref: string } }).LogGroup.Ref;
    const everyLogGroup = FUNCTION_NAMES.map(logGroupOf).sort();

    expect(logGroupsCounting('FollowUpsFailed')).toEqual([logGroupOf('sender')]);
    expect(logGroupsCounting('EscalationNotificationFailures')).toEqual(everyLogGroup);
    expect(logGroupsCounting('LoggedErrors')).toEqual(everyLogGroup);
    const patternOf = (metric: string) => filters.find((f) => f.MetricTransformations[0]?.MetricName === metric)?.FilterPattern;
    expect(patternOf('FollowUpsFailed')).toBe('{ ($.message = "follow-up processed") && ($.status = "failed") }');
    expect(patternOf('EscalationNotificationFailures')).toBe('{ $.message = "escalation notification failed" }');
    expect(patternOf('LoggedErrors')).toBe('{ $.level = "ERROR" }');

    for (const metric of ['FollowUpsFailed', 'EscalationNotificationFailures', 'LoggedErrors']) {
      synth.appTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'Aftercare',
        MetricName: metric,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: alarmTopic() }],
        OKActions: [{ Ref: alarmTopic() }],
      });
    }
  });
});

describe('AftercareApp refused requests', () => {
  const alarmTopic = () => resourceNamed(synth.appTemplate, 'AWS::SNS::Topic', 'AlarmsTopic').logicalId;

  it.each([
    ['ApiUnauthorized', '{ $.status = "401" }', 20, 300],
    ['ApiForbidden', '{ $.status = "403" }', 5, 300],
    ['ApiThrottled', '{ $.status = "429" }', 20, 300],
    ['WebhooksThrottled', '{ ($.status = "429") && ($.routeKey = "POST /webhooks/*") }', 1, 60],
  ])('counts %s from the HTTP API access log and alarms on a spike', (metric, pattern, threshold, period) => {
    const accessLogs = resourceNamed(synth.appTemplate, 'AWS::Logs::LogGroup', 'HttpApiAccessLogs').logicalId;
    synth.appTemplate.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: accessLogs },
      FilterPattern: pattern,
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Aftercare', MetricName: metric, MetricValue: '1' })],
    });
    synth.appTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
      Namespace: 'Aftercare',
      MetricName: metric,
      Statistic: 'Sum',
      Period: period,
      Threshold: threshold,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: alarmTopic() }],
      AlarmDescription: Match.stringLikeRegexp('.{60,}'),
    });
  });
});

describe('AftercareApp outputs', () => {
  it('publishes what the practice pastes into Twilio, DNS and the AWS CLI', () => {
    const outputs = synth.appTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    const text = (key: string) => JSON.stringify(outputs[key]?.Value);
    expect(text('ApiUrl')).toContain('ApiEndpoint');
    expect(text('TwilioSmsWebhookUrl')).toContain('/webhooks/twilio/sms');
    expect(text('TwilioStatusCallbackUrl')).toContain('/webhooks/twilio/status');
    expect(text('InboundEmailAddress')).toContain('@reply.ohara-massage.example');
    expect(text('InboundMxRecord')).toContain('inbound-smtp.');
    expect(text('ActivateReceiptRuleSet')).toContain('aws ses set-active-receipt-rule-set');
    expect(Object.keys(outputs).filter((k) => k.startsWith('SendingDkimRecord'))).toHaveLength(3);
  });

  it('uses the publicBaseUrl context, when given, for the functions and the webhook URLs', () => {
    const custom = synthAftercare({ publicBaseUrl: 'https://aftercare.ohara-massage.example/' });
    const outputs = custom.appTemplate.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.TwilioSmsWebhookUrl?.Value).toBe('https://aftercare.ohara-massage.example/webhooks/twilio/sms');
    for (const f of Object.values(deployedFunctions(custom.appTemplate))) {
      expect(f.properties.Environment.Variables.PUBLIC_BASE_URL).toBe('https://aftercare.ohara-massage.example');
    }
  });
});

describe('configuration', () => {
  it('fails `cdk synth` with a message naming the missing practice setting', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aftercare-config-'));
    const config = join(dir, 'config.json');
    writeFileSync(config, JSON.stringify({ ...example, therapistEmail: undefined }));
    const run = promisify(execFile)('npx', ['tsx', 'bin/aftercare.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, CDK_CONTEXT_JSON: JSON.stringify({ config }), CDK_OUTDIR: dir },
    });
    await expect(run).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/therapistEmail \(THERAPIST_EMAIL\)/) });
  });

  it('rejects deployment context that is not valid, naming the key', () => {
    expect(() => deploymentSettings({ config: EXAMPLE_CONFIG, publicBaseUrl: 'not a url' })).toThrow(/publicBaseUrl \(CDK context\)/);
    expect(() => deploymentSettings({ config: join(REPO_ROOT, 'no-such-file.json') })).toThrow(/Cannot read the practice settings file/);
  });
});

describe('cdk-nag AwsSolutions', () => {
  const violationsOf = (app: IConstruct) =>
    new AwsSolutionsChecks().validateScope(app).violations.map((v) => `${v.severity} ${v.ruleName} at ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);

  it('finds nothing unacknowledged, with or without X-Ray tracing', () => {
    expect(violationsOf(synth.app)).toEqual([]);
    expect(violationsOf(synthAftercare({ xray: true }).app)).toEqual([]);
  });

  it('records a reason with every acknowledgement', () => {
    const acknowledgements: { path: string; id: string; reason: unknown }[] = [];
    const visit = (construct: IConstruct) => {
      for (const entry of construct.node.metadata) {
        if (entry.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(entry.data as Record<string, unknown>)) acknowledgements.push({ path: construct.node.path, id, reason });
      }
      construct.node.children.forEach(visit);
    };
    visit(synth.app);
    expect(acknowledgements.length).toBeGreaterThan(0);
    for (const { path, id, reason } of acknowledgements) {
      expect(typeof reason === 'string' && reason.length >= 60, `${id} at ${path}: "${String(reason)}"`).toBe(true);
    }
  });
});
