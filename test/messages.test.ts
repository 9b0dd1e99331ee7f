import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { parseSendingHours } from '#domain/quiet-hours';
import { sessionDay } from '#domain/session-day';
import type { Stores } from '#ports/stores';
import { enterSession, type SessionDeps } from '#use-cases/sessions';
import { sendDueFollowUps, type SenderDeps } from '#use-cases/send-due-follow-ups';
import { CapturingLog, FakeClock, FakeEmail, FakeSms, testSenderSettings } from './support/fakes.ts';

const templates = loadTemplatesFromDir(defaultTemplatesDir());
const sendingHours = parseSendingHours('09:00-20:00');
const HOUR = 3_600_000;

let stores: Stores;
let clock: FakeClock;

const sessionDeps = (): SessionDeps => ({
  ...stores,
  clock,
  log: new CapturingLog(),
  settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours, consentWordingVersion: 'v1', defaultLanguage: 'en' },
});

const senderDeps = (sms: FakeSms, email: FakeEmail): SenderDeps => ({
  ...stores, sms, email, templates, clock, log: new CapturingLog(), settings: testSenderSettings(),
});

async function enter(endedAt: Date, overrides: Record<string, unknown> = {}) {
  const { session } = await enterSession(sessionDeps(), {
    client: { name: 'Jordan Lee', phone: '(310) 555-0142', email: 'jordan@example.com', timezone: 'America/Los_Angeles' },
    endedAt: endedAt.toISOString(),
    consent: { sms: true, email: true },
    ...overrides,
  });
  return session;
}

/** Runs the sender every 10 minutes from now until `until`, as the scheduled sweep does. */
async function sweepUntil(deps: SenderDeps, until: Date) {
  while (clock.now() < until) {
    await sendDueFollowUps(deps, { remainingMs: () => 60_000 });
    clock.advanceMinutes(10);
  }
}

beforeEach(() => {
  stores = memoryStores();
});

describe('sessionDay', () => {
  const LA = 'America/Los_Angeles';
  it('says today, yesterday, the weekday, then the date, by calendar days in the client zone', () => {
    const ended = new Date('2026-11-27T04:45:00Z'); // Thu 26 Nov, 20:45 in Los Angeles
    expect(sessionDay(ended, new Date('2026-11-27T06:00:00Z'), LA)).toBe('today'); // 22:00 the same evening
    expect(sessionDay(ended, new Date('2026-11-27T17:00:00Z'), LA)).toBe('yesterday'); // 09:00 the next morning
    expect(sessionDay(ended, new Date('2026-11-28T17:00:00Z'), LA)).toBe('on Thursday');
    expect(sessionDay(ended, new Date('2026-12-04T17:00:00Z'), LA)).toBe('on November 26');
    expect(sessionDay(ended, new Date('2026-11-27T17:00:00Z'), LA, 'es')).toBe('ayer');
    expect(sessionDay(ended, new Date('2026-11-28T17:00:00Z'), LA, 'es')).toBe('el jueves');
    expect(sessionDay(ended, new Date('2026-12-04T17:00:00Z'), LA, 'es')).toBe('el 26 de noviembre');
  });

  it('counts a session that ended just before midnight as yesterday one minute after it', () => {
    expect(sessionDay(new Date('2026-11-28T07:59:00Z'), new Date('2026-11-28T08:01:00Z'), 'America/Los_Angeles')).toBe('yesterday');
    // The same instants are one calendar day in Tokyo (16:59 and 17:01).
    expect(sessionDay(new Date('2026-11-28T07:59:00Z'), new Date('2026-11-28T08:01:00Z'), 'Asia/Tokyo')).toBe('today');
  });

  it('counts calendar days across a DST change (a 23-hour and a 25-hour day)', () => {
    // Sat 7 Mar 2026 23:30 PST; the clocks go forward at 02:00 on Sun 8 Mar.
    expect(sessionDay(new Date('2026-03-08T07:30:00Z'), new Date('2026-03-09T06:30:00Z'), 'America/Los_Angeles')).toBe('yesterday'); // Sun 23:30 PDT
    expect(sessionDay(new Date('2026-03-08T07:30:00Z'), new Date('2026-03-09T07:30:00Z'), 'America/Los_Angeles')).toBe('on Saturday'); // Mon 00:30 PDT
    // Sat 31 Oct 2026 23:30 PDT; the clocks go back at 02:00 on Sun 1 Nov.
    expect(sessionDay(new Date('2026-11-01T06:30:00Z'), new Date('2026-11-02T07:29:00Z'), 'America/Los_Angeles')).toBe('yesterday'); // Sun 23:29 PST
    expect(sessionDay(new Date('2026-11-01T06:30:00Z'), new Date('2026-11-02T08:00:00Z'), 'America/Los_Angeles')).toBe('on Saturday'); // Mon 00:00 PST
  });
});

