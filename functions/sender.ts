import type { Context, ScheduledEvent } from 'aws-lambda';
import { awsSenderDeps, type SenderHandlerDeps } from '#app/aws-senders';
import { digestSettings, notifySettings, senderSettings } from '#app/deps';
import { notifyDueEscalations } from '#use-cases/escalations';
import { notifyDueReplies } from '#use-cases/inbox';
import { sendDueFollowUps, type SweepSummary } from '#use-cases/send-due-follow-ups';

/**
 * Runs every minute (EventBridge): first escalation notifications that are due (retries and re-notifications of
 * unacknowledged ones, which matter most), then the digest of client messages waiting for an answer (if one is due),
 * then the follow-ups due within the invocation's time budget.
 */
export const createSenderHandler =
  (getDeps: () => Promise<SenderHandlerDeps>) =>
  async (
    _event: ScheduledEvent | Record<string, unknown>,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<SweepSummary & { escalationsNotified: number; replyDigest: string }> => {
    const deps = await getDeps();
    const escalationsNotified = await notifyDueEscalations({ ...deps, settings: notifySettings(deps.config) });
    // A failing digest must not stop the follow-ups: it is tried again at the next sweep.
    const replyDigest = await notifyDueReplies({ ...deps, settings: digestSettings(deps.config) }).catch((error: unknown) => {
      deps.log.error('reply digest failed', { error: (error as Error).name });
      return 'failed';
    });
    const started = Date.now();
    const remainingMs = context?.getRemainingTimeInMillis
      ? () => context.getRemainingTimeInMillis()
      : () => 55_000 - (Date.now() - started);
    const summary = await sendDueFollowUps({ ...deps, settings: senderSettings(deps.config) }, { remainingMs });
    if (summary.examined > 0 || escalationsNotified > 0 || replyDigest === 'sent') deps.log.info('sweep finished', { ...summary, escalationsNotified, replyDigest });
    return { ...summary, escalationsNotified, replyDigest };
  };

export const handler = createSenderHandler(awsSenderDeps);
