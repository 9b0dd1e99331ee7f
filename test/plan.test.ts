import { describe, it, expect } from 'vitest';
import { isStale, planFollowUps, retryBackoffMinutes, STALE_MARGIN_HOURS, STEPS, type PlanInput } from '#domain/plan';
import { parseSendingHours } from '#domain/quiet-hours';
import { followUpView } from '#use-cases/sessions';
import type { Client, FollowUp } from '#domain/model';

const HOUR = 3_600_000;

const client = (overrides: Partial<Client> = {}): Client => ({
  name: 'Ana Pérez',
  firstName: 'Ana',
  phone: '+13105550142',
  email: 'ana@example.com',
  timezone: 'America/Los_Angeles',
  ...overrides,
});

const plan = (overrides: Partial<PlanInput> = {}): FollowUp[] => {
  const endedAt = overrides.endedAt ?? new Date('2026-06-10T18:00:00.000Z');
  return planFollowUps({
    sessionId: 'session-1',
    endedAt,
    now: endedAt,
    client: client(),
    channels: ['sms', 'email'],
    sendingHours: parseSendingHours('09:00-20:00'),
    ...overrides,
  });
};

const byStep = (followUps: FollowUp[]) => Object.fromEntries(followUps.map((fu) => [fu.step, fu]));

