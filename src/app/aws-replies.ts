import { LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaEscalationNotifier, LambdaSmsRelay } from '#adapters/lambda-notifier';
import type { Config } from '#config';
import type { EscalationNotifier } from '#ports/notifier';
import type { SmsSender } from '#ports/senders';
import { required } from './aws.ts';
import { lazy } from './memoise.ts';

const lambda = lazy(() => new LambdaClient({}));

/** Starts the escalation-notifier function asynchronously (the webhooks that may open an escalation). */
export const lambdaNotifier = (config: Config): EscalationNotifier =>
  new LambdaEscalationNotifier(lambda(), required(config, 'notifierFunctionName', 'NOTIFIER_FUNCTION_NAME'));

/**
 * Texts through the notifier function (the API, answering from the page); the function's name is needed only when
 * a text is sent, so that every other route works without it.
 */
export const lambdaSmsRelay = (config: Config): SmsSender => ({
  send: (message) => new LambdaSmsRelay(lambda(), required(config, 'notifierFunctionName', 'NOTIFIER_FUNCTION_NAME')).send(message),
});
