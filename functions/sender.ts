import type { Context, ScheduledEvent } from 'aws-lambda';
import { notifySettings, senderSettings, type CoreDeps } from '#app/deps';
import { notifyDueEscalations } from '#use-cases/escalations';
import { sendDueFollowUps, type SweepSummary } from '#use-cases/send-due-follow-ups';
import type { EmailSender, SmsSender } from '#ports/senders';
import { awsConfig, awsCoreDeps } from './commons/aws.ts';
import { awsSenders } from './commons/aws-senders.ts';

export type SenderHandlerDeps = CoreDeps & { sms: SmsSender; email: EmailSender };

/**
 * Runs every minute (EventBridge): first escalation notifications that are due (retries and re-notifications of
 * unacknowledged ones, which matter most), then the follow-ups due within the invocation's time budget.
 */
export const createSenderHandler =
  (getDeps: () => Promise<SenderHandlerDeps>) =>
  async (
    _event: ScheduledEvent | Record<string, unknown>,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<SweepSummary & { escalationsNotified: number }> => {
    const deps = await getDeps();
    const escalationsNotified = await notifyDueEscalations({ ...deps, settings: notifySettings(deps.config) });
    const started = Date.now();
    const remainingMs = context?.getRemainingTimeInMillis
      ? () => context.getRemainingTimeInMillis()
      : () => 55_000 - (Date.now() - started);
    const summary = await sendDueFollowUps({ ...deps, settings: senderSettings(deps.config) }, { remainingMs });
    if (summary.examined > 0 || escalationsNotified > 0) deps.log.info('sweep finished', { ...summary, escalationsNotified });
    return { ...summary, escalationsNotified };
  };

let deps: Promise<SenderHandlerDeps> | undefined;
export const awsSenderDeps = (): Promise<SenderHandlerDeps> => {
  deps ??= Promise.all([awsCoreDeps(), awsConfig()])
    .then(([core, config]) => ({ ...core, ...awsSenders(config, process.env) }))
    .catch((error: unknown) => {
      // Not kept: once the practice fills in the secret, the next invocation picks it up.
      deps = undefined;
      throw error;
    });
  return deps;
};

export const handler = createSenderHandler(awsSenderDeps);
