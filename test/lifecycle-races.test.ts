import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { TransientDeliveryError } from '#domain/errors';
import { claim, complete, isRefused } from '#domain/follow-up';
import type { FollowUp, Session } from '#domain/model';
import { parseSendingHours } from '#domain/quiet-hours';
import type { SmsMessage, SmsSender } from '#ports/senders';
import type { Stores } from '#ports/stores';
import { acknowledgeEscalation, escalate } from '#use-cases/escalations';
import { sendDueFollowUps } from '#use-cases/send-due-follow-ups';
import { cancelSession, enterSession } from '#use-cases/sessions';
import { CapturingLog, FakeClock, FakeEmail, FakeSms, testSenderSettings } from './support/fakes.ts';

/**
 * The four lifecycle defects of issue 10, each a race between a sender and a therapist's or client's action. They
 * came from decisions made inside the DynamoDB adapters on stale reads; the interleavings are forced here by running
 * the other party's step right after a use case has read the follow-ups and before it writes.
 */

const templates = loadTemplatesFromDir(defaultTemplatesDir());
let stores: Stores;
let clock: FakeClock;
const log = new CapturingLog();

beforeEach(() => {
  stores = memoryStores();
  clock = new FakeClock(new Date('2026-11-27T18:00:00Z')); // 10:00 in Los Angeles
});

const deps = () => ({ ...stores, clock, log, settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours: parseSendingHours('09:00-20:00'), consentWordingVersion: 'v1', defaultLanguage: 'en' as const } });

async function enter(): Promise<Session> {
  const { session } = await enterSession(deps(), {
    client: { name: 'Jordan Lee', phone: '(310) 555-0142' },
    endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
    consent: { sms: true, email: false },
  });
  return (await stores.sessions.get(session.id)) as Session;
}

const sweep = (sms: SmsSender) =>
  sendDueFollowUps({ ...stores, sms, email: new FakeEmail(), templates, clock, log, settings: testSenderSettings() }, { remainingMs: () => 60_000 });

const warning = (text: string) => ({ at: clock.now().toISOString(), channel: 'sms' as const, text, category: 'escalate', reasons: ['sharp pain'] });
const raise = (session: Session, id: string) => escalate(stores, session, warning('sharp pain'), false, clock.now(), id);
const statuses = async (id: string) => (await stores.followUps.forSession(id)).map((f) => f.status);
const twoHour = async (id: string) => (await stores.followUps.get(id, '2h')) as FollowUp;

/** A sender that claimed the follow-up and is still talking to the provider. */
async function claimAs(fu: FollowUp, token: string): Promise<FollowUp> {
  const step = claim(fu, token, clock.now(), new Date(clock.now().getTime() + 5 * 60_000));
  if (isRefused(step) || !(await stores.followUps.apply(step))) throw new Error('claim failed');
  return step.next;
}

/** That sender's provider throttled it: the follow-up is written back as due in a minute. */
async function throttledRetry(fu: FollowUp, token: string): Promise<void> {
  const step = complete(fu, token, { status: 'pending', sendAt: new Date(clock.now().getTime() + 60_000).toISOString(), reason: 'sms: throttled', outcomes: [] }, clock.now());
  if (isRefused(step) || !(await stores.followUps.apply(step, []))) throw new Error('retry not recorded');
}

/** Runs `meanwhile` once, right after the next read of a session's follow-ups returns. */
function afterNextRead(meanwhile: () => Promise<unknown>) {
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

describe('follow-up lifecycle races', () => {
  it('sends a follow-up whose send was throttled while an escalation opened, once the therapist acknowledges before the retry', async () => {
    const session = await enter();
    let escalationId = '';
    const throttledWhileEscalating: SmsSender = {
      send: async (_message: SmsMessage) => {
        escalationId = (await raise(session, 'e-1')).escalation.id;
        throw new TransientDeliveryError('provider throttled (429)');
      },
    };
    await sweep(throttledWhileEscalating);
    expect(await twoHour(session.id)).toMatchObject({ status: 'pending', holdRequested: true });

    await acknowledgeEscalation(deps(), session.id, escalationId, { via: 'api', by: 'Chris', outcome: 'resume' });
    clock.advanceMinutes(2);
    const sms = new FakeSms();
    await sweep(sms);
    await sweep(sms);

    expect(sms.sent).toHaveLength(1);
    expect((await twoHour(session.id)).status).toBe('sent');
  });

  it('sends nothing after a cancel that read the follow-up claimed while its sender wrote a throttled retry back', async () => {
    const session = await enter();
    const claimed = await claimAs(await twoHour(session.id), 'in-flight');
    afterNextRead(() => throttledRetry(claimed, 'in-flight'));

    await cancelSession(deps(), session.id);
    clock.advanceMinutes(2);
    const sms = new FakeSms();
    await sweep(sms);
    await sweep(sms);

    expect(sms.sent).toHaveLength(0);
    expect(await statuses(session.id)).toEqual(['cancelled', 'cancelled', 'cancelled']);
  });

  it('sends nothing while an escalation is open for a follow-up claimed between the hold’s read and its writes', async () => {
    const session = await enter();
    let claimed: FollowUp | undefined;
    afterNextRead(async () => {
      claimed = await claimAs(await twoHour(session.id), 'in-flight');
    });

    await raise(session, 'e-1');
    await throttledRetry(claimed as FollowUp, 'in-flight');
    clock.advanceMinutes(2);
    const sms = new FakeSms();
    await sweep(sms);
    await sweep(sms);

    expect(sms.sent).toHaveLength(0);
    expect(await statuses(session.id)).toEqual(['held', 'held', 'held']);
  });

  it('keeps follow-ups held by escalation B when escalation A of the same session is acknowledged as B opens', async () => {
    const session = await enter();
    await raise(session, 'e-A');
    expect(await statuses(session.id)).toEqual(['held', 'held', 'held']);
    afterNextRead(() => raise(session, 'e-B'));

    await acknowledgeEscalation(deps(), session.id, 'e-A', { via: 'api', by: 'Chris' });

    expect((await stores.sessions.get(session.id))?.escalationId).toBe('e-B');
    expect((await stores.followUps.forSession(session.id)).map((f) => [f.status, f.heldBy])).toEqual([
      ['held', 'e-B'],
      ['held', 'e-B'],
      ['held', 'e-B'],
    ]);
    clock.advanceMinutes(2);
    const sms = new FakeSms();
    await sweep(sms);
    expect(sms.sent).toHaveLength(0);
  });
});