describe('planFollowUps', () => {
  it('plans three follow-ups due exactly 2, 24 and 48 hours after the session ended', () => {
    // Ended 11:00 PDT; every due time falls inside 09:00-20:00 in Los Angeles.
    const followUps = plan({ endedAt: new Date('2026-06-10T18:00:00.000Z') });

    expect(STEPS.map((s) => [s.step, s.offsetHours])).toEqual([['2h', 2], ['24h', 24], ['48h', 48]]);
    expect(followUps.map(({ step, dueAt, sendAt, status }) => ({ step, dueAt, sendAt, status }))).toEqual([
      { step: '2h', dueAt: '2026-06-10T20:00:00.000Z', sendAt: '2026-06-10T20:00:00.000Z', status: 'pending' },
      { step: '24h', dueAt: '2026-06-11T18:00:00.000Z', sendAt: '2026-06-11T18:00:00.000Z', status: 'pending' },
      { step: '48h', dueAt: '2026-06-12T18:00:00.000Z', sendAt: '2026-06-12T18:00:00.000Z', status: 'pending' },
    ]);
    expect(followUps.every((fu) => fu.sessionId === 'session-1' && fu.attempts === 0 && !fu.reason)).toBe(true);
  });

  it('counts offsets in elapsed hours, so the 24 h follow-up after a spring-forward lands an hour later on the wall clock', () => {
    // Ended 10:00 PST Mar 7; 24 h later is 11:00 PDT Mar 8.
    const { '24h': day } = byStep(plan({ endedAt: new Date('2026-03-07T18:00:00.000Z') }));
    expect(day?.dueAt).toBe('2026-03-08T18:00:00.000Z');
    expect(day?.sendAt).toBe('2026-03-08T18:00:00.000Z');
  });

  it('defers sendAt out of quiet hours in the client\'s zone, not in UTC nor the practice\'s zone', () => {
    // Ended 2026-03-10 08:00Z. The 2h follow-up is due 10:00Z: inside hours in UTC, 03:00 PDT in Los Angeles
    // (the practice), but 21:00 AEDT for a client in Sydney, so it waits for 09:00 AEDT Mar 11 = 22:00Z Mar 10.
    const followUps = plan({
      endedAt: new Date('2026-03-10T08:00:00.000Z'),
      client: client({ timezone: 'Australia/Sydney' }),
    });
    const { '2h': twoHours, '24h': day, '48h': twoDays } = byStep(followUps);

    expect(twoHours?.dueAt).toBe('2026-03-10T10:00:00.000Z');
    expect(twoHours?.sendAt).toBe('2026-03-10T22:00:00.000Z');
    expect(twoHours?.status).toBe('pending');
    // 19:00 AEDT: inside the client's hours although it is 01:00 in Los Angeles.
    expect(day?.sendAt).toBe('2026-03-11T08:00:00.000Z');
    expect(twoDays?.sendAt).toBe('2026-03-12T08:00:00.000Z');
  });

  it('defers a follow-up due in the evening across the LA spring-forward to 09:00 PDT (16:00Z)', () => {
    // Ended 19:30 PST Mar 7; the 2h follow-up is due 21:30 PST = 05:30Z Mar 8.
    const { '2h': twoHours } = byStep(plan({ endedAt: new Date('2026-03-08T03:30:00.000Z') }));
    expect(twoHours?.dueAt).toBe('2026-03-08T05:30:00.000Z');
    expect(twoHours?.sendAt).toBe('2026-03-08T16:00:00.000Z');
  });

  it('marks each follow-up stale STALE_MARGIN_HOURS before the next one is due, and the 48 h one never', () => {
    const { '2h': twoHours, '24h': day, '48h': twoDays } = byStep(plan());
    const before = (at?: string) => new Date(new Date(at ?? '').getTime() - STALE_MARGIN_HOURS * HOUR).toISOString();
    expect(twoHours?.staleAt).toBe(before(day?.dueAt));
    expect(day?.staleAt).toBe(before(twoDays?.dueAt));
    expect(twoDays).not.toHaveProperty('staleAt');
  });

  it('skips only the 2 h follow-up, as stale, when the session is entered 25 hours late', () => {
    const endedAt = new Date('2026-06-10T18:00:00.000Z');
    const followUps = plan({ endedAt, now: new Date(endedAt.getTime() + 25 * HOUR) });
    const { '2h': twoHours, '24h': day, '48h': twoDays } = byStep(followUps);

    expect(twoHours?.status).toBe('skipped');
    expect(twoHours?.reason).toBe('Not sent: the session was entered too late for this one — the 24-hour message goes out instead');
    expect(twoHours?.reasonCode).toBe('stale');
    expect(twoHours?.channels).toEqual({ sms: { status: 'skipped' }, email: { status: 'skipped' } });
    expect(day?.status).toBe('pending');
    expect(day?.reason).toBeUndefined();
    expect(day?.reasonCode).toBeUndefined();
    expect(twoDays?.status).toBe('pending');
  });

  // The client should not get the 24 h and 48 h texts an hour apart: within the margin the earlier one is stale.
  it('skips the 24 h follow-up too when the session is entered 47 hours late, because the 48 h one is an hour away', () => {
    const endedAt = new Date('2026-06-10T18:00:00.000Z');
    const now = new Date(endedAt.getTime() + 47 * HOUR);
    const { '2h': twoHours, '24h': day, '48h': twoDays } = byStep(plan({ endedAt, now }));

    expect(twoHours?.status).toBe('skipped');
    expect(day?.status).toBe('skipped');
    expect(day?.reason).toBe('Not sent: the session was entered too late for this one — the 48-hour message goes out instead');
    expect(day?.reasonCode).toBe('stale');
    expect(twoDays?.status).toBe('pending');
  });

  it('keeps the 24 h follow-up when the 48 h one is more than the margin away (entered 41 hours late)', () => {
    const endedAt = new Date('2026-06-10T18:00:00.000Z');
    const now = new Date(endedAt.getTime() + (48 - STALE_MARGIN_HOURS - 1) * HOUR);
    const { '24h': day } = byStep(plan({ endedAt, now }));
    expect(day?.status).toBe('pending');
  });

  it('sends only the 48 h follow-up when the session is entered 48 hours late or later', () => {
    const endedAt = new Date('2026-06-10T18:00:00.000Z');
    for (const lateHours of [48, 60]) {
      const followUps = plan({ endedAt, now: new Date(endedAt.getTime() + lateHours * HOUR) });
      expect(followUps.map((fu) => [fu.step, fu.status])).toEqual([['2h', 'skipped'], ['24h', 'skipped'], ['48h', 'pending']]);
      expect(followUps.filter((fu) => fu.status === 'skipped').every((fu) => fu.reasonCode === 'stale' && fu.reason?.startsWith('Not sent: the session was entered too late'))).toBe(true);
      expect(byStep(followUps)['48h']?.reason).toBeUndefined();
    }
  });

  describe('at the exact stale boundary, the next step due 6 h from now', () => {
    const endedAt = new Date('2026-06-10T18:00:00.000Z');
    // The 24 h step is due at endedAt + 24 h; 6 h before that is endedAt + 18 h.
    const boundary = endedAt.getTime() + (24 - STALE_MARGIN_HOURS) * HOUR;

    it.each([
      ['1 ms before', -1, 'pending'],
      ['exactly at', 0, 'pending'],
      ['1 ms after', 1, 'skipped'],
    ])('plans the 2 h step %s the boundary as %s', (_when, offsetMs, status) => {
      const { '2h': twoHours } = byStep(plan({ endedAt, now: new Date(boundary + offsetMs) }));
      expect(twoHours?.staleAt).toBe(new Date(boundary).toISOString());
      expect(twoHours?.status).toBe(status);
    });

    it('is not stale while the next step is 6 h away or more, and stale once it is any less', () => {
      const staleAt = new Date(boundary).toISOString();
      expect([-1, 0, 1].map((ms) => isStale(staleAt, new Date(boundary + ms)))).toEqual([false, false, true]);
      expect(isStale(undefined, new Date(boundary + 365 * 24 * HOUR))).toBe(false);
    });
  });

  it('plans the 2 h step of a Nuuk session on the Friday night before the midnight gap for Saturday morning, well before it goes stale', () => {
    // Ended 21:00 -02 Friday 2026-03-27; due 23:00 -02 (quiet hours). Nuuk's clocks jump from 23:00 Saturday to
    // 00:00 Sunday, which once moved it to Sunday 09:00, after its staleAt (17:00Z Saturday), so it was never sent.
    const { '2h': twoHours } = byStep(plan({ endedAt: new Date('2026-03-27T23:00:00.000Z'), client: client({ timezone: 'America/Nuuk' }) }));
    expect(twoHours?.dueAt).toBe('2026-03-28T01:00:00.000Z');
    expect(twoHours?.sendAt).toBe('2026-03-28T11:00:00.000Z'); // 09:00 -02 Saturday
    expect(twoHours?.staleAt).toBe('2026-03-28T17:00:00.000Z');
    expect(twoHours?.status).toBe('pending');
  });

  it('plans sendAt inside an overnight window (20:00-09:00) and any time with the whole day', () => {
    // Ended 11:00 PDT: the 2 h step is due 13:00 PDT, quiet in an overnight window until 20:00 PDT.
    const overnight = byStep(plan({ sendingHours: parseSendingHours('20:00-09:00') }));
    expect(overnight['2h']?.sendAt).toBe('2026-06-11T03:00:00.000Z');
    const always = plan({ endedAt: new Date('2026-06-10T08:00:00.000Z'), sendingHours: parseSendingHours('00:00-24:00') });
    expect(always.every((fu) => fu.sendAt === fu.dueAt)).toBe(true);
  });

  it('plans delivery only on the channels the client consented to', () => {
    const smsOnly = plan({ channels: ['sms'], client: client({ email: undefined }) });
    expect(smsOnly.map((fu) => fu.channels)).toEqual([
      { sms: { status: 'pending' } },
      { sms: { status: 'pending' } },
      { sms: { status: 'pending' } },
    ]);
    const emailOnly = plan({ channels: ['email'] });
    expect(emailOnly.every((fu) => Object.keys(fu.channels).join() === 'email')).toBe(true);
  });

  it('carries the client and the modality on each follow-up so a send needs no extra read', () => {
    const followUps = plan({ modality: 'deep tissue' });
    expect(followUps.every((fu) => fu.client.firstName === 'Ana' && fu.modality === 'deep tissue')).toBe(true);
    expect(plan().every((fu) => !('modality' in fu))).toBe(true);
  });
});

