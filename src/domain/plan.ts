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
 * A step whose next step is due within STALE_MARGIN_HOURS is stale (a session entered two days late sends only the
 * 48 h one); `staleAt` tells the sender when a waiting step becomes stale.
 */
export function planFollowUps(input: PlanInput): FollowUp[] {
  const { sessionId, endedAt, now, client, modality, channels, sendingHours } = input;
  const dueTimes = STEPS.map(({ offsetHours }) => new Date(endedAt.getTime() + offsetHours * 3_600_000));
  return STEPS.map(({ step }, index) => {
    const dueAt = dueTimes[index] as Date;
    const next = dueTimes[index + 1];
    const staleAt = next && new Date(next.getTime() - STALE_MARGIN_HOURS * 3_600_000);
    const stale = staleAt !== undefined && staleAt.getTime() <= now.getTime();
    const channelState: Partial<Record<Channel, ChannelDelivery>> = {};
    for (const channel of channels) channelState[channel] = { status: stale ? 'skipped' : 'pending' };
    return {
      sessionId,
      step,
      dueAt: dueAt.toISOString(),
      sendAt: nextSendableInstant(dueAt, client.timezone, sendingHours).toISOString(),
      ...(staleAt ? { staleAt: staleAt.toISOString() } : {}),
      status: stale ? 'skipped' : 'pending',
      ...(stale ? { reason: `stale: the next follow-up was due within ${STALE_MARGIN_HOURS} h when the session was entered` } : {}),
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
