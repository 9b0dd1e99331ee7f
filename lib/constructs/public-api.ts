import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination, type CfnStage, type HttpMethod, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/**
 * Access log fields: enough to trace a request and to count refusals by status and route (lib/constructs/alarms.ts),
 * nothing that identifies a client (no IP, no path, no query string). Every value is logged as a string.
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
};

export type RouteKey = `${HttpMethod} /${string}` | '$default';

export interface PublicApiProps {
  /** The throttle of `$default`, and of any route given none of its own. */
  defaultThrottle: Required<ThrottleSettings>;
}

/**
 * The HTTP API: a `$default` stage with access logs and throttling (a ceiling on cost and abuse, not a quota). Each
 * route given a throttle of its own gets it as a route setting of the stage: API Gateway keeps a token bucket per
 * route key, so traffic on one route cannot use up another's. Routes carry no API Gateway authorizer: the API function
 * checks the bearer token against its secret in constant time, and the webhook functions check the provider's
 * signature.
 */
export class PublicApi extends Construct {
  readonly httpApi: HttpApi;
  readonly stage: HttpStage;
  /** Every request, one JSON line each (ACCESS_LOG_FIELDS). */
  readonly accessLogs: LogGroup;
  /** https://<id>.execute-api.<region>.amazonaws.com, without a trailing slash. */
  readonly endpoint: string;
  private readonly integrations = new Map<IFunction, HttpLambdaIntegration>();
  private readonly routeSettings: Record<string, { ThrottlingRateLimit: number; ThrottlingBurstLimit: number }> = {};

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Resource', {
      description: 'Aftercare: therapist API, unsubscribe pages and provider webhooks',
      createDefaultStage: false,
    });
    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: props.defaultThrottle,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    // Filled in as routes are added; the L2 stage has no per-route settings.
    (this.stage.node.defaultChild as CfnStage).addPropertyOverride('RouteSettings', this.routeSettings);
    this.endpoint = this.httpApi.apiEndpoint;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization happens in the functions: the API function compares the bearer token with its secret in ' +
        'constant time, webhooks verify the Twilio signature, and unsubscribe and acknowledge links carry a signed token.',
    });
  }

  /**
   * Sends `method path` (or every request no other route takes, for `$default`) to `handler`, throttled by `throttle`
   * on its own (the stage's default throttle when none is given). One integration per function, whatever its routes.
   */
  route(routeKey: RouteKey, handler: IFunction, throttle?: Required<ThrottleSettings>): void {
    let integration = this.integrations.get(handler);
    if (!integration) {
      integration = new HttpLambdaIntegration(`${handler.node.scope?.node.id ?? handler.node.id}Integration`, handler);
      this.integrations.set(handler, integration);
    }
    if (routeKey === '$default') {
      new HttpRoute(this, 'DefaultRoute', { httpApi: this.httpApi, routeKey: HttpRouteKey.DEFAULT, integration });
      return;
    }
    // addRoutes names each route after its method and path, as the routes of earlier versions were named: a route
    // renamed would be created anew beside the old one, and API Gateway refuses two routes with one key.
    const [method, path] = routeKey.split(' ') as [HttpMethod, string];
    const [route] = this.httpApi.addRoutes({ path, methods: [method], integration });
    if (throttle && route) {
      this.routeSettings[routeKey] = { ThrottlingRateLimit: throttle.rateLimit, ThrottlingBurstLimit: throttle.burstLimit };
      // The stage's route settings name route keys, which must exist first.
      this.stage.node.addDependency(route);
    }
  }
}
