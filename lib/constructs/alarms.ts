import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, TreatMissingData, type Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import { FilterPattern, MetricFilter, type IFilterPattern, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { AftercareFunction } from './aftercare-function.ts';

/** Namespace of the metrics that metric filters derive from the functions' Powertools JSON logs. */
export const METRIC_NAMESPACE = 'Aftercare';

/** Log lines that count, by the `message` and `level` fields Powertools writes. */
export const LOG_PATTERNS = {
  followUpFailed: FilterPattern.all(
    FilterPattern.stringValue('$.message', '=', 'follow-up processed'),
    FilterPattern.stringValue('$.status', '=', 'failed'),
  ),
  escalationNotificationFailed: FilterPattern.stringValue('$.message', '=', 'escalation notification failed'),
  error: FilterPattern.stringValue('$.level', '=', 'ERROR'),
} satisfies Record<string, IFilterPattern>;

/**
 * Refused requests, from the HTTP API's access log (one JSON line per request, `status` and `routeKey` as strings).
 * HTTP APIs publish only an aggregate `4xx` metric, so each status is counted from the log instead.
 */
export const ACCESS_LOG_PATTERNS = {
  unauthorized: FilterPattern.stringValue('$.status', '=', '401'),
  forbidden: FilterPattern.stringValue('$.status', '=', '403'),
  throttled: FilterPattern.stringValue('$.status', '=', '429'),
  webhookThrottled: FilterPattern.all(FilterPattern.stringValue('$.status', '=', '429'), FilterPattern.stringValue('$.routeKey', '=', 'POST /webhooks/*')),
} satisfies Record<string, IFilterPattern>;

export interface AlarmsProps {
  email: string;
  key: IKey;
  sender: AftercareFunction;
  notifier: AftercareFunction;
  functions: AftercareFunction[];
  deadLetterQueues: Record<string, IQueue>;
  /** The HTTP API's access log. */
  accessLogs: ILogGroup;
}

/**
 * Alarms that email the therapist (or whoever looks after the deployment) through an encrypted SNS topic, each
 * description saying what is wrong in plain words. Every alarm also emails when it clears.
 */
export class Alarms extends Construct {
  readonly topic: Topic;
  private readonly action: SnsAction;

  constructor(scope: Construct, id: string, props: AlarmsProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Topic', { displayName: 'Aftercare alarms', masterKey: props.key, enforceSSL: true });
    this.topic.addSubscription(new EmailSubscription(props.email));
    this.action = new SnsAction(this.topic);

    this.alarm('SenderErrors', {
      metric: props.sender.fn.metricErrors({ period: Duration.minutes(1) }),
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      description: 'Follow-ups may not be going out: the scheduled sender failed in 3 of the last 5 minutes. Check its logs.',
    });
    this.alarm('SenderNotRunning', {
      metric: props.sender.fn.metricInvocations({ period: Duration.minutes(15) }),
      comparison: ComparisonOperator.LESS_THAN_THRESHOLD,
      missing: TreatMissingData.BREACHING,
      description: 'Follow-ups are not going out: the scheduled sender has not run for 15 minutes.',
    });

    this.alarm('EscalationNotifierErrors', {
      metric: props.notifier.fn.metricErrors({ period: Duration.minutes(1) }),
      description: 'A client reported a problem and the escalation notifier failed; Lambda retries it. Check the escalations.',
    });

    const failed = this.countLogLines('FollowUpsFailed', [props.sender], LOG_PATTERNS.followUpFailed);
    this.alarm('FollowUpsFailed', {
      metric: failed,
      description: 'A follow-up could not be delivered on any channel (bad number, bounce, opted out at the provider).',
    });
    const escalation = this.countLogLines('EscalationNotificationFailures', props.functions, LOG_PATTERNS.escalationNotificationFailed);
    this.alarm('EscalationNotificationFailed', {
      metric: escalation,
      period: Duration.minutes(1),
      description: 'A client reported a problem and notifying the therapist failed. Check the escalations now.',
    });
    const errors = this.countLogLines('LoggedErrors', props.functions, LOG_PATTERNS.error);
    this.alarm('ErrorsLogged', {
      metric: errors,
      description: 'An Aftercare function logged an error (including a follow-up whose outcome is unknown). Check the logs.',
    });

    // Refused requests: a spike is someone guessing the token, forging webhooks (or a webhook URL in Twilio that does
    // not match), or traffic over a route's throttle. Thresholds sit above a therapist's own mistakes.
    const api = (metricName: string, pattern: IFilterPattern) => this.countLogLines(metricName, [{ name: 'http-api', logGroup: props.accessLogs }], pattern);
    this.alarm('ApiUnauthorized', {
      metric: api('ApiUnauthorized', ACCESS_LOG_PATTERNS.unauthorized),
      threshold: 20,
      description:
        'At least 20 requests in 5 minutes were refused for a wrong or missing API token: someone may be guessing it. ' +
        "If it is not the therapist's own page or tools, change the token (docs/deploy.md, Rotating keys and credentials).",
    });
    this.alarm('ApiForbidden', {
      metric: api('ApiForbidden', ACCESS_LOG_PATTERNS.forbidden),
      threshold: 5,
      description:
        "At least 5 webhook requests in 5 minutes had no valid Twilio signature: either the webhook URLs in Twilio do not match the stack's outputs " +
        "(then every client's text is refused: check them, docs/deploy.md step 6) or someone is sending forged requests.",
    });
    this.alarm('ApiThrottled', {
      metric: api('ApiThrottled', ACCESS_LOG_PATTERNS.throttled),
      threshold: 20,
      description:
        'At least 20 requests in 5 minutes were refused (429) for going over a route\'s rate limit: heavy traffic or an attack. ' +
        'Check the access log for the routes; the limits are in lib/app-stack.ts (ROUTE_GROUPS).',
    });
    this.alarm('WebhooksThrottled', {
      metric: api('WebhooksThrottled', ACCESS_LOG_PATTERNS.webhookThrottled),
      period: Duration.minutes(1),
      description:
        "Twilio's webhooks were refused (429) for going over their rate limit: a client's text or a delivery report may have been lost. " +
        "Check Twilio's console (Monitor, Logs, Errors 11200) and the conversations on the therapist's page.",
    });

    for (const [name, queue] of Object.entries(props.deadLetterQueues)) {
      this.alarm(`DeadLetters-${name}`, {
        metric: queue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: 'Maximum' }),
        description: `Events for ${name} failed after retries and wait in its dead-letter queue; inspect and redrive them.`,
      });
    }
  }

  /** One metric, fed by a metric filter on each log group (a function's, or the HTTP API's access log). */
  private countLogLines(metricName: string, sources: { name: string; logGroup: ILogGroup }[], pattern: IFilterPattern): Metric {
    let metric: Metric | undefined;
    for (const f of sources) {
      const filter = new MetricFilter(this, `${metricName}-${f.name}`, {
        logGroup: f.logGroup,
        filterPattern: pattern,
        metricNamespace: METRIC_NAMESPACE,
        metricName,
        metricValue: '1',
      });
      metric ??= filter.metric({ statistic: 'Sum' });
    }
    if (!metric) throw new Error(`no functions to count ${metricName} in`);
    return metric;
  }

  private alarm(
    id: string,
    options: {
      metric: Metric;
      description: string;
      period?: Duration;
      threshold?: number;
      evaluationPeriods?: number;
      datapointsToAlarm?: number;
      comparison?: ComparisonOperator;
      missing?: TreatMissingData;
    },
  ): Alarm {
    const metric = options.period ? options.metric.with({ period: options.period }) : options.metric;
    const alarm = new Alarm(this, id, {
      // The name is the subject of the email: `ALARM: "Aftercare-SenderErrors" in US East (N. Virginia)`.
      alarmName: `Aftercare-${id}`,
      alarmDescription: options.description,
      metric,
      threshold: options.threshold ?? 1,
      comparisonOperator: options.comparison ?? ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods ?? 1,
      datapointsToAlarm: options.datapointsToAlarm ?? options.evaluationPeriods ?? 1,
      treatMissingData: options.missing ?? TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    return alarm;
  }
}
