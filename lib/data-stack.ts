import { Aws, CfnOutput, Duration, Fn, RemovalPolicy, SecretValue, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { KeySchemaElement } from '@aws-sdk/client-dynamodb';
import type { Construct } from 'constructs';
import { TTL_ATTRIBUTE, tableDefinition } from '#adapters/dynamo/schema';

/** Raw inbound emails are written by SES under this prefix; the inbound-email function may read only there. */
export const INBOUND_PREFIX = 'inbound/';
/** Raw messages are only needed until the reply is recorded; a month leaves room to investigate a failure. */
export const INBOUND_MAIL_EXPIRY = Duration.days(30);

/** What the application stack needs from the data stack; each value is a named CloudFormation export. */
export interface DataRefs {
  tableName: string;
  tableArn: string;
  inboundMailBucketName: string;
  inboundMailBucketArn: string;
  /** The API token's secret (`secretArn` since it also held the Twilio values: an export in use cannot be renamed). */
  secretArn: string;
  linkKeysSecretArn: string;
  twilioSecretArn: string;
  /** Square credentials, the signed webhook's secret and the ICS feed URL (docs/bookings.md). */
  bookingsSecretArn: string;
}

const exportName = (dataStackName: string, key: keyof DataRefs) => `${dataStackName}:${key}`;

/**
 * The data stack's exports as Fn::ImportValue expressions. Exports are declared explicitly and unconditionally, so
 * that no change to the application stack can make CloudFormation try to remove an export still in use.
 */
export function importDataRefs(dataStackName: string): DataRefs {
  const ref = (key: keyof DataRefs) => Fn.importValue(exportName(dataStackName, key));
  return {
    tableName: ref('tableName'),
    tableArn: ref('tableArn'),
    inboundMailBucketName: ref('inboundMailBucketName'),
    inboundMailBucketArn: ref('inboundMailBucketArn'),
    secretArn: ref('secretArn'),
    linkKeysSecretArn: ref('linkKeysSecretArn'),
    twilioSecretArn: ref('twilioSecretArn'),
    bookingsSecretArn: ref('bookingsSecretArn'),
  };
}

/**
 * The stateful half: everything that holds a practice's records or credentials. Each resource is kept when the stack
 * is deleted (RETAIN), the table also refuses deletion, and the stack has termination protection, so tearing the
 * application down never loses records (docs/deploy.md).
 */
export class AftercareDataStack extends Stack {
  /** Sessions, follow-ups, messages, escalations and contact points; the engine's single table. */
  readonly table: Table;
  /** Raw emails that clients send to the reply domain, encrypted, expiring after INBOUND_MAIL_EXPIRY. */
  readonly inboundMail: Bucket;
  /**
   * Three secrets, so that each function can be let read only what it uses (lib/app-stack.ts):
   * the API token (generated here; the therapist's page and tools), the link keys (generated here), and the Twilio
   * credentials (filled in after deploying).
   */
  readonly secret: Secret;
  /** The keys that sign links (unsubscribe, acknowledge): the current one generated here, previous ones added on rotation. */
  readonly linkKeys: Secret;
  /** twilioAccountSid and twilioAuthToken, entered by the practice after deploying (docs/deploy.md). */
  readonly twilio: Secret;
  /** The booking sources' credentials (filled in after deploying, docs/bookings.md). */
  readonly bookings: Secret;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { terminationProtection: true, ...props });

    this.table = engineTable(this);

    this.inboundMail = new Bucket(this, 'InboundMail', {
      encryption: BucketEncryption.S3_MANAGED,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      lifecycleRules: [
        { id: 'expire-raw-inbound-mail', prefix: INBOUND_PREFIX, expiration: INBOUND_MAIL_EXPIRY },
        { id: 'abort-incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // SES (of this account only) may store messages under the inbound prefix, and nowhere else.
    this.inboundMail.addToResourcePolicy(
      new PolicyStatement({
        sid: 'SesStoresInboundMail',
        principals: [new ServicePrincipal('ses.amazonaws.com')],
        actions: ['s3:PutObject'],
        resources: [this.inboundMail.arnForObjects(`${INBOUND_PREFIX}*`)],
        conditions: { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } },
      }),
    );
    Validations.of(this.inboundMail).acknowledge({
        id: 'AwsSolutions-S1',
        reason:
          'Two principals touch this bucket: SES writes (bucket policy scoped to this account) and the inbound-email role ' +
          'reads inbound/*. Access logs would need a second bucket and lifecycle for little insight; enable CloudTrail ' +
          'S3 data events instead if an audit ever needs object-level records.',
    });

    // The API token. Changing generateSecretString would replace the secret and generate a new token; its template
    // still names the two Twilio fields it held before they had a secret of their own, which nothing reads any more.
    this.secret = new Secret(this, 'Secret', {
      description: 'Aftercare: apiToken of the therapist page and API (generated; the empty Twilio fields are unused, see TwilioCredentials)',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ twilioAccountSid: '', twilioAuthToken: '' }),
        generateStringKey: 'apiToken',
        excludePunctuation: true,
        passwordLength: 48,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          "The API token is typed into the therapist's own page and tools, so a Lambda cannot rotate it without locking " +
          'them out; docs/deploy.md describes rotating it by hand.',
    });

    // Placeholders only: the practice puts the values in after deploying. Changing this value in code would overwrite
    // the credentials the practice entered.
    this.twilio = new Secret(this, 'TwilioCredentials', {
      description: 'Aftercare: twilioAccountSid and twilioAuthToken (set after deploying, docs/deploy.md)',
      secretObjectValue: { twilioAccountSid: SecretValue.unsafePlainText(''), twilioAuthToken: SecretValue.unsafePlainText('') },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.twilio).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Twilio issues and rotates its auth token in the Twilio console (secondary token, then promote), which no ' +
        'Lambda can do; docs/deploy.md describes copying the new token here.',
    });

    // Placeholders only, like the Twilio credentials: each source is connected by filling in its values.
    this.bookings = new Secret(this, 'BookingSources', {
      description: 'Aftercare: squareAccessToken, squareWebhookSignatureKey, bookingsWebhookSecret (whsec_…), icsFeedUrl (set after deploying, docs/bookings.md)',
      secretObjectValue: {
        squareAccessToken: SecretValue.unsafePlainText(''),
        squareWebhookSignatureKey: SecretValue.unsafePlainText(''),
        bookingsWebhookSecret: SecretValue.unsafePlainText(''),
        icsFeedUrl: SecretValue.unsafePlainText(''),
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.bookings).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'Square issues its access token and signature key in the Developer Console, the webhook secret is shared with the ' +
        'sending tool, and the feed URL comes from the calendar: none can be rotated by a Lambda; docs/bookings.md says how.',
    });

    // The current key is generated; rotating adds keys by hand (docs/deploy.md), so this template never changes.
    this.linkKeys = new Secret(this, 'LinkKeys', {
      description: 'Aftercare: keys that sign unsubscribe and acknowledge links (linkSigningKeyId, linkSigningKey, previousLinkSigningKeys); rotation in docs/deploy.md',
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ linkSigningKeyId: '1', previousLinkSigningKeys: [] }),
        generateStringKey: 'linkSigningKey',
        excludePunctuation: true,
        passwordLength: 64,
      },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(this.linkKeys).acknowledge({
      id: 'AwsSolutions-SMG4',
      reason:
        'A link key must keep verifying for 90 days after it stops signing, so rotating is adding a new current key and ' +
        'moving the old one to previousLinkSigningKeys with its retirement date: a short documented step (docs/deploy.md).',
    });

    const exports: DataRefs = {
      tableName: this.table.tableName,
      tableArn: this.table.tableArn,
      inboundMailBucketName: this.inboundMail.bucketName,
      inboundMailBucketArn: this.inboundMail.bucketArn,
      secretArn: this.secret.secretArn,
      linkKeysSecretArn: this.linkKeys.secretArn,
      twilioSecretArn: this.twilio.secretArn,
      bookingsSecretArn: this.bookings.secretArn,
    };
    for (const [key, value] of Object.entries(exports)) {
      new CfnOutput(this, key, { value, exportName: exportName(this.stackName, key as keyof DataRefs) });
    }
    new CfnOutput(this, 'SecretName', { value: this.secret.secretName, description: 'The API token of the therapist page and API' });
    new CfnOutput(this, 'TwilioSecretName', { value: this.twilio.secretName, description: 'Put the Twilio account SID and auth token here' });
    new CfnOutput(this, 'BookingsSecretName', { value: this.bookings.secretName, description: 'Put the booking sources\' credentials here (docs/bookings.md)' });
    new CfnOutput(this, 'LinkKeysSecretName', { value: this.linkKeys.secretName, description: 'The link keys; rotate them as docs/deploy.md says' });
  }
}

