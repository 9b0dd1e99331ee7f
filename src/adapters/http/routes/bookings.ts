import { randomUUID } from 'node:crypto';
import * as z from 'zod';
import { bookingDeps, bookingsWebhookSecret, connectedSources, squareNotificationUrl, squareWebhookSettings } from '#app/bookings';
import type { CoreDeps } from '#app/deps';
import { NotFoundError, ValidationError, parseOrThrow } from '#domain/errors';
import type { BookingSourceId } from '#domain/model';
import {
  confirmToConfirm,
  dismissToConfirm,
  listToConfirm,
  pollCalendar,
  receiveBookingWebhook,
  receiveSquareEvent,
  sourcesView,
} from '#use-cases/bookings';
import { signSquare, signStandardWebhook, verifySquareRequest, verifyStandardWebhook } from '../../booking-webhooks.ts';
import { json, jsonBody, type HttpEvent, type HttpResult } from '../../http.ts';
import { requireTherapist } from '../guard.ts';
import type { Route } from '../router.ts';

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError([{ field: 'body', message: 'is not valid JSON' }]);
  }
};

/** A Square notification, as Square documents it (snake_case); only what is read is checked. */
const squareNotification = z.looseObject({
  event_id: z.string().min(1).max(200),
  type: z.string().min(1).max(100),
  data: z
    .looseObject({
      object: z
        .looseObject({
          booking: z
            .looseObject({
              id: z.string().min(1).max(200),
              status: z.string().max(40).optional(),
              start_at: z.string().max(40).nullish(),
              customer_id: z.string().max(200).nullish(),
              appointment_segments: z
                .array(z.looseObject({ duration_minutes: z.number().int().min(0).max(24 * 60).nullish(), service_variation_id: z.string().max(200).nullish() }))
                .max(50)
                .nullish(),
            })
            .optional(),
        })
        .optional(),
    })
    .optional(),
});

async function squareWebhook(deps: CoreDeps, event: HttpEvent): Promise<HttpResult> {
  const body = verifySquareRequest(event, squareWebhookSettings(deps.config));
  const notification = parseOrThrow(squareNotification, parseJson(body));
  const booking = notification.data?.object?.booking;
  const result = await receiveSquareEvent(bookingDeps(deps), {
    eventId: notification.event_id,
    type: notification.type,
    ...(booking
      ? {
          booking: {
            id: booking.id,
            ...(booking.status ? { status: booking.status } : {}),
            startAt: booking.start_at ?? null,
            customerId: booking.customer_id ?? null,
            appointmentSegments: (booking.appointment_segments ?? []).map((s) => ({ durationMinutes: s.duration_minutes ?? null, serviceVariationId: s.service_variation_id ?? null })),
          },
        }
      : {}),
  });
  return json(200, result);
}

async function standardWebhook(deps: CoreDeps, event: HttpEvent): Promise<HttpResult> {
  const { webhookId, body } = verifyStandardWebhook(event, bookingsWebhookSecret(deps.config), deps.clock.now());
  const result = await receiveBookingWebhook(bookingDeps(deps), { webhookId, body: parseJson(body) });
  const { session: _session, ...answer } = result as typeof result & { session?: unknown };
  return json(result.outcome === 'entered' ? 201 : 200, answer);
}

const SOURCE = '([A-Za-z0-9_-]{1,64})';
const ITEM_ID = '([A-Za-z0-9_-]{1,64})';
const SOURCES: readonly string[] = ['square', 'webhook', 'ics'] satisfies BookingSourceId[];

/**
 * The test event of a source, through the same path as a real one: a signed request made with the configured
 * secret and handed to the webhook's own handler (it records "test event" and creates nothing); for the ICS feed, a
 * read of the feed now.
 */
async function sendTestEvent(deps: CoreDeps, source: BookingSourceId, event: HttpEvent): Promise<HttpResult> {
  const at = deps.clock.now();
  const signed = (path: string, headers: Record<string, string>, body: string): HttpEvent => ({
    ...event,
    rawPath: path,
    headers: { 'content-type': 'application/json', ...headers },
    body,
    isBase64Encoded: false,
  });
  if (source === 'webhook') {
    const body = JSON.stringify({ type: 'test' });
    const id = `msg_test_${randomUUID()}`;
    return standardWebhook(deps, signed('/webhooks/bookings', signStandardWebhook(bookingsWebhookSecret(deps.config), id, at, body), body));
  }
  if (source === 'square') {
    const settings = squareWebhookSettings(deps.config);
    const body = JSON.stringify({ merchant_id: 'TEST', type: 'test.notification', event_id: randomUUID(), created_at: at.toISOString(), data: { type: 'test' } });
    return squareWebhook(deps, signed('/webhooks/square', { 'x-square-hmacsha256-signature': signSquare(settings.signatureKey, squareNotificationUrl(deps.config), body) }, body));
  }
  const polled = await pollCalendar(bookingDeps(deps), { force: true });
  if (!polled) throw new NotFoundError('No calendar feed is configured (icsFeedUrl)');
  return json(200, { outcome: 'polled' });
}

/** The booking sources: their webhooks (signed by the source), and the therapist's to-confirm list and settings (Bearer). */
export const bookingRoutes: Route<CoreDeps>[] = [
  { method: 'POST', path: /^\/webhooks\/square$/, handle: squareWebhook },
  { method: 'POST', path: /^\/webhooks\/bookings$/, handle: standardWebhook },
  {
    method: 'GET',
    path: /^\/bookings\/to-confirm$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      return json(200, { items: await listToConfirm(bookingDeps(deps)) });
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/bookings/to-confirm/${ITEM_ID}/confirm$`),
    handle: async (deps, event, [id]) => {
      await requireTherapist(deps, event);
      const body = event.body ? jsonBody(event) : {};
      const result = await confirmToConfirm(bookingDeps(deps), id as string, body);
      return json(result.created ? 201 : 200, result.session, { location: `/sessions/${result.session.id}` });
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/bookings/to-confirm/${ITEM_ID}/dismiss$`),
    handle: async (deps, event, [id]) => {
      await requireTherapist(deps, event);
      return json(200, await dismissToConfirm(bookingDeps(deps), id as string));
    },
  },
  {
    method: 'GET',
    path: /^\/bookings\/sources$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      return json(200, { sources: await sourcesView(bookingDeps(deps), connectedSources(deps.config)) });
    },
  },
  {
    method: 'POST',
    path: new RegExp(`^/bookings/sources/${SOURCE}/test$`),
    handle: async (deps, event, [source]) => {
      await requireTherapist(deps, event);
      if (!SOURCES.includes(source as string)) throw new NotFoundError(`No booking source "${source}": it is square, webhook or ics`);
      return sendTestEvent(deps, source as BookingSourceId, event);
    },
  },
];
