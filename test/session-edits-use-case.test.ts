import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { ConflictError } from '#domain/errors';
import type { Session } from '#domain/model';
import { parseSendingHours } from '#domain/quiet-hours';
import { planSessionEdit } from '#domain/session-edit';
import type { Stores } from '#ports/stores';
import { acknowledgeEscalation, escalate } from '#use-cases/escalations';
import { sendDueFollowUps } from '#use-cases/send-due-follow-ups';
import { editSession, restoreSession } from '#use-cases/session-edits';
import { cancelSession, enterSession } from '#use-cases/sessions';
import { CapturingLog, FakeClock, FakeEmail, FakeSms, testSenderSettings } from './support/fakes.ts';

/** The edit and undo use cases over the in-memory stores: what the therapist notices, and what the log never says. */

const templates = loadTemplatesFromDir(defaultTemplatesDir());
const OLD = '+13105550142';
const NEW = '+13105550199';
let stores: Stores;
let clock: FakeClock;
let log: CapturingLog;
let sms: FakeSms;

beforeEach(() => {
  stores = memoryStores();
  clock = new FakeClock(new Date('2026-11-27T18:00:00Z')); // 10:00 in Los Angeles
  log = new CapturingLog();
  sms = new FakeSms();
});

const settings = { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: 'v1', defaultLanguage: 'en' as const };
const deps = () => ({ ...stores, clock, log, settings });
const sweep = () => sendDueFollowUps({ ...stores, sms, email: new FakeEmail(), templates, clock, log, settings: testSenderSettings() }, { remainingMs: () => 60_000 });
const newNumber = { client: { phone: '(310) 555-0199' }, consent: { sms: true } };

async function enter(minutesAgo = 30): Promise<string> {
  const { session } = await enterSession(deps(), {
    client: { name: 'Jordan Lee', phone: OLD },
    endedAt: new Date(clock.now().getTime() - minutesAgo * 60_000).toISOString(),
    consent: { sms: true, email: false },
  });
  return session.id;
}

describe('editing a session', () => {
  it('records one edit for the same request sent twice, and changes nothing the second time', async () => {
    const id = await enter();
    await editSession(deps(), id, newNumber);
    clock.advanceMinutes(1);
    const again = await editSession(deps(), id, newNumber);
    expect(again.edits).toHaveLength(1);
    expect(again.client.phone).toBe(NEW);
  });

  it('finishes an edit that stopped after the session was written, when it is sent again', async () => {
    const id = await enter();
    const session = (await stores.sessions.get(id)) as Session;
    const plan = planSessionEdit(session, newNumber, { now: clock.now(), defaultTimezone: settings.timezone, phoneRegion: 'US', consentWordingVersion: 'v1', defaultLanguage: 'en' as const });
    await stores.sessions.amend(session, plan.next, []);
    expect((await stores.followUps.get(id, '2h'))?.client.phone).toBe(OLD);

    await editSession(deps(), id, newNumber);
    clock.advanceMinutes(91);
    await sweep();
    expect(sms.sent.map((m) => m.to)).toEqual([NEW]);
  });

  it('says there is nothing left to correct once every follow-up went out', async () => {
    const id = await enter(47 * 60); // only the 48 h check-in is left, due in an hour
    clock.advanceMinutes(61);
    await sweep();
    await expect(editSession(deps(), id, newNumber)).rejects.toThrow(ConflictError);
    await expect(editSession(deps(), id, newNumber)).rejects.toThrow('Every follow-up of this session has gone out already, so there is nothing left to correct.');
  });

  it('moves follow-ups an escalation holds to the new number too, so the check-in after it goes there', async () => {
    const id = await enter();
    const session = (await stores.sessions.get(id)) as Session;
    const { escalation } = await escalate(stores, session, { at: clock.now().toISOString(), channel: 'sms', text: 'sharp pain', category: 'escalate', reasons: ['sharp pain'] }, false, clock.now(), 'e-1');
    await editSession(deps(), id, newNumber);
    await acknowledgeEscalation(deps(), id, escalation.id, { via: 'api', by: 'Chris', outcome: 'resume' });
    clock.advanceMinutes(91);
    await sweep();
    expect(sms.sent.map((m) => m.to)).toEqual([NEW]);
  });

  it('logs which fields changed, never the name, the number or the old one', async () => {
    const id = await enter();
    await editSession(deps(), id, { ...newNumber, client: { ...newNumber.client, name: 'Jordyn Lee' } });
    const edited = log.lines.find((line) => line.includes('session edited'));
    expect(edited).toContain('client.phone');
    expect(log.lines.filter((line) => /Jordyn|Jordan|555-?01(42|99)|\+1310555/.test(line))).toEqual([]);
  });
});

describe('undoing a cancel', () => {
  it('lets the restored follow-ups go out, except to a number that opted out meanwhile', async () => {
    const id = await enter();
    await cancelSession(deps(), id);
    await stores.contacts.setOptOut('sms', OLD, true, 'sms-keyword', clock.now());
    clock.advanceMinutes(2);
    const restored = await restoreSession(deps(), id);
    expect(restored.followUps.map((f) => f.status)).toEqual(['opted-out', 'opted-out', 'opted-out']);
    clock.advanceMinutes(90);
    await sweep();
    expect(sms.sent).toEqual([]);
  });

  it('sends the 2 h text after an undo, once', async () => {
    const id = await enter();
    await cancelSession(deps(), id);
    clock.advanceMinutes(5);
    await restoreSession(deps(), id);
    clock.advanceMinutes(86);
    await sweep();
    await sweep();
    expect(sms.sent.map((m) => m.to)).toEqual([OLD]);
  });
});
