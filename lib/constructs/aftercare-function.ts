import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RemovalPolicy, Stack, Tags, Validations, type Duration } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel, Tracing, type IFunction } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, SourceMapMode } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Tag on each function naming its entry, so tooling can find its bundle in a cloud assembly (lib/assembly.ts). */
export const FUNCTION_TAG = 'aftercare:function';

/**
 * Loaded before any bundled module: esbuild's ESM output has no `require`, which CommonJS dependencies
 * (twilio, mailparser, nodemailer) still call for Node built-ins.
 */
const REQUIRE_SHIM = "import { createRequire as __aftercareRequire } from 'node:module'; const require = __aftercareRequire(import.meta.url);";

const copy = (from: string, to: string) =>
  `node -e "require('node:fs').cpSync(process.argv[1], process.argv[2], { recursive: true })" "${from}" "${to}"`;

/**
 * Copies the repository's templates/ beside the handler, where the template loader reads them at cold start, and
 * for the function that serves the therapist's page, the built page (web/dist, built by bin/ before synth) as web/.
 */
const copyAssets = (servesPage: boolean) => (inputDir: string, outputDir: string) => [
  copy(join(inputDir, 'templates'), join(outputDir, 'templates')),
  ...(servesPage ? [copy(join(inputDir, 'web', 'dist'), join(outputDir, 'web'))] : []),
];

export interface AftercareFunctionProps {
  /** Short name for tags, metric filters and reports: the entry file's name, e.g. twilio-sms. */
  name: string;
  /** Serves the therapist's page: the built web/dist goes into the bundle. */
  servesPage?: boolean;
  /** Entry file relative to the repository root, e.g. functions/twilio-sms.ts. */
  entry: string;
  description: string;
  timeout: Duration;
  /** Environment every function shares: practice settings, PUBLIC_BASE_URL, SES_CONFIGURATION_SET. */
  environment: Record<string, string>;
  reservedConcurrency?: number;
  /** For functions invoked asynchronously (EventBridge, SNS, SES): failed events land here after `retryAttempts`. */
  deadLetterQueue?: IQueue;
  retryAttempts?: number;
  xray: boolean;
}

/**
 * One Aftercare Lambda with the house defaults, all of them here:
 * - Node.js 22 on arm64, 512 MB, JSON log format at INFO into its own log group kept for three months;
 * - its own role, which may write only to that log group until a `use*` helper grants more;
 * - an ESM bundle built by the local esbuild: minified but keeping names (error names appear in the logs), an external
 *   source map without sources (NODE_OPTIONS=--enable-source-maps), the AWS SDK v3 bundled rather than taken from the
 *   runtime (versions pinned by the lock file and proven by the bundle test, tree-shaken, faster to load), and a
 *   `require` shim for CommonJS dependencies;
 * - the repository's templates/ folder copied beside index.mjs;
 * - environment: POWERTOOLS_SERVICE_NAME=aftercare, NODE_OPTIONS, plus the shared environment passed in;
 * - X-Ray active tracing only when the `xray` context flag is set.
 * The `use*` helpers grant access to one resource and set the environment variable the code reads for it.
 */