/** The table exactly as the engine defines it (`tableDefinition`), with the protections a long-lived store needs. */
function engineTable(scope: Construct): Table {
  const definition = tableDefinition('aftercare');
  const attribute = (name: string): Attribute => {
    const type = definition.AttributeDefinitions?.find((a) => a.AttributeName === name)?.AttributeType;
    if (type !== 'S' && type !== 'N' && type !== 'B') throw new Error(`tableDefinition() does not declare the type of ${name}`);
    return { name, type: { S: AttributeType.STRING, N: AttributeType.NUMBER, B: AttributeType.BINARY }[type] };
  };
  const keys = (schema: KeySchemaElement[] | undefined) => {
    const hash = schema?.find((k) => k.KeyType === 'HASH')?.AttributeName;
    const range = schema?.find((k) => k.KeyType === 'RANGE')?.AttributeName;
    if (!hash) throw new Error('tableDefinition() has a key schema without a HASH key');
    return { partitionKey: attribute(hash), ...(range ? { sortKey: attribute(range) } : {}) };
  };

  const table = new Table(scope, 'Table', {
    ...keys(definition.KeySchema),
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    timeToLiveAttribute: TTL_ATTRIBUTE,
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  for (const index of definition.GlobalSecondaryIndexes ?? []) {
    if (index.Projection?.ProjectionType !== 'ALL') throw new Error(`index ${index.IndexName}: only ALL projections are mapped`);
    table.addGlobalSecondaryIndex({ indexName: index.IndexName as string, ...keys(index.KeySchema), projectionType: ProjectionType.ALL });
  }
  return table;
}
