import type { Context, ScheduledEvent } from 'aws-lambda';
import { awsSenderDeps, type SenderHandlerDeps } from '#app/aws-senders';
import { notifySettings, senderSettings } from '#app/deps';
import { notifyDueEscalations } from '#use-cases/escalations';
import { sendDueFollowUps, type SweepSummary } from '#use-cases/send-due-follow-ups';

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

export const handler = createSenderHandler(awsSenderDeps);
