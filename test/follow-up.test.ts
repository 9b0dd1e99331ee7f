import { describe, expect, it } from 'vitest';
import {
  cancel,
  claim,
  complete,
  defer,
  followUpMatches,
  hold,
  isRefused,
  plan,
  reconcile,
  release,
  settle,
  skip,
  SKIPPED_AFTER_ESCALATION,
  type FollowUpStep,
  type FollowUpTransition,
} from '#domain/follow-up';
import type { FollowUp } from '#domain/model';
import { parseSendingHours } from '#domain/quiet-hours';

const NOW = new Date('2026-11-27T18:00:00Z');
const LATER = new Date('2026-11-27T18:05:00Z');

const waiting = (extra: Partial<FollowUp> = {}): FollowUp => ({
  sessionId: 's-1',
  step: '2h',
  dueAt: '2026-11-27T17:59:00.000Z',
  sendAt: '2026-11-27T17:59:00.000Z',
  staleAt: '2026-11-28T12:00:00.000Z',
  status: 'pending',
  channels: { sms: { status: 'pending' }, email: { status: 'pending' } },
  attempts: 0,
  updatedAt: '2026-11-27T16:00:00.000Z',
  client: { name: 'Jordan Lee', firstName: 'Jordan', phone: '+13105550142', timezone: 'America/Los_Angeles' },
  ...extra,
});

const applied = (step: FollowUpStep): FollowUpTransition => {
  if (isRefused(step)) throw new Error(`refused: ${step.refused}`);
  // A transition expects the state it was decided on: it would write on a store that still holds it.
  expect(followUpMatches(step.expect, step.from)).toBe(true);
  return step;
};

const claimed = (extra: Partial<FollowUp> = {}) => applied(claim(waiting(extra), 'token-1', NOW, LATER)).next;

