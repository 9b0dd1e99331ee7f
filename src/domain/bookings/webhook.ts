import * as z from 'zod';
import { ValidationError, problemsOf } from '#domain/errors';

/**
 * The signed webhook's body (POST /webhooks/bookings): the same JSON as POST /sessions, plus `externalId` (the booking
 * in the sending tool, so a retry, an update or a cancellation finds what the first one made), optional
 * `startsAt`/`endsAt` and `status`. `endsAt` stands for `endedAt` when that is absent.
 */
const envelope = z.looseObject({
  externalId: z
    .string('is required: the booking\'s id in the tool that sends it')
    .trim()
    .min(1, 'is required: the booking\'s id in the tool that sends it')
    .max(200, 'must be at most 200 characters'),
  status: z.enum(['booked', 'confirmed', 'completed', 'cancelled'], 'must be booked, confirmed, completed or cancelled').default('booked'),
  startsAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-27T14:30:00Z' }).optional(),
  endsAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone, e.g. 2026-11-27T15:30:00Z' }).optional(),
});

export interface BookingEvent {
  externalId: string;
  cancelled: boolean;
  startsAt?: string;
  /** When the session ends (endsAt, else endedAt); absent: now. */
  endsAt?: string;
  /** The POST /sessions body, `endedAt` included when known. */
  sessionBody: Record<string, unknown>;
}

/** Splits the webhook body into the booking's identity and timing, and the session body intake validates. */
export function parseBookingEvent(body: unknown): BookingEvent {
  const parsed = envelope.safeParse(body);
  if (!parsed.success) throw new ValidationError(problemsOf(parsed.error));
  const { externalId, status, startsAt, endsAt, ...sessionBody } = parsed.data;
  const endedAt = typeof sessionBody.endedAt === 'string' ? sessionBody.endedAt : endsAt;
  const ends = endedAt && !Number.isNaN(Date.parse(endedAt)) ? new Date(endedAt).toISOString() : undefined;
  return {
    externalId,
    cancelled: status === 'cancelled',
    ...(startsAt ? { startsAt: new Date(startsAt).toISOString() } : {}),
    ...(ends ? { endsAt: ends } : {}),
    sessionBody: { ...sessionBody, ...(endedAt ? { endedAt } : {}) },
  };
}
