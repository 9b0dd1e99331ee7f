import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from './support/fakes.ts';
import { startTestStack } from './support/stack.ts';

// 10:00 in Los Angeles.
const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
const HOUR = 3_600_000;
const ics = (ms: number) => new Date(clock.now().getTime() + ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');

/** A feed as calendar tools export one: three events that ended (one of them weekly), one still to come. */
const feed = () =>
  [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Acme Booking//Calendar 1.0//EN',
    'BEGIN:VEVENT',
    'UID:maria-1@acme.example',
    `DTSTAMP:${ics(-48 * HOUR)}`,
    `DTSTART:${ics(-4 * HOUR)}`,
    `DTEND:${ics(-3 * HOUR)}`,
    'SUMMARY:Deep tissue 60 min',
    'ATTENDEE;CN=Maria Santos;ROLE=REQ-PARTICIPANT:mailto:maria.santos@example.com',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:weekly-sam@acme.example',
    `DTSTAMP:${ics(-48 * HOUR)}`,
    `DTSTART:${ics(-14 * 24 * HOUR - 27 * HOUR)}`,
    `DTEND:${ics(-14 * 24 * HOUR - 26 * HOUR)}`,
    'RRULE:FREQ=WEEKLY;COUNT=6',
    'SUMMARY:Sam Okafor - weekly',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:jordan-1@acme.example',
    `DTSTAMP:${ics(-48 * HOUR)}`,
    `DTSTART:${ics(-6 * HOUR)}`,
    `DTEND:${ics(-5 * HOUR)}`,
    'SUMMARY:Massage with Jordan Lee',
    'DESCRIPTION:Phone: (310) 555-0142\\nFirst visit',
    'END:VEVENT',
    'BEGIN:VEVENT',
    'UID:later-1@acme.example',
    `DTSTAMP:${ics(-48 * HOUR)}`,
    `DTSTART:${ics(2 * HOUR)}`,
    `DTEND:${ics(3 * HOUR)}`,
    'SUMMARY:Lee Park',
    'END:VEVENT',
    'END:VCALENDAR',
    '',
  ].join('\r\n');

let server: Server;
const requests: { ifNoneMatch?: string }[] = [];
let ctx: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  server = createServer((request, response) => {
    const ifNoneMatch = request.headers['if-none-match'];
    requests.push(ifNoneMatch ? { ifNoneMatch } : {});
    if (ifNoneMatch === '"v1"') {
      response.writeHead(304).end();
      return;
    }
    response.writeHead(200, { 'content-type': 'text/calendar; charset=utf-8', etag: '"v1"' }).end(feed());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  ctx = await startTestStack({ clock, env: { ICS_FEED_URL: `http://127.0.0.1:${port}/calendar.ics` } });
});

afterAll(async () => {
  await ctx?.stack.stop();
  await new Promise((resolve) => server?.close(resolve));
});

type Item = { id: string; prompt: string; name: string; phone?: string; email?: string; knownClient?: boolean; endsAt: string };
const toConfirm = async () => ((await (await ctx.call('GET', '/bookings/to-confirm')).json()) as { items: Item[] }).items;

describe('an ICS calendar feed', () => {
  it('shows three to-confirm items for three events that ended and none for the one to come; confirming one creates a session', async () => {
    // Jordan came before: the feed has his name and number, the earlier session his email.
    const earlier = await ctx.call('POST', '/sessions', {
      client: { name: 'Jordan Lee', phone: '+13105550142', email: 'jordan@example.com' },
      endedAt: new Date(clock.now().getTime() - 3 * 24 * HOUR).toISOString(),
      consent: { sms: true, email: true },
    });
    expect(earlier.status).toBe(201);

    await ctx.stack.sweep();

    const items = await toConfirm();
    expect(items.map((i) => i.prompt)).toEqual([
      'Sam O., 07:00–08:00 — send aftercare?',
      'Jordan L., 04:00–05:00 — send aftercare?',
      'Maria S., 06:00–07:00 — send aftercare?',
    ]);
    expect(items[1]).toMatchObject({ name: 'Jordan Lee', phone: '+13105550142', email: 'jordan@example.com', knownClient: true });
    expect(items[2]).toMatchObject({ name: 'Maria Santos', email: 'maria.santos@example.com' });

    const maria = items[2] as Item;
    // The calendar says nothing of consent: the therapist says what the client agreed to.
    const withoutConsent = await ctx.call('POST', `/bookings/to-confirm/${maria.id}/confirm`, {});
    expect(withoutConsent.status).toBe(400);
    expect(await withoutConsent.json()).toMatchObject({ problems: [{ field: 'consent' }] });

    const confirmed = await ctx.call('POST', `/bookings/to-confirm/${maria.id}/confirm`, { client: { phone: '(310) 555-0188' }, consent: { sms: true, email: true } });
    expect(confirmed.status).toBe(201);
    const session = (await confirmed.json()) as { id: string; source: string; endedAt: string; client: { name: string; phone: string; email: string }; followUps: unknown[] };
    expect(session).toMatchObject({ source: 'ics', endedAt: maria.endsAt, client: { name: 'Maria Santos', phone: '+13105550188', email: 'maria.santos@example.com' } });
    expect(session.followUps).toHaveLength(3);

    // A double tap answers with the same session; the item is no longer listed.
    const again = await ctx.call('POST', `/bookings/to-confirm/${maria.id}/confirm`, { consent: { sms: true, email: true } });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { id: string }).id).toBe(session.id);
    expect((await toConfirm()).map((i) => i.name)).toEqual(['Sam Okafor', 'Jordan Lee']);
  });

  it('dismisses an item, and reads the feed again only when its poll is due, conditionally', async () => {
    const [sam] = await toConfirm();
    const dismissed = await ctx.call('POST', `/bookings/to-confirm/${sam?.id}/dismiss`);
    expect(await dismissed.json()).toEqual({ dismissed: true });
    expect((await toConfirm()).map((i) => i.name)).toEqual(['Jordan Lee']);

    const before = requests.length;
    await ctx.stack.sweep();
    expect(requests.length).toBe(before);

    clock.advanceMinutes(6);
    try {
      await ctx.stack.sweep();
    } finally {
      clock.advanceMinutes(-6);
    }
    expect(requests.slice(before)).toEqual([{ ifNoneMatch: '"v1"' }]);
    // Read again, the dismissed and confirmed events are not offered again.
    expect((await toConfirm()).map((i) => i.name)).toEqual(['Jordan Lee']);
  });

  it('lists the feed among the sources with its last read, and answers an unknown item with a 404', async () => {
    const sources = ((await (await ctx.call('GET', '/bookings/sources')).json()) as { sources: { source: string; connected: boolean; lastEventKind?: string }[] }).sources;
    expect(sources.find((s) => s.source === 'ics')).toMatchObject({ connected: true, lastEventKind: 'feed read: unchanged' });
    expect((await ctx.call('POST', '/bookings/to-confirm/AAAAAAAAAAAAAAAAAAAAAA/confirm', {})).status).toBe(404);
    expect((await ctx.call('GET', '/bookings/to-confirm', undefined, { authorization: '' })).status).toBe(401);
  });
});
