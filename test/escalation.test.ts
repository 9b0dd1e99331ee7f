import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  appendReply,
  claimNotification,
  completeRound,
  escalationMatches,
  isUnseen,
  nextCode,
  openEscalation,
  parseAcknowledgeRequest,
  recordDelivery,
  textedRound,
  therapistWasTexted,
  type EscalationStep,
  type EscalationTransition,
} from '#domain/escalation';
import { ValidationError } from '#domain/errors';
import { isRefused } from '#domain/transition';
import type { Escalation, Session } from '#domain/model';

const NOW = new Date('2026-11-27T18:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

const session = { id: 's-1', client: { name: 'Jordan Lee', firstName: 'Jordan', phone: '+13105550142', timezone: 'America/Los_Angeles' } } as Session;
const reply = (text: string) => ({ at: NOW.toISOString(), channel: 'sms' as const, text, category: 'escalate', reasons: ['sharp pain'] });

const applied = (step: EscalationStep): EscalationTransition => {
  if (isRefused(step)) throw new Error(`refused: ${step.refused}`);
  expect(escalationMatches(step.expect, step.from)).toBe(true);
  return step;
};

const opened = () => openEscalation(session, reply('sharp pain'), false, NOW, 'e-1');
const claimedBy = (e: Escalation, token: string, minutes = 0) => applied(claimNotification(e, token, at(minutes), at(minutes + 2))).next;

describe('escalation lifecycle', () => {
  it('opens with the reply, round 1, both channels pending and a notification due now', () => {
    expect(opened()).toMatchObject({
      status: 'open', round: 1, clientContact: '+13105550142', nextNotifyAt: NOW.toISOString(),
      notify: { sms: { status: 'pending' }, email: { status: 'pending' } },
    });
  });

  describe('append', () => {
    it('adds a later reply as a new round due now, keeps urgent, and drops a notifier’s claim', () => {
      const urgent = { ...claimedBy(opened(), 'n-1'), urgent: true };
      const step = applied(appendReply(urgent, reply('worse now'), false, at(5)));
      expect(step.next).toMatchObject({ round: 2, urgent: true, nextNotifyAt: at(5).toISOString() });
      expect(step.next.replies).toHaveLength(2);
      expect(step.next).not.toHaveProperty('notifyClaim');
      expect(step.expect).toMatchObject({ name: 'stillOpen', round: 1, claimToken: 'n-1' });
    });

    it('refuses an acknowledged escalation', () => {
      expect(isRefused(appendReply({ ...opened(), status: 'acknowledged' }, reply('again'), false, NOW))).toBe(true);
    });
  });

  describe('notification rounds', () => {
    it('lets one notifier claim a due notification', () => {
      const step = applied(claimNotification(opened(), 'n-1', NOW, at(2)));
      expect(step.next.notifyClaim).toEqual({ token: 'n-1', until: at(2).toISOString() });
      expect(step.expect).toMatchObject({ name: 'notYetClaimed', nextNotifyBy: NOW.toISOString(), claimFreeBy: NOW.toISOString() });
    });

    it('refuses a notification not due, one held by a live claim, and an acknowledged escalation', () => {
      expect(isRefused(claimNotification({ ...opened(), nextNotifyAt: at(5).toISOString() }, 'n', NOW, at(2)))).toBe(true);
      expect(isRefused(claimNotification(claimedBy(opened(), 'n-1'), 'n-2', at(1), at(3)))).toBe(true);
      expect(isRefused(claimNotification({ ...opened(), status: 'acknowledged' }, 'n', NOW, at(2)))).toBe(true);
    });

    it('takes over a claim whose notifier died', () => {
      expect(applied(claimNotification(claimedBy(opened(), 'n-1'), 'n-2', at(3), at(5))).next.notifyClaim?.token).toBe('n-2');
    });

    it('records each channel while the claim is ours, then says when to look again', () => {
      const claimed = claimedBy(opened(), 'n-1');
      const sms = applied(recordDelivery(claimed, 'n-1', 'sms', { status: 'sent', providerId: 'SM1' }, NOW.toISOString()));
      expect(sms.next.notify.sms).toEqual({ status: 'sent', providerId: 'SM1' });
      expect(sms.expect).toMatchObject({ name: 'stillOurs', claimToken: 'n-1' });
      const done = applied(completeRound(sms.next, 'n-1', at(30).toISOString(), NOW));
      expect(done.next.nextNotifyAt).toBe(at(30).toISOString());
      expect(done.next).not.toHaveProperty('notifyClaim');
      expect(done.expect).toMatchObject({ status: 'open' });
    });

    it('refuses to record or complete for a notifier whose claim is gone', () => {
      expect(isRefused(recordDelivery(opened(), 'n-1', 'sms', { status: 'sent' }, NOW.toISOString()))).toBe(true);
      expect(isRefused(completeRound(claimedBy(opened(), 'n-1'), 'n-2', at(30).toISOString(), NOW))).toBe(true);
    });

    it('starts the next round, every channel pending again, when the last one reached every channel', () => {
      const delivered = { ...opened(), notify: { sms: { status: 'sent' as const }, email: { status: 'failed' as const } }, nextNotifyAt: NOW.toISOString() };
      const next = claimedBy(delivered, 'n-2');
      expect(next.round).toBe(2);
      expect(next.notify).toEqual({ sms: { status: 'pending' }, email: { status: 'pending' } });
      expect(claimedBy(opened(), 'n-1').round).toBe(1);
    });
  });

  describe('acknowledge', () => {
    const byText = { via: 'therapist-sms' as const, by: "Chris O'Hara" };

    it('ends the notifications, recording who, when, how, the note and the outcome', () => {
      const step = applied(acknowledge(opened(), { ...byText, note: ' Called her, ice tonight ', outcome: 'skip' }, at(3)));
      expect(step.next).toMatchObject({
        status: 'acknowledged', acknowledgedVia: 'therapist-sms', acknowledgedAt: at(3).toISOString(), acknowledgedBy: "Chris O'Hara",
        acknowledgeNote: 'Called her, ice tonight', outcome: 'skip',
      });
      expect(step.next).not.toHaveProperty('nextNotifyAt');
      expect(escalationMatches(step.expect, step.next)).toBe(false);
    });

    it('skips the rest by default when urgent, and resumes otherwise', () => {
      expect(applied(acknowledge(opened(), byText, NOW)).next.outcome).toBe('resume');
      expect(applied(acknowledge({ ...opened(), urgent: true }, byText, NOW)).next.outcome).toBe('skip');
      expect(applied(acknowledge({ ...opened(), urgent: true }, { ...byText, outcome: 'resume' }, NOW)).next.outcome).toBe('resume');
    });

    it('refuses to acknowledge twice', () => {
      expect(isRefused(acknowledge({ ...opened(), status: 'acknowledged' }, { via: 'api', by: 'Chris' }, NOW))).toBe(true);
    });

    it('covers only the rounds delivered: an OK to the first text leaves open a newer reply not yet texted', () => {
      // Round 1 reaches the therapist by text; then the client writes "now I have chest pain and trouble breathing".
      const claimed = claimedBy(opened(), 'n-1');
      const texted = applied(recordDelivery(claimed, 'n-1', 'sms', { status: 'sent', providerId: 'SM1' }, NOW.toISOString())).next;
      expect(textedRound(texted)).toBe(1);
      const worse = applied(appendReply(applied(completeRound(texted, 'n-1', at(30).toISOString(), NOW)).next, reply('now chest pain and trouble breathing'), true, at(5))).next;
      expect(worse).toMatchObject({ round: 2, newsRound: 2, urgent: true });

      // The therapist's "OK" answers round 1: refused as unseen, the escalation stays open and due.
      const early = acknowledge(worse, { ...byText, seenRound: textedRound(worse) as number }, at(6));
      expect(isRefused(early) && isUnseen(early)).toBe(true);
      expect(worse.nextNotifyAt).toBe(at(5).toISOString());

      // Once round 2's text went out, the same "OK" acknowledges.
      const round2 = claimedBy(worse, 'n-2', 6);
      const delivered = applied(recordDelivery(round2, 'n-2', 'sms', { status: 'sent', providerId: 'SM2' }, at(6).toISOString())).next;
      expect(textedRound(delivered)).toBe(2);
      expect(applied(acknowledge(delivered, { ...byText, seenRound: 2 }, at(7))).next.status).toBe('acknowledged');
    });

    it('still covers the latest reply after re-notification rounds that brought nothing new', () => {
      const renotified = { ...opened(), round: 3, newsRound: 1, deliveredRound: { sms: 1 } };
      expect(applied(acknowledge(renotified, { ...byText, seenRound: 1 }, NOW)).next.status).toBe('acknowledged');
    });

    it('expects no reply to have arrived since it was read', () => {
      const step = applied(acknowledge(opened(), { ...byText, seenRound: 1 }, NOW));
      const appended = applied(appendReply(opened(), reply('worse'), false, at(1))).next;
      expect(escalationMatches(step.expect, appended)).toBe(false);
      expect(escalationMatches(step.expect, { ...opened(), newsRound: undefined } as unknown as Escalation)).toBe(true);
    });
  });

  describe('what reached the therapist', () => {
    it('records the round each channel delivered, from a map every escalation starts with', () => {
      expect(opened().deliveredRound).toEqual({});
      const claimed = claimedBy(opened(), 'n-1');
      const failed = applied(recordDelivery(claimed, 'n-1', 'email', { status: 'pending', reason: 'throttled' }, NOW.toISOString())).next;
      expect(failed.deliveredRound).toEqual({});
      expect(applied(recordDelivery(failed, 'n-1', 'email', { status: 'sent' }, NOW.toISOString())).next.deliveredRound).toEqual({ email: 1 });
    });

    it('counts an escalation as texted once a text went out, and reads escalations from before rounds were kept', () => {
      expect(therapistWasTexted(opened())).toBe(false);
      expect(therapistWasTexted({ ...opened(), deliveredRound: { sms: 1 } })).toBe(true);
      const legacy = (e: Partial<Escalation>) => {
        const { deliveredRound: _d, newsRound: _n, ...rest } = { ...opened(), ...e };
        return rest as Escalation;
      };
      expect(textedRound(legacy({ notify: { sms: { status: 'sent' } } }))).toBe(1);
      expect(textedRound(legacy({ round: 2 }))).toBe(1);
      expect(textedRound(legacy({}))).toBeUndefined();
      // A legacy escalation's claim starts the per-channel map from what it knew.
      expect(claimedBy(legacy({ round: 2, nextNotifyAt: NOW.toISOString() }), 'n').deliveredRound).toEqual({ sms: 1 });
    });
  });

  describe('short codes', () => {
    it('takes the smallest code no open escalation uses, skipping one lost to a race', () => {
      expect(nextCode([])).toBe(1);
      expect(nextCode([{ code: 1 }, { code: 3 }])).toBe(2);
      expect(nextCode([{ code: 1 }, {}], [2])).toBe(3);
    });

    it('opens with the code, the sessions it holds and who shares the number', () => {
      const e = openEscalation(session, reply('sharp pain'), false, NOW, 'e-2', { code: 2, heldSessions: ['s-1', 's-0'], sharedWith: ['Maria Lee'] });
      expect(e).toMatchObject({ code: 2, heldSessions: ['s-1', 's-0'], sharedWith: ['Maria Lee'], newsRound: 1 });
      expect(applied(appendReply(e, reply('worse'), false, at(1), ['s-9'])).next.heldSessions).toEqual(['s-1', 's-0', 's-9']);
    });
  });

  describe('what an acknowledgement request may say', () => {
    it('takes an outcome, a note over several lines and the round read; nothing is required', () => {
      expect(parseAcknowledgeRequest(undefined)).toEqual({});
      expect(parseAcknowledgeRequest({ outcome: 'skip', note: 'Called.\nIce tonight.', round: 2 })).toEqual({ outcome: 'skip', note: 'Called.\nIce tonight.', round: 2 });
    });

    it.each([
      [{ outcome: 'later' }, 'outcome', /resume.*skip/],
      [{ note: 'x'.repeat(1001) }, 'note', /at most 1000/],
      [{ note: 'bad \u0000 char' }, 'note', /hidden or damaged/],
      [{ round: 1.5 }, 'round', /whole number/],
      [{ outcome: 'skip', extra: true }, 'extra', /unknown field/],
    ])('refuses %j, naming the field', (body, field, message) => {
      let thrown: unknown;
      try {
        parseAcknowledgeRequest(body);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ValidationError);
      expect((thrown as ValidationError).problems).toEqual([expect.objectContaining({ field: expect.stringContaining(field), message: expect.stringMatching(message) })]);
    });
  });
});