export class AftercareFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly logGroup: LogGroup;
  readonly role: Role;
  /** The entry file's name: api, sender, twilio-sms... */
  readonly name: string;

  constructor(scope: Construct, id: string, props: AftercareFunctionProps) {
    super(scope, id);
    this.name = props.name;
    this.logGroup = new LogGroup(this, 'Logs', {
      retention: RetentionDays.THREE_MONTHS,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const role = (this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Aftercare: runs ${props.entry}`,
    }));
    this.logGroup.grantWrite(role);

    this.fn = new NodejsFunction(this, 'Function', {
      entry: join(REPO_ROOT, props.entry),
      handler: 'handler',
      projectRoot: REPO_ROOT,
      depsLockFilePath: join(REPO_ROOT, 'package-lock.json'),
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: props.timeout,
      role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      systemLogLevelV2: SystemLogLevel.WARN,
      tracing: props.xray ? Tracing.ACTIVE : Tracing.DISABLED,
      ...(props.reservedConcurrency !== undefined ? { reservedConcurrentExecutions: props.reservedConcurrency } : {}),
      ...(props.deadLetterQueue ? { deadLetterQueue: props.deadLetterQueue } : {}),
      ...(props.retryAttempts !== undefined ? { retryAttempts: props.retryAttempts } : {}),
      environment: {
        ...props.environment,
        POWERTOOLS_SERVICE_NAME: 'aftercare',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        minify: true,
        keepNames: true,
        sourceMap: true,
        sourceMapMode: SourceMapMode.DEFAULT,
        sourcesContent: false,
        bundleAwsSDK: true,
        banner: REQUIRE_SHIM,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: copyAssets(props.servesPage ?? false),
        },
      },
    });
    Tags.of(this.fn).add(FUNCTION_TAG, this.name);

    Validations.of(this.fn).acknowledge({
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime this application targets and is tested on; moving to a newer runtime is a ' +
        'deliberate change of the house defaults (lib/constructs/aftercare-function.ts), not a silent upgrade.',
    });
    if (props.xray) {
      Validations.of(role).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'X-Ray PutTraceSegments and PutTelemetryRecords have no resource-level permissions; CDK grants them on *.',
      });
    }
  }

  /**
   * The given item actions on the table, and Query on the named indexes (TABLE_NAME): the resources are the table and
   * each index by name, so no wildcard is needed.
   */
  useTable(table: { tableName: string; tableArn: string }, access: TableAccess): this {
    this.fn.addToRolePolicy(
      new PolicyStatement({
        actions: [...access.actions].sort().map((action) => `dynamodb:${action}`),
        resources: [table.tableArn, ...access.indexes.map((index) => `${table.tableArn}/index/${index}`)],
      }),
    );
    this.fn.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /**
   * Read one secret (its ARN in `env`, the name src/app/aws.ts looks for); the function reads it at start and again
   * once what it read is five minutes old.
   */
  useSecret(env: SecretVariable, secretArn: string): this {
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secretArn] }));
    this.fn.addEnvironment(env, secretArn);
    return this;
  }

  /** Send raw email as the practice's identity through the configuration set, and nothing else in SES. */
  useEmailSending(sending: { identityArn: string; configurationSetArn: string }): this {
    this.fn.addToRolePolicy(
      new PolicyStatement({ actions: ['ses:SendRawEmail'], resources: [sending.identityArn, sending.configurationSetArn] }),
    );
    return this;
  }

  /** Start the escalation notifier asynchronously (NOTIFIER_FUNCTION_NAME); that function only, no versions or aliases. */
  useNotifier(notifier: IFunction): this {
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['lambda:InvokeFunction'], resources: [notifier.functionArn] }));
    this.fn.addEnvironment('NOTIFIER_FUNCTION_NAME', notifier.functionName);
    return this;
  }

  /** Read the raw emails SES stored under `prefix` (INBOUND_BUCKET, INBOUND_PREFIX), and nothing else in the bucket. */
  useInboundMail(bucket: { bucketName: string; bucketArn: string }, prefix: string): this {
    const objects = `${bucket.bucketArn}/${prefix}*`;
    this.fn.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [objects] }));
    this.fn.addEnvironment('INBOUND_BUCKET', bucket.bucketName);
    this.fn.addEnvironment('INBOUND_PREFIX', prefix);
    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${nagName(this, bucket.bucketArn)}/${prefix}*]`,
      reason: `SES names each stored message by its message ID, so the function reads ${prefix}* of the inbound-mail bucket, and only that prefix.`,
    });
    return this;
  }
}

/**
 * DynamoDB item actions the stores use (src/adapters/dynamo/): a transaction is authorised by the actions of its
 * items (Put, Update, Delete), BatchGet by BatchGetItem.
 */
export type TableAction = 'BatchGetItem' | 'DeleteItem' | 'GetItem' | 'PutItem' | 'Query' | 'UpdateItem';

/** What one function may do in the table: item actions, and the indexes it queries (Query must be among the actions). */
export interface TableAccess {
  actions: readonly TableAction[];
  indexes: readonly string[];
}

/** The environment variables src/app/aws.ts reads secret ARNs from (one per secret: API token, link keys, Twilio). */
export type SecretVariable = 'API_TOKEN_SECRET_ARN' | 'LINK_KEYS_SECRET_ARN' | 'TWILIO_SECRET_ARN' | 'BOOKINGS_SECRET_ARN';

/** How cdk-nag names a token in its finding IDs: an import by its export name, an attribute as <LogicalId.Attr>. */
function nagName(scope: Construct, token: string): string {
  const resolved: unknown = Stack.of(scope).resolve(token);
  if (typeof resolved === 'string') return resolved;
  const value = resolved as { 'Fn::ImportValue'?: string; 'Fn::GetAtt'?: [string, string] };
  if (value['Fn::ImportValue']) return value['Fn::ImportValue'];
  if (value['Fn::GetAtt']) return `<${value['Fn::GetAtt'].join('.')}>`;
  throw new Error(`cannot name ${JSON.stringify(resolved)} for a cdk-nag acknowledgement`);
}
