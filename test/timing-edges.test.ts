import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { planFollowUps } from '#domain/plan';
import { parseSendingHours } from '#domain/quiet-hours';
import type { Stores } from '#ports/stores';
import { enterSession, followUpView } from '#use-cases/sessions';
import { sendDueFollowUps, type SenderDeps } from '#use-cases/send-due-follow-ups';
import type { SessionView } from '../web/src/api.ts';
import { stepState } from '../web/src/sessions.ts';
import { CapturingLog, FakeClock, FakeEmail, FakeSms, testSenderSettings } from './support/fakes.ts';

/*
 * Timing edges end to end: the session is planned, the sender sweeps at chosen instants, and what a client receives
 * (or the therapist reads) is checked.
 */

const templates = loadTemplatesFromDir(defaultTemplatesDir());
const sendingHours = parseSendingHours('09:00-20:00');

let stores: Stores;
let clock: FakeClock;
let sms: FakeSms;

const sweep = () => {
  const deps: SenderDeps = { ...stores, sms, email: new FakeEmail(), templates, clock, log: new CapturingLog(), settings: testSenderSettings() };
  return sendDueFollowUps(deps, { remainingMs: () => 60_000 });
};

/** A session that ended now, in `timezone`, with texts agreed. */
async function enterNow(timezone: string) {
  const { session } = await enterSession(
    { ...stores, clock, log: new CapturingLog(), settings: { timezone, phoneRegion: 'US', sendingHours, consentWordingVersion: 'v1', defaultLanguage: 'en' } },
    { client: { name: 'Jordan Lee', phone: '(310) 555-0142' }, endedAt: clock.now().toISOString(), consent: { sms: true, email: false } },
  );
  return session;
}

const followUp = async (id: string, step: string) => (await stores.sessions.view(id))?.followUps.find((f) => f.step === step);

beforeEach(() => {
  stores = memoryStores();
  clock = new FakeClock(new Date('2026-03-27T19:30:00Z'));
  sms = new FakeSms();
});

describe('the 2 h follow-up across the Nuuk gap that ends at midnight', () => {
  it('is deferred to Saturday morning, not Sunday, and sent then rather than going stale', async () => {
    // Ended 17:30 -02 Friday 2026-03-27: the 2 h step is due 19:30 -02, inside the sending hours. The sender is
    // down until 23:10 -02 and defers it. Nuuk's clocks jump from 23:00 Saturday to 00:00 Sunday, which once moved it
    // to Sunday 09:00, after it went stale (13:30Z Saturday, 6 h before the 24 h step), so it was never sent.
    const session = await enterNow('America/Nuuk');
    expect((await followUp(session.id, '2h'))?.sendAt).toBe('2026-03-27T21:30:00.000Z');

    clock.set('2026-03-28T01:10:00Z'); // 23:10 -02 Friday
    expect(await sweep()).toMatchObject({ deferred: 1, sent: 0 });
    expect((await followUp(session.id, '2h'))?.sendAt).toBe('2026-03-28T11:00:00.000Z'); // 09:00 -02 Saturday
    expect(sms.sent).toHaveLength(0);

    clock.set('2026-03-28T11:00:30Z');
    expect(await sweep()).toMatchObject({ sent: 1, skipped: 0 });
    expect((await followUp(session.id, '2h'))?.status).toBe('sent');
    expect(sms.sent).toHaveLength(1);

    clock.set('2026-03-28T19:30:30Z'); // 17:30 -02 Saturday: the 24 h step is due
    expect(await sweep()).toMatchObject({ sent: 1 });
    expect((await followUp(session.id, '24h'))?.status).toBe('sent');
    expect(sms.sent).toHaveLength(2);
  });
});

describe('the sender at the exact stale boundary', () => {
  // Ended 18:00 PST Nov 26: the 2 h step waits for 09:00 PST (17:00Z Nov 27); the 24 h step is due 02:00Z Nov 28,
  // so the 2 h one is stale after 20:00Z Nov 27 (12:00 PST, inside the sending hours).
  const staleAt = Date.parse('2026-11-27T20:00:00.000Z');

  it.each([
    ['1 ms before it: sends the 2 h follow-up', -1, 'sent'],
    ['exactly at it, the 24 h step 6 h away: sends the 2 h follow-up', 0, 'sent'],
    ['1 ms after it: skips it as stale', 1, 'skipped'],
  ])('%s', async (_case, offsetMs, status) => {
    clock.set('2026-11-27T02:00:00Z');
    const session = await enterNow('America/Los_Angeles');
    expect((await followUp(session.id, '2h'))?.staleAt).toBe(new Date(staleAt).toISOString());

    clock.set(new Date(staleAt + offsetMs));
    await sweep();
    expect((await followUp(session.id, '2h'))?.status).toBe(status);
    expect(sms.sent).toHaveLength(status === 'sent' ? 1 : 0);
  });
});

describe('a stale follow-up on the page', () => {
  it('reads as a plain sentence, with the machine code only in the JSON beside it', () => {
    const endedAt = new Date('2026-06-10T18:00:00.000Z');
    const [twoHours] = planFollowUps({
      sessionId: 's-1', endedAt, now: new Date(endedAt.getTime() + 30 * 3_600_000), client: { name: 'Ana Pérez', firstName: 'Ana', phone: '+13105550142', timezone: 'America/Los_Angeles' },
      channels: ['sms'], sendingHours,
    });
    const view = twoHours && followUpView(twoHours);
    expect(view).toMatchObject({ status: 'skipped', reasonCode: 'stale' });
    const state = view && stepState(view, { messages: [] } as unknown as SessionView, 'America/Los_Angeles');
    expect(state).toMatchObject({
      word: 'Skipped',
      detail: 'Not sent: the session was entered too late for this one — the 24-hour message goes out instead',
    });
  });
});
