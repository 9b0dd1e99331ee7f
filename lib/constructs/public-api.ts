import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, HttpRoute, HttpRouteKey, HttpStage, LogGroupLogDestination, type HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Access log fields: enough to trace a request, nothing that identifies a client (no IP, no query string). */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  routeKey: '$context.routeKey',
  status: '$context.status',
  latencyMs: '$context.responseLatency',
  integrationError: '$context.integrationErrorMessage',
};

/**
 * The HTTP API: a `$default` stage with throttling (a cost ceiling, not a quota) and access logs. Routes carry no
 * API Gateway authorizer: the API function checks the bearer token against its secret in constant time, and the
 * webhook functions check the provider's signature.
 */
export class PublicApi extends Construct {
  readonly httpApi: HttpApi;
  /** https://<id>.execute-api.<region>.amazonaws.com, without a trailing slash. */
  readonly endpoint: string;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'Resource', {
      description: 'Aftercare: therapist API, unsubscribe pages and provider webhooks',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 20, burstLimit: 40 },
      accessLogSettings: {
        destination: new LogGroupLogDestination(accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    this.endpoint = this.httpApi.apiEndpoint;
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason:
        'Authorization happens in the functions: the API function compares the bearer token with the secret in ' +
        'constant time, webhooks verify the Twilio signature, and unsubscribe links carry a signed token.',
    });
  }

  /** Sends `method path` (or every request no other route takes, for `$default`) to `handler`. */
  route(routeKey: `${HttpMethod} /${string}` | '$default', handler: IFunction, name: string): void {
    const integration = new HttpLambdaIntegration(`${name}Integration`, handler);
    if (routeKey === '$default') {
      new HttpRoute(this, `${name}Route`, { httpApi: this.httpApi, routeKey: HttpRouteKey.DEFAULT, integration });
    } else {
      const [method, path] = routeKey.split(' ') as [HttpMethod, string];
      this.httpApi.addRoutes({ path, methods: [method], integration });
    }
  }
}
