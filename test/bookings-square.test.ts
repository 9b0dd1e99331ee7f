import { createHmac, randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import nock from 'nock';
import { WebhooksHelper } from 'square';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from './support/fakes.ts';
import { startTestStack } from './support/stack.ts';

const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
const SIGNATURE_KEY = 'sq0wss-test-signature-key-4Fz9';
const NOTIFICATION_URL = 'https://aftercare.example/webhooks/square';
const SANDBOX = 'https://connect.squareupsandbox.com';
const DEEP_TISSUE = 'GUN7HNQBH7ZRARYZN52E7O4B';
let ctx: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  ctx = await startTestStack({
    clock,
    env: {
      SQUARE_ACCESS_TOKEN: 'EAAAEtest-sandbox-access-token',
      SQUARE_WEBHOOK_SIGNATURE_KEY: SIGNATURE_KEY,
      SQUARE_NOTIFICATION_URL: NOTIFICATION_URL,
      SQUARE_ENVIRONMENT: 'sandbox',
      SQUARE_SERVICE_MODALITIES: JSON.stringify({ [DEEP_TISSUE]: 'deep tissue' }),
      SQUARE_CONSENT: JSON.stringify({ statement: 'Texts and emails about my appointment, agreed when booking on Square.', version: 'square-2026-11' }),
    },
  });
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
});

afterEach(() => {
  nock.cleanAll();
});

afterAll(async () => {
  nock.enableNetConnect();
  await ctx?.stack.stop();
});

const at = (minutesFromNow: number) => new Date(clock.now().getTime() + minutesFromNow * 60_000).toISOString().replace('.000Z', 'Z');

/** A booking as Square's Bookings API documents it (snake_case, as on the wire). */
const squareBooking = (id: string, status: string, startAt: string, customerId: string) => ({
  id,
  version: 1,
  status,
  created_at: '2026-11-20T17:02:11Z',
  updated_at: '2026-11-20T17:02:11Z',
  location_id: 'LEQHH0YY8B42M',
  customer_id: customerId,
  customer_note: '',
  seller_note: '',
  start_at: startAt,
  all_day: false,
  appointment_segments: [
    { duration_minutes: 60, service_variation_id: DEEP_TISSUE, team_member_id: 'TMXUrsBWWcHTt79t', service_variation_version: 1604352881014, intermission_minutes: 0, any_team_member: false },
  ],
  transition_time_minutes: 0,
  creator_details: { creator_type: 'CUSTOMER', customer_id: customerId },
  source: 'FIRST_PARTY_BUYER',
  location_type: 'BUSINESS_LOCATION',
});

const squareCustomer = (id: string, email: string, unsubscribed = false) => ({
  id,
  created_at: '2026-11-20T17:00:00.123Z',
  updated_at: '2026-11-20T17:00:00Z',
  given_name: 'Amelia',
  family_name: 'Earhart',
  email_address: email,
  phone_number: '+1-310-555-0199',
  preferences: { email_unsubscribed: unsubscribed },
  creation_source: 'APPOINTMENTS',
  segment_ids: [],
  version: 1,
});

/** A notification as Square sends it: `booking.created` / `booking.updated` with the booking under data.object. */
const notification = (type: string, booking: ReturnType<typeof squareBooking>) => ({
  merchant_id: '7WQ0KXC8ZSD90',
  location_id: booking.location_id,
  type,
  event_id: randomUUID(),
  created_at: clock.now().toISOString(),
  data: { type: 'booking', id: `${booking.id}:${booking.version}`, object: { booking } },
});

const sign = (body: string, key = SIGNATURE_KEY) => createHmac('sha256', key).update(NOTIFICATION_URL + body).digest('base64');

async function notify(event: unknown, key = SIGNATURE_KEY) {
  const body = JSON.stringify(event);
  const signature = sign(body, key);
  const response = await fetch(`${ctx.stack.url}/webhooks/square`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-square-hmacsha256-signature': signature },
    body,
  });
  return { response, json: (await response.json()) as Record<string, unknown>, body, signature };
}

/** Square's Retrieve booking and Retrieve customer, answered as the API documents them. */
function squareAnswers(booking: ReturnType<typeof squareBooking>, customer?: ReturnType<typeof squareCustomer>) {
  const scope = nock(SANDBOX, { reqheaders: { authorization: 'Bearer EAAAEtest-sandbox-access-token' } })
    .get(`/v2/bookings/${booking.id}`)
    .reply(200, { booking, errors: [] });
  if (customer) scope.get(`/v2/customers/${customer.id}`).reply(200, { customer });
  return scope;
}

