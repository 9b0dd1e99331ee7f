import { describe, expect, it } from 'vitest';
import { amend, CANCELLED_REASON, claim, followUpMatches, HELD_REASON, isRefused, restore, type FollowUpStep, type FollowUpTransition } from '#domain/follow-up';
import { ValidationError } from '#domain/errors';
import type { FollowUp, Session } from '#domain/model';
import { parseSendingHours } from '#domain/quiet-hours';
import { amendmentFor, planSessionEdit, whyNoUndo } from '#domain/session-edit';

const NOW = new Date('2026-11-27T18:00:00Z'); // 10:00 in Los Angeles
const context = { now: NOW, defaultTimezone: 'America/Los_Angeles', phoneRegion: 'US', consentWordingVersion: 'v2', defaultLanguage: 'en' as const };
const hours = parseSendingHours('09:00-20:00');
const intakeConsent = { granted: true, at: '2026-11-27T16:00:00.000Z', source: 'therapist-intake', wordingVersion: 'v2' };

const session = (extra: Partial<Session> = {}): Session => ({
  id: '7d8f2a4e-1c3b-4e5f-9a6b-0c1d2e3f4a5b',
  client: { name: 'Jordan Lee', firstName: 'Jordan', phone: '+13105550142', email: 'jordan@example.com', timezone: 'America/Los_Angeles' },
  endedAt: '2026-11-27T16:00:00.000Z',
  createdAt: '2026-11-27T16:05:00.000Z',
  modality: 'deep tissue',
  consent: { sms: intakeConsent, email: intakeConsent },
  status: 'active',
  ...extra,
});

const waiting = (extra: Partial<FollowUp> = {}): FollowUp => ({
  sessionId: session().id,
  step: '24h',
  dueAt: '2026-11-28T16:00:00.000Z',
  sendAt: '2026-11-28T17:00:00.000Z',
  status: 'pending',
  channels: { sms: { status: 'pending' }, email: { status: 'pending' } },
  attempts: 0,
  updatedAt: '2026-11-27T16:05:00.000Z',
  client: session().client,
  modality: 'deep tissue',
  ...extra,
});

const applied = (step: FollowUpStep): FollowUpTransition => {
  if (isRefused(step)) throw new Error(`refused: ${step.refused}`);
  expect(followUpMatches(step.expect, step.from)).toBe(true);
  return step;
};

const problems = (body: unknown, from = session()) => {
  try {
    planSessionEdit(from, body, context);
  } catch (error) {
    if (error instanceof ValidationError) return error.problems;
    throw error;
  }
  throw new Error('the edit was accepted');
};

