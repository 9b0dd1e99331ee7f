/**
 * Square Appointments in our terms. Square has no "completed" status: an ACCEPTED booking is over at `start_at` plus
 * the sum of its segments' `duration_minutes`, and that is when its session is entered; a cancelled, declined or
 * no-show booking never becomes one.
 */

/** The part of a Square booking these rules read (the SDK's camelCase names). */
export interface SquareBookingFacts {
  id: string;
  status?: string;
  startAt?: string | null;
  customerId?: string | null;
  appointmentSegments?: { durationMinutes?: number | null; serviceVariationId?: string | null }[] | null;
}

/** The part of a Square customer these rules read. */
export interface SquareCustomerFacts {
  givenName?: string | null;
  familyName?: string | null;
  nickname?: string | null;
  companyName?: string | null;
  emailAddress?: string | null;
  phoneNumber?: string | null;
  preferences?: { emailUnsubscribed?: boolean | null } | null;
}

const DROPPED: Record<string, 'cancelled' | 'declined' | 'no-show'> = {
  CANCELLED_BY_CUSTOMER: 'cancelled',
  CANCELLED_BY_SELLER: 'cancelled',
  DECLINED: 'declined',
  NO_SHOW: 'no-show',
};

export type SquareDecision =
  | { kind: 'schedule'; endsAt: string; startsAt: string }
  | { kind: 'drop'; reason: 'cancelled' | 'declined' | 'no-show' }
  /** PENDING (the seller has not accepted it yet), or a booking without a start: nothing to schedule yet. */
  | { kind: 'wait' };

/** When an appointment ends: its start plus every segment's duration; undefined without a start time. */
export function squareBookingEnd(booking: SquareBookingFacts): string | undefined {
  if (!booking.startAt) return undefined;
  const start = Date.parse(booking.startAt);
  if (Number.isNaN(start)) return undefined;
  const minutes = (booking.appointmentSegments ?? []).reduce((sum, segment) => sum + Math.max(0, segment.durationMinutes ?? 0), 0);
  return new Date(start + minutes * 60_000).toISOString();
}

/** What a booking's current state asks of us. */
export function squareDecision(booking: SquareBookingFacts): SquareDecision {
  const dropped = DROPPED[booking.status ?? ''];
  if (dropped) return { kind: 'drop', reason: dropped };
  const endsAt = squareBookingEnd(booking);
  if (booking.status !== 'ACCEPTED' || !endsAt || !booking.startAt) return { kind: 'wait' };
  return { kind: 'schedule', endsAt, startsAt: new Date(booking.startAt).toISOString() };
}

/**
 * The modality of a booking: its first segment's service variation mapped by the practice's settings (by variation
 * id, or by the service's name), else the service's name itself as a modality can be written ("Deep Tissue
 * Massage"; templates fall back to the default for a modality they do not know).
 */
export function squareModality(
  booking: SquareBookingFacts,
  modalities: Readonly<Record<string, string>>,
  serviceName?: string,
): string | undefined {
  for (const segment of booking.appointmentSegments ?? []) {
    const mapped = segment.serviceVariationId ? modalities[segment.serviceVariationId] : undefined;
    if (mapped) return mapped;
  }
  if (!serviceName) return undefined;
  const byName = Object.entries(modalities).find(([key]) => key.trim().toLowerCase() === serviceName.trim().toLowerCase())?.[1];
  if (byName) return byName;
  const written = serviceName.replace(/[^\p{L}\p{N} '&/-]+/gu, ' ').replace(/\s+/g, ' ').trim().slice(0, 40).trim();
  return written || undefined;
}

/** The first service variation a booking names, whose service name may give the modality. */
export const firstServiceVariation = (booking: SquareBookingFacts): string | undefined =>
  booking.appointmentSegments?.find((segment) => segment.serviceVariationId)?.serviceVariationId ?? undefined;

/** The customer's name as people write it; Square may hold only a nickname or a company. */
export function squareCustomerName(customer: SquareCustomerFacts): string {
  const full = [customer.givenName, customer.familyName].map((part) => part?.trim()).filter(Boolean).join(' ');
  return full || customer.nickname?.trim() || customer.companyName?.trim() || 'Square client';
}

/**
 * The body of POST /sessions for a booking that ended. Consent: Square keeps no per-customer SMS opt-in, so the
 * practice's configured statement (the client agreed when booking) is what consents to texts, when the customer has a
 * phone; emails need that statement too, and the customer must not have unsubscribed from the seller's emails
 * (`preferences.email_unsubscribed`).
 */
export function squareSessionBody(
  booking: SquareBookingFacts,
  customer: SquareCustomerFacts,
  endedAt: string,
  modalities: Readonly<Record<string, string>>,
  serviceName?: string,
) {
  const phone = customer.phoneNumber?.trim() || undefined;
  const email = customer.emailAddress?.trim() || undefined;
  const modality = squareModality(booking, modalities, serviceName);
  return {
    client: { name: squareCustomerName(customer), ...(phone ? { phone } : {}), ...(email ? { email } : {}) },
    endedAt,
    ...(modality ? { modality } : {}),
    consent: { sms: Boolean(phone), email: Boolean(email) && customer.preferences?.emailUnsubscribed !== true },
  };
}
