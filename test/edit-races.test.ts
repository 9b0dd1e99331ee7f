import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import type { FollowUp } from '#domain/model';
import { parseSendingHours } from '#domain/quiet-hours';
import type { SmsMessage, SmsSender } from '#ports/senders';
import type { Stores } from '#ports/stores';
import { sendDueFollowUps } from '#use-cases/send-due-follow-ups';
import { editSession } from '#use-cases/session-edits';
import { enterSession } from '#use-cases/sessions';
import { freshTable } from './support/engines.ts';
import { CapturingLog, FakeClock, FakeEmail, FakeSms, testSenderSettings } from './support/fakes.ts';

/**
 * A phone edit racing the sender, on both store implementations. Whatever the interleaving, the 2 h text goes to the
 * old number before the edit or to the new one after it: never both, and never neither without a trace (a follow-up
 * the edit could not change reads "sent" or "sending", and the next sweep sends what the edit changed).
 */

const OLD = '+13105550142';
const NEW = '+13105550199';
const templates = loadTemplatesFromDir(defaultTemplatesDir());

const implementations: [string, () => Promise<Stores>][] = [
  ['DynamoDB', async () => (await freshTable()).stores],
  ['in-memory', async () => memoryStores()],
];

describe.each(implementations)('%s: a phone edit racing the sender', (_name, make) => {
  let stores: Stores;
  let clock: FakeClock;
  const log = new CapturingLog();

  beforeEach(async () => {
    stores = await make();
    clock = new FakeClock(new Date('2026-11-27T18:00:00Z')); // 10:00 in Los Angeles
  });

  const deps = () => ({ ...stores, clock, log, settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: 'v1', defaultLanguage: 'en' as const } });
  const sweep = (sms: SmsSender) =>
    sendDueFollowUps({ ...stores, sms, email: new FakeEmail(), templates, clock, log, settings: testSenderSettings() }, { remainingMs: () => 60_000 });
  const edit = (id: string) => editSession(deps(), id, { client: { phone: NEW }, consent: { sms: true } });
  const followUp = async (id: string, step: FollowUp['step']) => (await stores.followUps.get(id, step)) as FollowUp;

  const enter = async () =>
    (
      await enterSession(deps(), {
        client: { name: 'Jordan Lee', phone: OLD },
        endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
        consent: { sms: true, email: false },
      })
    ).session.id;

  /** Runs `meanwhile` once, right after the next read of what is due returns (the sender holds the old copy). */
  function afterNextDueRead(meanwhile: () => Promise<unknown>) {
    const read = stores.followUps.due.bind(stores.followUps);
    let pending: (() => Promise<unknown>) | undefined = meanwhile;
    stores.followUps.due = async (...args) => {
      const found = await read(...args);
      const run = pending;
      pending = undefined;
      if (run) await run();
      return found;
    };
  }

  /** Runs `meanwhile` once, right after the next read of a session's follow-ups returns (the edit holds its read). */
  function afterNextSessionRead(meanwhile: () => Promise<unknown>) {
    const read = stores.followUps.forSession.bind(stores.followUps);
    let pending: (() => Promise<unknown>) | undefined = meanwhile;
    stores.followUps.forSession = async (sessionId) => {
      const found = await read(sessionId);
      const run = pending;
      pending = undefined;
      if (run) await run();
      return found;
    };
  }

  it('sends to the new number only when the edit lands between the sender’s read and its claim', async () => {
    const id = await enter();
    const sms = new FakeSms();
    afterNextDueRead(() => edit(id));

    await sweep(sms);
    expect(sms.sent).toHaveLength(0);
    clock.advanceMinutes(1);
    await sweep(sms);

    expect(sms.sent.map((m) => m.to)).toEqual([NEW]);
    expect((await followUp(id, '2h')).status).toBe('sent');
  });

  it('sends the text it claimed to the old number once, and the later steps to the new one, when the edit comes while it is sending', async () => {
    const id = await enter();
    const texts: string[] = [];
    let answer: Awaited<ReturnType<typeof edit>> | undefined;
    const slow: SmsSender = {
      send: async (message: SmsMessage) => {
        texts.push(message.to);
        answer = await edit(id);
        return { providerId: `SM${texts.length}` };
      },
    };
    await sweep(slow);

    expect(answer?.followUps.map((f) => f.status)).toEqual(['sending', 'deferred', 'deferred']);
    expect((await followUp(id, '2h')).status).toBe('sent');
    expect((await followUp(id, '24h')).client.phone).toBe(NEW);
    clock.advanceMinutes(24 * 60);
    await sweep(slow);
    expect(texts).toEqual([OLD, NEW]);
  });

  it('leaves the 2 h step to the sender that claimed it between the edit’s read and its write, and moves the rest', async () => {
    const id = await enter();
    const sms = new FakeSms();
    afterNextSessionRead(() => sweep(sms));

    const answer = await edit(id);

    expect(sms.sent.map((m) => m.to)).toEqual([OLD]);
    expect(answer.followUps.map((f) => f.status)).toEqual(['sent', 'deferred', 'deferred']);
    expect(answer.client.phone).toBe(NEW);
    expect((await followUp(id, '2h')).client.phone).toBe(OLD);
    expect((await followUp(id, '48h')).client.phone).toBe(NEW);
    await sweep(sms);
    expect(sms.sent).toHaveLength(1);
  });
});