describe('planning a session edit', () => {
  it('corrects the name (and so the first name the messages greet) and records which field changed, not its old value', () => {
    const plan = planSessionEdit(session(), { client: { name: '  Jordyn   Lee ' } }, context);
    expect(plan.next.client).toMatchObject({ name: 'Jordyn Lee', firstName: 'Jordyn', phone: '+13105550142' });
    expect(plan.fields).toEqual(['client.name']);
    expect(plan.next.edits).toEqual([{ at: NOW.toISOString(), fields: ['client.name'] }]);
    expect(JSON.stringify(plan.next.edits)).not.toContain('Jordan');
  });

  it('takes a new number written as people write it, with fresh consent recorded with its time and wording version', () => {
    const plan = planSessionEdit(session(), { client: { phone: '(310) 555-0199' }, consent: { sms: true } }, context);
    expect(plan.next.client.phone).toBe('+13105550199');
    expect(plan.next.consent.sms).toEqual({ granted: true, at: NOW.toISOString(), source: 'therapist-edit', wordingVersion: 'v2' });
    expect(plan.next.consent.email).toBe(intakeConsent);
    expect(plan.changedChannels).toEqual(['sms']);
    expect(plan.channels).toEqual(['sms', 'email']);
    expect(plan.fields).toEqual(['client.phone', 'consent.sms']);
  });

  it("refuses a new number or address without the client's agreement again, in a plain sentence", () => {
    expect(problems({ client: { phone: '(310) 555-0199' } })).toEqual([{ field: 'consent.sms', message: "The new number needs the client's agreement to texts again" }]);
    expect(problems({ client: { email: 'new@example.com' } })).toEqual([
      { field: 'consent.email', message: "The new email address needs the client's agreement to emails again" },
    ]);
  });

  it('accepts the same number in another form without asking for consent again', () => {
    const plan = planSessionEdit(session(), { client: { phone: '310.555.0142', name: 'Jordan Lee' } }, context);
    expect(plan.fields).toEqual([]);
    expect(plan.changedChannels).toEqual([]);
    expect(plan.next.editedAt).toBeUndefined();
  });

  it('turns a channel off when its contact point is removed, and keeps the other', () => {
    const plan = planSessionEdit(session(), { client: { email: '' } }, context);
    expect(plan.next.client.email).toBeUndefined();
    expect(plan.next.consent.email).toMatchObject({ granted: false, source: 'therapist-edit' });
    expect(plan.channels).toEqual(['sms']);
    expect(plan.changedChannels).toEqual(['email']);
  });

  it('refuses removing the only channel left, a bad number and unknown fields, with intake’s own words', () => {
    expect(problems({ client: { phone: '' } }, session({ client: { ...session().client, email: undefined } as Session['client'] }))).toEqual([
      { field: 'consent', code: 'no-channel', message: 'Keep texts or emails (or both): the client needs one way to get their aftercare.' },
    ]);
    expect(problems({ client: { phone: '555' }, consent: { sms: true } })).toEqual([{ field: 'client.phone', message: "That mobile number doesn't look right; check the digits (a number abroad needs its country code, such as +44)." }]);
    expect(problems({ client: { timezone: 'Mars/Olympus' } })[0]?.message).toMatch(/We don't know that time zone/);
    expect(problems({ endedAt: NOW.toISOString() })[0]?.message).toMatch(/unknown field: endedAt/);
    expect(problems({})).toEqual([expect.objectContaining({ field: 'body' })]);
    expect(problems({ consent: { sms: true, wordingVersion: 'v1' } })).toEqual([{ field: 'consent.wordingVersion', code: 'old-consent-wording', message: expect.stringContaining('The consent wording has changed') }]);
  });

  it('removes the modality when it is cleared, and notices a new zone', () => {
    const plan = planSessionEdit(session(), { modality: '', client: { timezone: 'America/New_York' } }, context);
    expect(plan.next.modality).toBeUndefined();
    expect(plan.zoneChanged).toBe(true);
    expect(plan.fields).toEqual(['client.timezone', 'modality']);
  });
});

describe('amend (a waiting follow-up takes the edit)', () => {
  const phoneEdit = planSessionEdit(session(), { client: { phone: '(310) 555-0199' }, consent: { sms: true } }, context);

  it('gives a pending follow-up the new client copy and starts the changed channel again', () => {
    const change = amendmentFor(phoneEdit, waiting(), hours, NOW);
    const step = applied(amend(waiting(), change!, NOW));
    expect(step.next).toMatchObject({ status: 'pending', client: { phone: '+13105550199' }, editedAt: NOW.toISOString(), sendAt: waiting().sendAt });
    expect(step.next.channels).toEqual({ sms: { status: 'pending' }, email: { status: 'pending' } });
    expect(step.expect).toMatchObject({ name: 'stillWaiting', status: 'pending' });
  });

  it('keeps a channel answered in an earlier attempt, drops one turned off, and amends a held one too', () => {
    const emailOff = planSessionEdit(session(), { client: { email: '' } }, context);
    const retried = waiting({ attempts: 1, channels: { sms: { status: 'sent', providerId: 'SM1' }, email: { status: 'pending' } } });
    expect(applied(amend(retried, amendmentFor(emailOff, retried, hours, NOW)!, NOW)).next.channels).toEqual({ sms: { status: 'sent', providerId: 'SM1' } });
    const held = waiting({ status: 'held', heldBy: 'e-1', reason: HELD_REASON });
    expect(applied(amend(held, amendmentFor(phoneEdit, held, hours, NOW)!, NOW)).next).toMatchObject({ status: 'held', heldBy: 'e-1', client: { phone: '+13105550199' } });
  });

  it('never changes one being sent or already sent', () => {
    const change = amendmentFor(phoneEdit, waiting(), hours, NOW)!;
    for (const status of ['claimed', 'sent', 'skipped', 'failed', 'cancelled', 'unknown'] as const) {
      expect(isRefused(amend(waiting({ status }), change, NOW)), status).toBe(true);
    }
  });

  it('plans the send time again through quiet hours in a new zone', () => {
    const east = planSessionEdit(session(), { client: { timezone: 'America/New_York' } }, context);
    // Due 16:00 UTC = 11:00 in New York: inside the sending hours there.
    const step = applied(amend(waiting(), amendmentFor(east, waiting(), hours, NOW)!, NOW));
    expect(step.next.sendAt).toBe('2026-11-28T16:00:00.000Z');
    // Due 12:00 UTC = 07:00 in New York: waits for 09:00 there (14:00 UTC).
    const early = waiting({ dueAt: '2026-11-28T12:00:00.000Z', sendAt: '2026-11-28T17:00:00.000Z' });
    expect(applied(amend(early, amendmentFor(east, early, hours, NOW)!, NOW)).next.sendAt).toBe('2026-11-28T14:00:00.000Z');
  });

  it('has nothing to do for a follow-up that already has this edit', () => {
    const done = waiting({ editedAt: NOW.toISOString() });
    expect(amendmentFor(phoneEdit, done, hours, NOW)).toBeUndefined();
  });

  it("makes a sender's claim on the copy read before the edit fail", () => {
    const read = waiting({ sendAt: '2026-11-27T17:00:00.000Z' });
    const stale = applied(claim(read, 'token', NOW, new Date(NOW.getTime() + 300_000)));
    const afterEdit = applied(amend(read, amendmentFor(phoneEdit, read, hours, NOW)!, NOW)).next;
    expect(followUpMatches(stale.expect, afterEdit)).toBe(false);
    expect(followUpMatches(applied(claim(afterEdit, 'token', NOW, new Date(NOW.getTime() + 300_000))).expect, afterEdit)).toBe(true);
  });
});

describe('restore (undoing a cancel)', () => {
  const cancelled = (extra: Partial<FollowUp> = {}) => waiting({ status: 'cancelled', reason: CANCELLED_REASON, ...extra });

  it('puts a cancelled follow-up back to waiting, or held when an escalation held it', () => {
    const step = applied(restore(cancelled(), NOW));
    expect(step.next.status).toBe('pending');
    expect(step.next.reason).toBeUndefined();
    expect(step.expect).toMatchObject({ name: 'stillCancelled', status: 'cancelled' });
    expect(applied(restore(cancelled({ heldBy: 'e-1' }), NOW)).next).toMatchObject({ status: 'held', heldBy: 'e-1', reason: HELD_REASON });
  });

  it('takes the cancel flag off one being sent, and leaves sent or skipped ones alone', () => {
    const step = applied(restore(waiting({ status: 'claimed', cancelRequested: true, claimToken: 't' }), NOW));
    expect(step.next.cancelRequested).toBeUndefined();
    expect(step.expect).toMatchObject({ name: 'stillClaimed', with: ['cancelRequested'] });
    for (const status of ['sent', 'skipped', 'pending'] as const) expect(isRefused(restore(waiting({ status }), NOW)), status).toBe(true);
    expect(isRefused(restore(waiting({ status: 'cancelled', reason: 'something else' }), NOW))).toBe(true);
  });

  it('allows undo within 10 minutes while nothing cancelled would have gone out, and says why not otherwise', () => {
    const cancelledSession = session({ status: 'cancelled', cancelledAt: '2026-11-27T17:55:00.000Z' });
    expect(whyNoUndo(cancelledSession, [cancelled()], NOW)).toBeUndefined();
    expect(whyNoUndo(cancelledSession, [cancelled()], new Date('2026-11-27T18:05:01Z'))).toMatch(/10 minutes/);
    expect(whyNoUndo(cancelledSession, [cancelled({ sendAt: '2026-11-27T17:58:00.000Z' })], NOW)).toMatch(/would have gone out/);
    expect(whyNoUndo(session(), [], NOW)).toMatch(/not cancelled/);
  });
});
