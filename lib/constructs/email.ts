import { Aws, Stack, Validations } from 'aws-cdk-lib';
import { ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  ReceiptRuleSet,
  SuppressionReasons,
  TlsPolicy,
} from 'aws-cdk-lib/aws-ses';
import { LambdaInvocationType, Lambda as LambdaAction, S3 as S3Action } from 'aws-cdk-lib/aws-ses-actions';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface EmailSendingProps {
  /** The practice's sending domain (the domain of sesFromAddress); verified in SES through its DKIM records. */
  domain: string;
  /** Key for the bounce/complaint topic: those notifications carry client email addresses. */
  key: IKey;
}

/**
 * Sending: the domain identity (Easy DKIM), the configuration set every email goes through, and the SNS topic that
 * receives the set's bounce and complaint events. The configuration set also adds bounced and complaining addresses
 * to SES's suppression list, and is the identity's default so no email escapes it.
 */
export class EmailSending extends Construct {
  readonly identity: EmailIdentity;
  readonly configurationSet: ConfigurationSet;
  readonly configurationSetArn: string;
  /** SES bounce and complaint events; the delivery-status function subscribes. */
  readonly events: Topic;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
    });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });
    this.identity = new EmailIdentity(this, 'Identity', {
      identity: Identity.domain(props.domain),
      configurationSet: this.configurationSet,
    });

    this.events = new Topic(this, 'BouncesAndComplaints', { masterKey: props.key, enforceSSL: true });
    this.configurationSet.addEventDestination('ToDeliveryStatus', {
      destination: EventDestination.snsTopic(this.events),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });
  }
}

export interface EmailReceivingProps {
  /** The reply domain: clients' replies to reply+<session>@<domain> arrive here (its MX points at SES). */
  domain: string;
  bucket: IBucket;
  prefix: string;
  handler: IFunction;
  /** Verify the reply domain as its own identity: needed unless it is the sending domain or one of its subdomains. */
  verifyDomain: boolean;
}

/**
 * Receiving: a receipt rule set with one rule for the reply domain that stores the raw message in the inbound-mail
 * bucket under `prefix` + its SES message ID, then invokes the inbound-email function asynchronously with that ID.
 * SES scans for spam and viruses and refuses mail not sent over TLS.
 * An account has one active rule set; activating this one is a deliberate step in docs/deploy.md, because doing it
 * from the stack would silently switch off any rule set the account already uses.
 */
export class EmailReceiving extends Construct {
  readonly ruleSet: ReceiptRuleSet;
  readonly identity?: EmailIdentity;

  constructor(scope: Construct, id: string, props: EmailReceivingProps) {
    super(scope, id);
    if (props.verifyDomain) this.identity = new EmailIdentity(this, 'Identity', { identity: Identity.domain(props.domain) });
    this.ruleSet = new ReceiptRuleSet(this, 'RuleSet');
    // SES may invoke the function for this rule only, not for any rule of any rule set in the account. The rule is
    // named here so that its ARN is known before it exists (SES checks the permission when the rule is created).
    // The Lambda action finds this permission by its id and adds none of its own.
    const ruleName = 'aftercare-replies';
    props.handler.addPermission('AllowSes', {
      action: 'lambda:InvokeFunction',
      principal: new ServicePrincipal('ses.amazonaws.com'),
      sourceAccount: Aws.ACCOUNT_ID,
      sourceArn: Stack.of(this).formatArn({
        service: 'ses',
        resource: 'receipt-rule-set',
        resourceName: `${this.ruleSet.receiptRuleSetName}:receipt-rule/${ruleName}`,
      }),
    });
    const rule = this.ruleSet.addRule('Replies', {
      receiptRuleName: ruleName,
      recipients: [props.domain],
      scanEnabled: true,
      tlsPolicy: TlsPolicy.REQUIRE,
      actions: [
        new S3Action({ bucket: props.bucket, objectKeyPrefix: props.prefix }),
        new LambdaAction({ function: props.handler, invocationType: LambdaInvocationType.EVENT }),
      ],
    });
    Validations.of(rule).acknowledge({
      id: 'Annotation::@aws-cdk/s3:AddBucketPermissions',
      reason: 'The bucket lives in the data stack, whose bucket policy lets SES of this account put objects under the inbound prefix.',
    });
  }
}