describe('day words in follow-ups', () => {
  it('a session ending at 20:45 client time: the 2 h text sent at 09:00 the next morning says "yesterday", and so does the email subject', async () => {
    // Thu 26 Nov 2026, 20:45 in Los Angeles; the 2 h step falls due at 22:45, in quiet hours, and waits for 09:00.
    const ended = new Date('2026-11-27T04:45:00Z');
    clock = new FakeClock(new Date(ended.getTime() + 5 * 60_000));
    await enter(ended);
    const sms = new FakeSms();
    const email = new FakeEmail();
    await sweepUntil(senderDeps(sms, email), new Date('2026-11-27T17:05:00Z'));
    expect(sms.sent).toHaveLength(1);
    expect(sms.sent[0]?.body).toContain("thanks for your massage at Chris O'Hara Massage yesterday");
    expect(sms.sent[0]?.body).not.toMatch(/\btoday\b/);
    expect(email.sent[0]?.subject).toMatch(/yesterday/);
    expect(email.sent[0]?.subject).not.toMatch(/today/);
  });

  it('the same session entered at once and sent at once says "today"', async () => {
    clock = new FakeClock(new Date('2026-11-27T18:00:00Z')); // 10:00 in Los Angeles
    await enter(new Date(clock.now().getTime() - 2 * HOUR - 60_000));
    const sms = new FakeSms();
    const email = new FakeEmail();
    await sendDueFollowUps(senderDeps(sms, email), { remainingMs: () => 60_000 });
    expect(sms.sent[0]?.body).toContain('Massage today.');
    expect(email.sent[0]?.subject).toMatch(/today/);
  });
});

describe('the first text a number gets', () => {
  // 10:00 in Los Angeles, inside sending hours: whatever is due goes out in the first sweep.
  beforeEach(() => {
    clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
  });

  it.each([0, 23, 30, 47])('a session entered %i h late: the first text names the practice and says how to opt out', async (hoursLate) => {
    await enter(new Date(clock.now().getTime() - hoursLate * HOUR - 60_000), { client: { name: 'Jordan Lee', phone: '(310) 555-0142' }, consent: { sms: true, email: false } });
    const sms = new FakeSms();
    const deps = senderDeps(sms, new FakeEmail());
    // Run past every step still to come: the first text, and the later ones, which may stay short.
    await sweepUntil(deps, new Date(clock.now().getTime() + 50 * HOUR));
    expect(sms.sent.length).toBeGreaterThan(0);
    const [first, ...later] = sms.sent.map((m) => m.body);
    expect(first).toContain("Chris O'Hara Massage");
    expect(first).toContain('Reply STOP to opt out');
    for (const text of later) expect(text).not.toContain('Reply STOP to opt out');
  });

  it('introduces the 24 h text again when the number was texted more than 48 h before', async () => {
    await enter(new Date(clock.now().getTime() - 4 * 24 * HOUR), { client: { name: 'Jordan Lee', phone: '(310) 555-0142' }, consent: { sms: true, email: false }, force: true });
    const sms = new FakeSms();
    const deps = senderDeps(sms, new FakeEmail());
    await sweepUntil(deps, new Date(clock.now().getTime() + 10 * 60_000));
    // A second session on the same number entered 30 h late, three days after the first's last text.
    clock.advanceMinutes(3 * 24 * 60);
    await enter(new Date(clock.now().getTime() - 30 * HOUR), { client: { name: 'Jordan Lee', phone: '(310) 555-0142' }, consent: { sms: true, email: false }, force: true });
    await sweepUntil(deps, new Date(clock.now().getTime() + 10 * 60_000));
    expect(sms.sent.at(-1)?.body).toMatch(/^Chris O'Hara Massage: .*Reply STOP to opt out$/);
  });
});

describe('Spanish', () => {
  it('a session with "language": "es" gets its 2 h text and email in Spanish, the text GSM-7 without the accents GSM-7 lacks', async () => {
    clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
    await enter(new Date(clock.now().getTime() - 2 * HOUR - 60_000), {
      client: { name: 'María José Núñez', phone: '(310) 555-0142', email: 'maria@example.com', language: 'es' },
    });
    const sms = new FakeSms();
    const email = new FakeEmail();
    await sendDueFollowUps(senderDeps(sms, email), { remainingMs: () => 60_000 });
    expect(sms.sent[0]?.body).toMatch(/^Hola Maria, gracias por venir hoy a Chris O'Hara Massage\./);
    expect(sms.sent[0]?.body).toContain('Responde STOP o PARAR para no recibir mas');
    expect(sms.sent[0]?.body).not.toMatch(/[áíóú]/);
    expect(email.sent[0]?.subject).toMatch(/hoy/);
    expect(email.sent[0]?.text).toMatch(/Hola, María:/);
    expect(email.sent[0]?.html).toContain('lang="es"');
  });

  it('a decomposed "José" pasted from a Mac is stored composed, so its text stays GSM-7', async () => {
    clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
    const session = await enter(new Date(clock.now().getTime() - 2 * HOUR - 60_000), { client: { name: 'Jose\u0301 Li', phone: '(310) 555-0142' }, consent: { sms: true, email: false } });
    expect(session.client.name).toBe('Jos\u00e9 Li');
    const sms = new FakeSms();
    await sendDueFollowUps(senderDeps(sms, new FakeEmail()), { remainingMs: () => 60_000 });
    expect(sms.sent[0]?.body).toContain('Hi José,');
  });
});