describe('followUpView', () => {
  it('shows "deferred" when quiet hours moved sendAt and "scheduled" otherwise', () => {
    const deferred = byStep(plan({ endedAt: new Date('2026-03-08T03:30:00.000Z') }))['2h'];
    const onTime = byStep(plan())['2h'];
    expect(deferred && followUpView(deferred).status).toBe('deferred');
    expect(onTime && followUpView(onTime).status).toBe('scheduled');
  });

  it('shows a stale follow-up as skipped with its reason and channels', () => {
    const endedAt = new Date('2026-06-10T18:00:00.000Z');
    const stale = byStep(plan({ endedAt, now: new Date(endedAt.getTime() + 30 * HOUR) }))['2h'];
    expect(stale && followUpView(stale)).toMatchObject({
      step: '2h',
      status: 'skipped',
      channels: ['sms', 'email'],
      reason: 'Not sent: the session was entered too late for this one — the 24-hour message goes out instead',
      reasonCode: 'stale',
    });
  });
});

describe('retryBackoffMinutes', () => {
  it('waits 1, 2, 4, 8, 16 minutes after successive failures, then caps at 30', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map(retryBackoffMinutes)).toEqual([1, 2, 4, 8, 16, 30, 30]);
    expect(retryBackoffMinutes(20)).toBe(30);
    expect(retryBackoffMinutes(0)).toBe(1);
  });
});
