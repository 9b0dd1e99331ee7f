import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { parseSendingHours } from '#domain/quiet-hours';
import type { Stores } from '#ports/stores';
import { notifyEscalation } from '#use-cases/escalations';
import { handleInboundSms, type ReplyDeps } from '#use-cases/replies';
import { enterSession } from '#use-cases/sessions';
import { CapturingLog, FakeClock, FakeEmail, FakeSms, TEST_LINK_KEYS } from './support/fakes.ts';

/** The reply pipeline on the in-memory stores: what replies.test.ts checks end to end, here in milliseconds. */
const templates = loadTemplatesFromDir(defaultTemplatesDir());
const THERAPIST = '+13108960696';
let stores: Stores;
let clock: FakeClock;
let notified: string[];
let sid = 0;

beforeEach(() => {
  stores = memoryStores();
  clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
  notified = [];
});

const deps = (): ReplyDeps => ({
  ...stores,
  notifier: { notify: async (_sessionId, escalationId) => void notified.push(escalationId) },
  templates,
  clock,
  log: new CapturingLog(),
  settings: {
    practiceName: "Chris O'Hara Massage", therapistName: "Chris O'Hara", practicePhone: '(310) 896-0696', practiceHours: '10AM-10PM',
    therapistPhone: THERAPIST, publicBaseUrl: 'http://localhost:3000', linkKeys: TEST_LINK_KEYS,
  },
});

const text = (from: string, body: string, messageSid = `SM${String((sid += 1)).padStart(10, '0')}`) => handleInboundSms(deps(), { from, body, messageSid });

async function client() {
  const { session } = await enterSession(
    { ...stores, clock, log: new CapturingLog(), settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: 'v1' } },
    { client: { name: 'Jordan Lee', phone: '(310) 555-0142' }, endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(), consent: { sms: true, email: false } },
  );
  return session.id;
}

describe('handleInboundSms on in-memory stores', () => {
  it('escalates a warning reply once: the therapist is notified, the follow-ups held, the client told', async () => {
    const id = await client();
    const { reply } = await text('+13105550142', 'sharp pain in my shoulder since this morning', 'SM0000000001');
    expect(reply).toMatch(/Chris O'Hara has been told/);
    expect(notified).toHaveLength(1);
    expect((await stores.followUps.forSession(id)).map((f) => f.status)).toEqual(['held', 'held', 'held']);

    expect(await text('+13105550142', 'sharp pain in my shoulder since this morning', 'SM0000000001')).toEqual({});
    expect(notified).toHaveLength(1);
  });

  it('lets the therapist acknowledge by text what they were texted about, and the follow-ups resume', async () => {
    const id = await client();
    await text('+13105550142', 'sharp pain in my shoulder');
    expect((await text(THERAPIST, 'OK')).reply).toBe('No open escalations.');
    const [open] = await stores.escalations.listOpen();
    const notify = { therapistPhone: THERAPIST, therapistEmail: 'chris@example.com', publicBaseUrl: 'http://localhost:3000', linkKeys: TEST_LINK_KEYS, escalationRenotifyMinutes: 30 };
    await notifyEscalation({ ...stores, sms: new FakeSms(), email: new FakeEmail(), templates, clock, log: new CapturingLog(), settings: notify }, id, open!.id);

    expect((await text(THERAPIST, 'ok, calling her')).reply).toContain('Jordan Lee');
    expect(await stores.escalations.listOpen()).toEqual([]);
    expect((await stores.followUps.forSession(id)).map((f) => f.status)).toEqual(['pending', 'pending', 'pending']);
  });

  it('opts a number out on STOP without answering (the carrier does), and treats "yes" from a subscribed number as a reply', async () => {
    await client();
    expect(await text('+13105550142', 'yes')).toMatchObject({ reply: expect.any(String) });
    expect((await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }]))[0]?.optedOut).toBe(false);
    expect(await text('+13105550142', 'STOP')).toEqual({});
    expect((await stores.contacts.get([{ channel: 'sms', address: '+13105550142' }]))[0]?.optedOut).toBe(true);
    expect((await text('+13105550142', 'please stop texting me')).reply).toBeDefined();
  });
});