describe('follow-up lifecycle', () => {
  it('plans three follow-ups through the same plan as intake', () => {
    const planned = plan({
      sessionId: 's-1', endedAt: new Date('2026-11-27T16:00:00Z'), now: NOW, client: waiting().client, channels: ['sms'],
      sendingHours: parseSendingHours('09:00-20:00'),
    });
    expect(planned.map((f) => [f.step, f.status])).toEqual([['2h', 'pending'], ['24h', 'pending'], ['48h', 'pending']]);
  });

  describe('claim', () => {
    it('takes a due waiting follow-up for one sender, counting the attempt, expecting it unclaimed and unflagged', () => {
      const step = applied(claim(waiting(), 'token-1', NOW, LATER));
      expect(step.next).toMatchObject({ status: 'claimed', claimToken: 'token-1', leaseUntil: LATER.toISOString(), attempts: 1 });
      expect(step.expect).toMatchObject({ name: 'notYetClaimed', status: 'pending', attempts: 0, sendAtBy: NOW.toISOString() });
      expect(followUpMatches(step.expect, { ...waiting(), status: 'claimed' })).toBe(false);
      expect(followUpMatches(step.expect, waiting({ holdRequested: true }))).toBe(false);
      expect(followUpMatches(step.expect, waiting({ attempts: 1 }))).toBe(false);
    });

    it('refuses one not yet due, one already claimed, and one whose session was cancelled or escalated meanwhile', () => {
      expect(isRefused(claim(waiting({ sendAt: LATER.toISOString() }), 't', NOW, LATER))).toBe(true);
      expect(isRefused(claim(claimed(), 't', NOW, LATER))).toBe(true);
      expect(isRefused(claim(waiting({ cancelRequested: true }), 't', NOW, LATER))).toBe(true);
      expect(isRefused(claim(waiting({ holdRequested: true }), 't', NOW, LATER))).toBe(true);
    });
  });

  describe('defer', () => {
    it('moves a waiting follow-up to a later send time, expecting it still waiting', () => {
      const step = applied(defer(waiting(), LATER, NOW));
      expect(step.next.sendAt).toBe(LATER.toISOString());
      expect(step.expect).toMatchObject({ name: 'stillWaiting', status: 'pending' });
    });

    it('refuses to move one a sender has taken', () => {
      expect(isRefused(defer(claimed(), LATER, NOW))).toBe(true);
    });
  });

  describe('complete', () => {
    it('records each channel and the outcome while the claim is ours, and drops the claim', () => {
      const step = applied(complete(claimed(), 'token-1', { status: 'sent', outcomes: [{ channel: 'sms', status: 'sent', providerId: 'SM1' }] }, LATER));
      expect(step.next).toMatchObject({ status: 'sent', channels: { sms: { status: 'sent', providerId: 'SM1' } } });
      expect(step.next).not.toHaveProperty('claimToken');
      expect(step.next).not.toHaveProperty('leaseUntil');
      expect(step.expect).toMatchObject({ name: 'stillOurs', claimToken: 'token-1' });
    });

    it('puts a throttled one back to waiting at its retry time, with the reason', () => {
      const step = applied(complete(claimed(), 'token-1', { status: 'pending', sendAt: LATER.toISOString(), reason: 'sms: throttled', outcomes: [] }, NOW));
      expect(step.next).toMatchObject({ status: 'pending', sendAt: LATER.toISOString(), reason: 'sms: throttled' });
    });

    it('refuses a claim that is not ours', () => {
      expect(isRefused(complete(claimed(), 'someone-else', { status: 'sent', outcomes: [] }, NOW))).toBe(true);
      expect(isRefused(complete(waiting(), 'token-1', { status: 'sent', outcomes: [] }, NOW))).toBe(true);
    });
  });

  describe('reconcile', () => {
    it('marks a lapsed claim unknown, channels without an answer unknown, never to be resent', () => {
      const step = applied(reconcile(claimed(), new Date('2026-11-27T18:06:00Z')));
      expect(step.next.status).toBe('unknown');
      expect(step.next.channels.sms?.status).toBe('unknown');
      expect(step.next.reason).toMatch(/not resent/);
      expect(step.expect).toMatchObject({ name: 'leaseLapsed', status: 'claimed' });
    });

    it('refuses a claim whose lease still runs, and a follow-up that is not claimed', () => {
      expect(isRefused(reconcile(claimed(), NOW))).toBe(true);
      expect(isRefused(reconcile(waiting(), LATER))).toBe(true);
    });
  });

  describe('cancel', () => {
    it('cancels a waiting or held follow-up, expecting the status it read', () => {
      expect(applied(cancel(waiting(), NOW)).next).toMatchObject({ status: 'cancelled', reason: 'session cancelled' });
      const held = applied(cancel(waiting({ status: 'held' }), NOW));
      expect(held.expect).toMatchObject({ name: 'stillHeld', status: 'held' });
    });

    it('flags one being sent, so that a retry of it is settled cancelled', () => {
      const step = applied(cancel(claimed(), NOW));
      expect(step.next).toMatchObject({ status: 'claimed', cancelRequested: true });
      expect(step.expect).toMatchObject({ name: 'stillClaimed', status: 'claimed' });
    });

    it('refuses a sent follow-up and one already flagged', () => {
      expect(isRefused(cancel(waiting({ status: 'sent' }), NOW))).toBe(true);
      expect(isRefused(cancel({ ...claimed(), cancelRequested: true }, NOW))).toBe(true);
    });
  });

  describe('hold', () => {
    it('holds a waiting follow-up for the escalation, out of the sender’s way', () => {
      const step = applied(hold(waiting(), 'e-1', NOW));
      expect(step.next).toMatchObject({ status: 'held', heldBy: 'e-1', reason: 'held: an escalation is open' });
      expect(step.expect).toMatchObject({ name: 'stillWaiting', status: 'pending', without: ['cancelRequested'], heldBy: null });
    });

    it('flags one being sent, naming the escalation', () => {
      expect(applied(hold(claimed(), 'e-1', NOW)).next).toMatchObject({ status: 'claimed', holdRequested: true, heldBy: 'e-1' });
    });

    it('hands one held by an earlier escalation over to the new one', () => {
      const step = applied(hold(waiting({ status: 'held', heldBy: 'e-1' }), 'e-2', NOW));
      expect(step.next.heldBy).toBe('e-2');
      expect(step.expect).toMatchObject({ name: 'stillHeld', heldBy: 'e-1' });
    });

    it('refuses one already held by this escalation, one being cancelled, and a finished one', () => {
      expect(isRefused(hold(waiting({ status: 'held', heldBy: 'e-1' }), 'e-1', NOW))).toBe(true);
      expect(isRefused(hold(waiting({ cancelRequested: true }), 'e-1', NOW))).toBe(true);
      expect(isRefused(hold(waiting({ status: 'sent' }), 'e-1', NOW))).toBe(true);
    });
  });

  describe('release', () => {
    it('puts a follow-up held by the acknowledged escalation back to waiting', () => {
      const step = applied(release(waiting({ status: 'held', heldBy: 'e-1', reason: 'held: an escalation is open' }), 'e-1', NOW));
      expect(step.next.status).toBe('pending');
      expect(step.next).not.toHaveProperty('heldBy');
      expect(step.next).not.toHaveProperty('reason');
    });

    it('releases a follow-up held before holds named their escalation', () => {
      expect(applied(release(waiting({ status: 'held' }), 'e-1', NOW)).next.status).toBe('pending');
    });

    it('clears the hold flag of a throttled retry, so that it is sent rather than held for good', () => {
      const step = applied(release(waiting({ holdRequested: true, heldBy: 'e-1' }), 'e-1', NOW));
      expect(step.next.status).toBe('pending');
      expect(step.next).not.toHaveProperty('holdRequested');
      expect(step.expect).toMatchObject({ name: 'stillFlagged', with: ['holdRequested'] });
      expect(applied(release({ ...claimed(), holdRequested: true, heldBy: 'e-1' }, 'e-1', NOW)).next).not.toHaveProperty('holdRequested');
    });

    it('refuses what another escalation holds, and a follow-up not held at all', () => {
      expect(isRefused(release(waiting({ status: 'held', heldBy: 'e-2' }), 'e-1', NOW))).toBe(true);
      expect(isRefused(release(waiting(), 'e-1', NOW))).toBe(true);
    });
  });

  describe('after an acknowledgement with an outcome', () => {
    it('marks a follow-up released after a warning sign as the gentler check-in', () => {
      expect(applied(release(waiting({ status: 'held', heldBy: 'e-1' }), 'e-1', NOW, 'checkin')).next).toMatchObject({ status: 'pending', variant: 'checkin' });
      expect(applied(release(waiting({ holdRequested: true, heldBy: 'e-1' }), 'e-1', NOW, 'checkin')).next.variant).toBe('checkin');
      expect(applied(release(waiting({ status: 'held', heldBy: 'e-1' }), 'e-1', NOW)).next).not.toHaveProperty('variant');
    });

    it('skips what the escalation held ("skip the rest"), for good', () => {
      const step = applied(skip(waiting({ status: 'held', heldBy: 'e-1', reason: 'held: an escalation is open' }), 'e-1', LATER));
      expect(step.next).toMatchObject({ status: 'skipped', reason: SKIPPED_AFTER_ESCALATION, updatedAt: LATER.toISOString() });
      expect(step.next).not.toHaveProperty('heldBy');
      expect(step.expect).toMatchObject({ name: 'stillHeld', heldBy: 'e-1' });
      expect(applied(skip(waiting({ holdRequested: true, heldBy: 'e-1' }), 'e-1', NOW)).next.status).toBe('skipped');
    });

    it('flags one being sent as cancelled, so that a throttled retry is never sent', () => {
      const step = applied(skip({ ...claimed(), holdRequested: true, heldBy: 'e-1' }, 'e-1', NOW));
      expect(step.next).toMatchObject({ status: 'claimed', cancelRequested: true });
      expect(step.next).not.toHaveProperty('holdRequested');
    });

    it('leaves alone what another escalation holds, and what is not held', () => {
      expect(isRefused(skip(waiting({ status: 'held', heldBy: 'e-2' }), 'e-1', NOW))).toBe(true);
      expect(isRefused(skip(waiting(), 'e-1', NOW))).toBe(true);
    });
  });

  describe('settle', () => {
    it('settles a flagged retry cancelled or held, expecting the flag still set', () => {
      expect(applied(settle(waiting({ cancelRequested: true }), NOW)).next).toMatchObject({ status: 'cancelled' });
      const held = applied(settle(waiting({ holdRequested: true, heldBy: 'e-1' }), NOW));
      expect(held.next).toMatchObject({ status: 'held', heldBy: 'e-1' });
      expect(held.next).not.toHaveProperty('holdRequested');
      expect(followUpMatches(held.expect, waiting({ heldBy: 'e-1' }))).toBe(false);
    });

    it('prefers cancel over hold, and refuses one with nothing requested', () => {
      expect(applied(settle(waiting({ cancelRequested: true, holdRequested: true }), NOW)).next.status).toBe('cancelled');
      expect(isRefused(settle(waiting(), NOW))).toBe(true);
      expect(isRefused(settle({ ...claimed(), cancelRequested: true }, NOW))).toBe(true);
    });
  });
});
