import type { Context, ScheduledEvent } from 'aws-lambda';
import { awsSenderDeps, type SenderHandlerDeps } from '#app/aws-senders';
import { bookingDeps } from '#app/bookings';
import { digestSettings, notifySettings, senderSettings } from '#app/deps';
import { processDueBookings } from '#use-cases/bookings';
import { notifyDueEscalations } from '#use-cases/escalations';
import { notifyDueReplies } from '#use-cases/inbox';
import { sendDueFollowUps, type SweepSummary } from '#use-cases/send-due-follow-ups';

/**
 * Runs every minute (EventBridge): first escalation notifications that are due (retries and re-notifications of
 * unacknowledged ones, which matter most), then the digest of client messages waiting for an answer (if one is due),
 * then bookings whose end has passed (entered as sessions) and the calendar feed's poll, then the follow-ups due
 * within the invocation's time budget.
 */
export const createSenderHandler =
  (getDeps: () => Promise<SenderHandlerDeps>) =>
  async (
    _event: ScheduledEvent | Record<string, unknown>,
    context?: Pick<Context, 'getRemainingTimeInMillis'>,
  ): Promise<SweepSummary & { escalationsNotified: number; replyDigest: string; bookingsEntered: number }> => {
    const deps = await getDeps();
    const escalationsNotified = await notifyDueEscalations({ ...deps, settings: notifySettings(deps.config) });
    // A failing digest must not stop the follow-ups: it is tried again at the next sweep.
    const replyDigest = await notifyDueReplies({ ...deps, settings: digestSettings(deps.config) }).catch((error: unknown) => {
      deps.log.error('reply digest failed', { error: (error as Error).name });
      return 'failed';
    });
    // Bookings whose end has passed become sessions now, so their 2 h follow-up can go in this same sweep.
    const bookings = await processDueBookings(bookingDeps(deps)).catch((error: unknown) => {
      deps.log.error('bookings step failed', { error: (error as Error).name });
      return { entered: 0, polled: false };
    });
    const started = Date.now();
    const remainingMs = context?.getRemainingTimeInMillis
      ? () => context.getRemainingTimeInMillis()
      : () => 55_000 - (Date.now() - started);
    const summary = await sendDueFollowUps({ ...deps, settings: senderSettings(deps.config) }, { remainingMs });
    const bookingsEntered = bookings.entered;
    if (summary.examined > 0 || escalationsNotified > 0 || replyDigest === 'sent' || bookingsEntered > 0) {
      deps.log.info('sweep finished', { ...summary, escalationsNotified, replyDigest, bookingsEntered });
    }
    return { ...summary, escalationsNotified, replyDigest, bookingsEntered };
  };

export const handler = createSenderHandler(awsSenderDeps);
