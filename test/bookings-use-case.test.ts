import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createCoreDeps } from '#app/deps';
import { parseConfig } from '#config';
import { createApiHandler } from '#functions/api';
import { memoryStores } from '#adapters/memory/stores';
import { parseSendingHours } from '#domain/quiet-hours';
import type { SquareApi } from '#ports/booking-sources';
import { confirmToConfirm, listToConfirm, processDueBookings, receiveBookingWebhook, receiveSquareEvent, sourcesView, type BookingDeps } from '#use-cases/bookings';
import { CapturingLog, FakeClock, FakeEmail, FakeSms } from './support/fakes.ts';

const NOW = new Date('2026-11-27T18:00:00Z');

function deps(options: { consent?: boolean; square?: SquareApi } = {}) {
  const stores = memoryStores();
  const clock = new FakeClock(NOW);
  const consent = options.consent ? { statement: 'agreed when booking', version: 'v-booking' } : undefined;
  const log = new CapturingLog();
  const d: BookingDeps = {
    ...stores,
    clock,
    log,
    settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: '2026-11-v1', defaultLanguage: 'en' },
    bookingSettings: {
      ...(consent ? { bookingsConsent: consent, squareConsent: consent } : {}),
      squareServiceModalities: {},
      icsPollMinutes: 5,
      timezone: 'America/Los_Angeles',
    },
    ...(options.square ? { square: options.square } : {}),
  };
  return { d, stores, clock, log };
}

const body = (externalId: string) => ({
  externalId,
  client: { name: 'Maria Santos', phone: '(310) 555-0177', email: 'maria@example.com' },
  startsAt: '2026-11-27T15:00:00Z',
  endsAt: '2026-11-27T16:00:00Z',
  consent: { sms: true, email: true },
});

describe('bookings from a source without a consent statement', () => {
  it('creates a to-confirm item, not a session, for a signed webhook booking', async () => {
    const { d, stores } = deps();
    const result = await receiveBookingWebhook(d, { webhookId: 'msg_1', body: body('z-1') });
    expect(result.outcome).toBe('to-confirm');
    expect(await stores.sessions.list(new Date(0), NOW, 10)).toEqual([]);
    const [item, ...rest] = await listToConfirm(d);
    expect(rest).toEqual([]);
    expect(item).toMatchObject({ name: 'Maria Santos', phone: '(310) 555-0177', email: 'maria@example.com', prompt: 'Maria S., 07:00–08:00 — send aftercare?' });
    expect((await sourcesView(d, { square: false, webhook: true, ics: false })).find((s) => s.source === 'webhook')).toMatchObject({ createsSessions: false, lastEventKind: 'booking received' });
  });

  it('cancels the session confirmed from such a booking when the tool later cancels it', async () => {
    const { d, stores } = deps();
    await receiveBookingWebhook(d, { webhookId: 'msg_1', body: body('z-2') });
    const [item] = await listToConfirm(d);
    const { session } = await confirmToConfirm(d, item?.id as string, { consent: { sms: true, email: false } });
    expect(session).toMatchObject({ source: 'webhook', consent: { sms: { granted: true, source: 'therapist-intake' }, email: { granted: false } } });
    expect(await receiveBookingWebhook(d, { webhookId: 'msg_2', body: { externalId: 'z-2', status: 'cancelled' } })).toEqual({ outcome: 'cancelled', sessionId: session.id });
    expect((await stores.sessions.get(session.id))?.status).toBe('cancelled');
  });

  it('offers a Square booking at its end, after reading it again, instead of entering it', async () => {
    const square: SquareApi = {
      booking: async (id) => ({ id, status: 'ACCEPTED', startAt: '2026-11-27T16:00:00Z', customerId: 'C1', appointmentSegments: [{ durationMinutes: 60 }] }),
      customer: async () => ({ givenName: 'Amelia', familyName: 'Earhart', phoneNumber: '+13105550199' }),
      serviceName: async () => undefined,
    };
    const { d, stores } = deps({ square });
    await receiveSquareEvent(d, { eventId: 'e1', type: 'booking.created', booking: { id: 'B1', status: 'ACCEPTED', startAt: '2026-11-27T16:00:00Z', appointmentSegments: [{ durationMinutes: 60 }] } });
    await processDueBookings(d);
    expect(await stores.sessions.list(new Date(0), NOW, 10)).toEqual([]);
    expect((await listToConfirm(d)).map((i) => [i.source, i.name, i.phone])).toEqual([['square', 'Amelia Earhart', '+13105550199']]);
  });
});

describe('a Square read that fails at the booking\'s end', () => {
  it('is tried again later, shows the error on the settings view, and enters the session once Square answers', async () => {
    let down = true;
    const square: SquareApi = {
      booking: async (id) => {
        if (down) throw new TypeError('fetch failed');
        return { id, status: 'ACCEPTED', startAt: '2026-11-27T16:00:00Z', customerId: 'C1', appointmentSegments: [{ durationMinutes: 60 }] };
      },
      customer: async () => ({ givenName: 'Amelia', familyName: 'Earhart', phoneNumber: '+13105550199', emailAddress: 'amelia@example.com' }),
      serviceName: async () => undefined,
    };
    const { d, stores, clock, log } = deps({ consent: true, square });
    await receiveSquareEvent(d, { eventId: 'e1', type: 'booking.created', booking: { id: 'B1', status: 'ACCEPTED', startAt: '2026-11-27T16:00:00Z', appointmentSegments: [{ durationMinutes: 60 }] } });
    expect(await processDueBookings(d)).toMatchObject({ entered: 0 });
    expect((await sourcesView(d, { square: true, webhook: false, ics: false }))[0]).toMatchObject({ lastError: 'TypeError: the source could not be read' });
    // Not again before its retry time; then entered.
    down = false;
    clock.advanceMinutes(0.5);
    expect(await processDueBookings(d)).toMatchObject({ entered: 0 });
    clock.advanceMinutes(1);
    expect(await processDueBookings(d)).toMatchObject({ entered: 1 });
    expect((await stores.sessions.list(new Date(0), clock.now(), 10)).map((s) => [s.source, s.client.email])).toEqual([['square', 'amelia@example.com']]);
    expect(log.lines.join("\n")).not.toMatch(/Amelia|amelia@|555-?0199/);
  });
});

describe('the booking webhooks of a deployment where no source is connected yet', () => {
  it('answer 404 in plain words, not 500, and change nothing', async () => {
    const practice = JSON.parse(readFileSync('aftercare.config.json', 'utf8')) as Record<string, unknown>;
    const config = parseConfig({ ...practice, publicBaseUrl: 'https://aftercare.example', apiToken: 'bookings-test-token-0123456789' });
    const stores = memoryStores();
    const api = createApiHandler(async () => ({ ...createCoreDeps(config, stores, { clock: new FakeClock(NOW), log: new CapturingLog() }), sms: new FakeSms(), email: new FakeEmail() }));
    for (const path of ['/webhooks/square', '/webhooks/bookings']) {
      const result = await api({
        version: '2.0', routeKey: `POST ${path}`, rawPath: path, rawQueryString: '', isBase64Encoded: false, body: '{}',
        headers: { 'x-square-hmacsha256-signature': 'x', 'webhook-id': 'msg_1', 'webhook-timestamp': String(NOW.getTime() / 1000), 'webhook-signature': 'v1,x' },
        requestContext: { http: { method: 'POST', path } } as never,
      });
      expect(result.statusCode, path).toBe(404);
      expect(JSON.parse(String(result.body)).message).toMatch(/not (connected|set up)/);
    }
    expect(await stores.bookings.sources()).toEqual([]);
  });
});
