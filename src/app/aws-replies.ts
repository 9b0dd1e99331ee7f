import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaEscalationNotifier } from '#adapters/lambda-notifier';
import type { Config } from '#config';
import type { EscalationNotifier } from '#ports/notifier';
import { required } from './aws.ts';
import { lazy } from './memoise.ts';

const lambda = lazy(() => new LambdaClient({}));

/** Starts the escalation-notifier function asynchronously (the webhooks that may open an escalation). */
export const lambdaNotifier = (config: Config): EscalationNotifier =>
  new LambdaEscalationNotifier(lambda(), required(config, 'notifierFunctionName', 'NOTIFIER_FUNCTION_NAME'));