type Listed = { id: string; client: { name: string; phone?: string; email?: string }; endedAt: string; source?: string; modality?: string };
const sessionsOf = async (email: string) =>
  ((await (await ctx.call('GET', '/sessions')).json()) as { sessions: Listed[] }).sessions.filter((s) => s.client.email === email);

async function afterMinutes(minutes: number, run: () => Promise<void>) {
  clock.advanceMinutes(minutes);
  try {
    await run();
  } finally {
    clock.advanceMinutes(-minutes);
  }
}

describe('POST /webhooks/square', () => {
  it('signs as Square does: the SDK\'s own WebhooksHelper accepts the signature the tests make', async () => {
    const body = JSON.stringify(notification('booking.created', squareBooking('sig', 'ACCEPTED', at(0), 'C')));
    expect(await WebhooksHelper.verifySignature({ requestBody: body, signatureHeader: sign(body), signatureKey: SIGNATURE_KEY, notificationUrl: NOTIFICATION_URL })).toBe(true);
  });

  it('creates a session at the end of an accepted 60-minute booking, with the customer\'s phone and email read through the SDK', async () => {
    const booking = squareBooking('bk-accepted-1', 'ACCEPTED', at(10), 'CUST-AMELIA-1');
    const { response, json } = await notify(notification('booking.created', booking));
    expect(response.status).toBe(200);
    expect(json).toEqual({ outcome: 'scheduled' });

    // Before its end nothing is read and nothing is created.
    await ctx.stack.sweep();
    expect(await sessionsOf('amelia@example.com')).toEqual([]);

    const square = squareAnswers(booking, squareCustomer('CUST-AMELIA-1', 'amelia@example.com'));
    await afterMinutes(71, async () => {
      await ctx.stack.sweep();
      expect(square.isDone()).toBe(true);
      const [session, ...others] = await sessionsOf('amelia@example.com');
      expect(others).toEqual([]);
      expect(session).toMatchObject({
        client: { name: 'Amelia Earhart', phone: '+13105550199', email: 'amelia@example.com' },
        endedAt: new Date(Date.parse(at(-1))).toISOString(),
        source: 'square',
        modality: 'deep tissue',
      });
      const view = (await (await ctx.call('GET', `/sessions/${session?.id}`)).json()) as { consent: Record<string, { granted: boolean; source: string; wordingVersion: string }> };
      expect(view.consent.sms).toMatchObject({ granted: true, source: 'booking-square', wordingVersion: 'square-2026-11' });
      expect(view.consent.email).toMatchObject({ granted: true });
      // Another sweep reads nothing more and enters nothing again.
      await ctx.stack.sweep();
      expect(await sessionsOf('amelia@example.com')).toHaveLength(1);
    });
  });

  it('takes the modality from the service\'s name, read from the catalog, when the mapping does not name the variation', async () => {
    const SWEDISH_60 = 'SWED60VARIATIONXYZ0001';
    const booking = { ...squareBooking('bk-swedish-1', 'ACCEPTED', at(10), 'CUST-SWEDE-1'), appointment_segments: [{ duration_minutes: 60, service_variation_id: SWEDISH_60, team_member_id: 'TMXUrsBWWcHTt79t', service_variation_version: 1, intermission_minutes: 0, any_team_member: false }] };
    await notify(notification('booking.created', booking));
    const square = squareAnswers(booking, squareCustomer('CUST-SWEDE-1', 'swede@example.com'));
    // Retrieve catalog object with its related objects, as Square's Catalog API documents it.
    const catalog = nock(SANDBOX)
      .get(`/v2/catalog/object/${SWEDISH_60}`)
      .query({ include_related_objects: 'true' })
      .reply(200, {
        object: { type: 'ITEM_VARIATION', id: SWEDISH_60, version: 1, is_deleted: false, present_at_all_locations: true, item_variation_data: { item_id: 'SWEDISHITEM0001', name: '60 min', pricing_type: 'FIXED_PRICING', service_duration: 3600000 } },
        related_objects: [{ type: 'ITEM', id: 'SWEDISHITEM0001', version: 1, is_deleted: false, present_at_all_locations: true, item_data: { name: 'Swedish Massage!', product_type: 'APPOINTMENTS_SERVICE' } }],
      });
    await afterMinutes(71, async () => {
      await ctx.stack.sweep();
      expect(square.isDone()).toBe(true);
      expect(catalog.isDone()).toBe(true);
      const [session] = await sessionsOf('swede@example.com');
      expect(session).toMatchObject({ source: 'square', modality: 'Swedish Massage' });
    });
  });

  it('creates nothing for a booking cancelled before its end', async () => {
    const booking = squareBooking('bk-cancelled-1', 'ACCEPTED', at(10), 'CUST-CANCEL');
    await notify(notification('booking.created', booking));
    const cancelled = await notify(notification('booking.updated', { ...booking, version: 2, status: 'CANCELLED_BY_CUSTOMER' }));
    expect(cancelled.json).toEqual({ outcome: 'cancelled' });
    const square = squareAnswers(booking, squareCustomer('CUST-CANCEL', 'cancelled@example.com'));
    await afterMinutes(71, async () => {
      await ctx.stack.sweep();
      expect(square.isDone()).toBe(false);
      expect(await sessionsOf('cancelled@example.com')).toEqual([]);
    });
  });

  it('creates nothing for a no-show, whether Square says so before the end or when the booking is read again at its end', async () => {
    const early = squareBooking('bk-noshow-early', 'ACCEPTED', at(10), 'CUST-NOSHOW');
    await notify(notification('booking.created', early));
    expect((await notify(notification('booking.updated', { ...early, version: 2, status: 'NO_SHOW' }))).json).toEqual({ outcome: 'cancelled' });

    const late = squareBooking('bk-noshow-late', 'ACCEPTED', at(10), 'CUST-NOSHOW');
    await notify(notification('booking.created', late));
    // Read again at its end, the booking says NO_SHOW: the customer is not even read.
    const reread = squareAnswers({ ...late, version: 2, status: 'NO_SHOW' }, squareCustomer('CUST-NOSHOW', 'noshow@example.com'));
    await afterMinutes(71, async () => {
      await ctx.stack.sweep();
      expect(reread.pendingMocks()).toEqual([`GET ${SANDBOX}:443/v2/customers/CUST-NOSHOW`]);
      expect(await sessionsOf('noshow@example.com')).toEqual([]);
    });
  });

  it('moves a rescheduled booking: nothing at the old end, the session at the new one', async () => {
    const booking = squareBooking('bk-moved-1', 'ACCEPTED', at(10), 'CUST-MOVED');
    await notify(notification('booking.created', booking));
    const moved = { ...booking, version: 2, start_at: at(130) };
    expect((await notify(notification('booking.updated', moved))).json).toEqual({ outcome: 'moved' });
    await afterMinutes(71, async () => {
      await ctx.stack.sweep();
      expect(await sessionsOf('moved@example.com')).toEqual([]);
    });
    const square = squareAnswers(moved, squareCustomer('CUST-MOVED', 'moved@example.com'));
    await afterMinutes(191, async () => {
      await ctx.stack.sweep();
      expect(square.isDone()).toBe(true);
      expect((await sessionsOf('moved@example.com')).map((s) => s.endedAt)).toEqual([new Date(Date.parse(at(-1))).toISOString()]);
    });
  });

  it('keeps no email consent for a customer who unsubscribed from the seller\'s emails', async () => {
    const booking = squareBooking('bk-unsub-1', 'ACCEPTED', at(-70), 'CUST-UNSUB');
    await notify(notification('booking.created', booking));
    const square = squareAnswers(booking, squareCustomer('CUST-UNSUB', 'unsub@example.com', true));
    await ctx.stack.sweep();
    expect(square.isDone()).toBe(true);
    const [session] = await sessionsOf('unsub@example.com');
    const view = (await (await ctx.call('GET', `/sessions/${session?.id}`)).json()) as { consent: Record<string, { granted: boolean }> };
    expect([view.consent.sms?.granted, view.consent.email?.granted]).toEqual([true, false]);
  });

  it('changes nothing for a forged signature, and nothing for the same event_id again', async () => {
    const booking = squareBooking('bk-forged-1', 'ACCEPTED', at(-70), 'CUST-FORGED');
    const forged = await notify(notification('booking.created', booking), 'not-the-signature-key');
    expect(forged.response.status).toBe(401);
    expect(forged.json.message).toMatch(/Square signature does not match/);
    const scan = JSON.stringify((await ctx.stack.table.doc.send(new ScanCommand({ TableName: ctx.stack.config.tableName }))).Items);
    expect(scan).not.toContain('bk-forged-1');

    const event = notification('booking.created', squareBooking('bk-replayed-1', 'ACCEPTED', at(30), 'CUST-R'));
    expect((await notify(event)).json).toEqual({ outcome: 'scheduled' });
    expect((await notify(event)).json).toEqual({ outcome: 'duplicate' });
  });
});
