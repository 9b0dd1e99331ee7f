import { describe, expect, it } from 'vitest';
import {
  acknowledge,
  appendReply,
  claimNotification,
  completeRound,
  escalationMatches,
  openEscalation,
  recordDelivery,
  therapistWasTexted,
  type EscalationStep,
  type EscalationTransition,
} from '#domain/escalation';
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
    it('ends the notifications, recording how', () => {
      const step = applied(acknowledge(opened(), 'therapist-sms', at(3)));
      expect(step.next).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'therapist-sms', acknowledgedAt: at(3).toISOString() });
      expect(step.next).not.toHaveProperty('nextNotifyAt');
      expect(escalationMatches(step.expect, step.next)).toBe(false);
    });

    it('refuses to acknowledge twice', () => {
      expect(isRefused(acknowledge({ ...opened(), status: 'acknowledged' }, 'api', NOW))).toBe(true);
    });
  });

  it('counts an escalation as texted to the therapist once its text went out or a later round started', () => {
    expect(therapistWasTexted(opened())).toBe(false);
    expect(therapistWasTexted({ ...opened(), notify: { sms: { status: 'sent' } } })).toBe(true);
    expect(therapistWasTexted({ ...opened(), round: 2 })).toBe(true);
  });
});
