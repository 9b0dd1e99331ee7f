import { nextSendableInstant, type SendingHours } from '#domain/quiet-hours';
import type { Channel, ChannelDelivery, Client, FollowUp, Step } from '#domain/model';

export const STEPS: readonly { step: Step; offsetHours: number }[] = [
  { step: '2h', offsetHours: 2 },
  { step: '24h', offsetHours: 24 },
  { step: '48h', offsetHours: 48 },
];

/**
 * A step is stale, and skipped, once the next step is less than this far away: a session entered a day late
 * should not get the 2 h and 24 h texts an hour apart. (At 0 it would be "once the next step is due".)
 */
export const STALE_MARGIN_HOURS = 6;

/** The machine code kept beside a stale step's reason (`reasonCode`); the reason itself is a sentence for people. */
export const STALE_REASON_CODE = 'stale';

/**
 * Whether a step is stale at `now`: only once its next step is due in less than STALE_MARGIN_HOURS, so a step
 * whose next one is due exactly 6 h from now is still sent (stale strictly after `staleAt`). The last step never is.
 */
export const isStale = (staleAt: string | undefined, now: Date): boolean =>
  staleAt !== undefined && Date.parse(staleAt) < now.getTime();

/**
 * Why a stale step was not sent, in words for the therapist: `entered`, the session was entered too late for it;
 * `waited`, it waited (quiet hours, a sender that was down) until its next step was nearly due.
 */
export function staleReason(step: Step, why: 'entered' | 'waited'): string {
  const next = STEPS[STEPS.findIndex((s) => s.step === step) + 1];
  const message = next ? `the ${next.offsetHours}-hour message` : 'the next message';
  return why === 'entered'
    ? `Not sent: the session was entered too late for this one — ${message} goes out instead`
    : `Not sent: by the time it could go out, ${message} was due within ${STALE_MARGIN_HOURS} hours, so that one goes out instead`;
}

export interface PlanInput {
  sessionId: string;
  endedAt: Date;
  now: Date;
  client: Client;
  modality?: string;
  channels: Channel[];
  sendingHours: SendingHours;
}

/**
 * Plans the three follow-ups of a session.
 * Each is due at endedAt + its offset and sent at the first instant inside the client's sending hours.
 * A step whose next step is due in less than STALE_MARGIN_HOURS is stale (a session entered two days late sends only
 * the 48 h one); `staleAt` tells the sender when a waiting step becomes stale.
 */
export function planFollowUps(input: PlanInput): FollowUp[] {
  const { sessionId, endedAt, now, client, modality, channels, sendingHours } = input;
  const dueTimes = STEPS.map(({ offsetHours }) => new Date(endedAt.getTime() + offsetHours * 3_600_000));
  return STEPS.map(({ step }, index) => {
    const dueAt = dueTimes[index] as Date;
    const next = dueTimes[index + 1];
    const staleAt = next && new Date(next.getTime() - STALE_MARGIN_HOURS * 3_600_000);
    const stale = isStale(staleAt?.toISOString(), now);
    const channelState: Partial<Record<Channel, ChannelDelivery>> = {};
    for (const channel of channels) channelState[channel] = { status: stale ? 'skipped' : 'pending' };
    return {
      sessionId,
      step,
      dueAt: dueAt.toISOString(),
      sendAt: nextSendableInstant(dueAt, client.timezone, sendingHours).toISOString(),
      ...(staleAt ? { staleAt: staleAt.toISOString() } : {}),
      status: stale ? 'skipped' : 'pending',
      ...(stale ? { reason: staleReason(step, 'entered'), reasonCode: STALE_REASON_CODE } : {}),
      channels: channelState,
      attempts: 0,
      updatedAt: now.toISOString(),
      client,
      ...(modality ? { modality } : {}),
    } satisfies FollowUp;
  });
}

/** Retry delay after a transient provider failure: 1, 2, 4, 8, 16 minutes, then capped at 30. */
export const retryBackoffMinutes = (attempts: number): number => Math.min(30, 2 ** Math.max(0, attempts - 1));

export const MAX_SEND_ATTEMPTS = 6;
