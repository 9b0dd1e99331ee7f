import { describe, expect, it } from 'vitest';
import type { FollowUpView, SessionView } from '../../web/src/api.ts';
import { dateToZonedLocal, displayPhone, shortTime, zonedLocalToDate } from '../../web/src/format.ts';
import { channelLine, stepState } from '../../web/src/sessions.ts';

describe('the page\'s times in the practice zone', () => {
  it('reads a datetime-local value as wall-clock time in the practice zone, on both sides of the DST changes', () => {
    expect(zonedLocalToDate('2026-11-27T07:59', 'America/Los_Angeles')?.toISOString()).toBe('2026-11-27T15:59:00.000Z');
    expect(zonedLocalToDate('2026-07-01T07:59', 'America/Los_Angeles')?.toISOString()).toBe('2026-07-01T14:59:00.000Z');
    // 8 March 2026: 02:00 PST jumps to 03:00 PDT; 1 November 2026: 02:00 PDT falls back to 01:00 PST.
    expect(zonedLocalToDate('2026-03-08T03:30', 'America/Los_Angeles')?.toISOString()).toBe('2026-03-08T10:30:00.000Z');
    expect(zonedLocalToDate('2026-03-08T01:30', 'America/Los_Angeles')?.toISOString()).toBe('2026-03-08T09:30:00.000Z');
    expect(zonedLocalToDate('2026-11-01T03:00', 'America/Los_Angeles')?.toISOString()).toBe('2026-11-01T11:00:00.000Z');
    expect(zonedLocalToDate('2026-03-29T12:00', 'Europe/London')?.toISOString()).toBe('2026-03-29T11:00:00.000Z');
    expect(zonedLocalToDate('27/11/2026 07:59', 'America/Los_Angeles')).toBeUndefined();
  });

  it('writes an instant back as the same wall-clock value and shows short times there', () => {
    const at = new Date('2026-11-27T15:59:00Z');
    expect(dateToZonedLocal(at, 'America/Los_Angeles')).toBe('2026-11-27T07:59');
    expect(dateToZonedLocal(at, 'Asia/Tokyo')).toBe('2026-11-28T00:59');
    expect(shortTime(at.toISOString(), 'America/Los_Angeles')).toBe('Fri 7:59 AM');
  });

  it('shows US numbers nationally and others in international form', () => {
    expect(displayPhone('+13105550142')).toBe('(310) 555-0142');
    expect(displayPhone('+447700900123')).toBe('+447700900123');
  });
});

describe('a follow-up\'s status word', () => {
  const followUp = (over: Partial<FollowUpView>): FollowUpView => ({
    step: '2h',
    dueAt: '2026-11-28T04:00:00.000Z',
    sendAt: '2026-11-28T04:00:00.000Z',
    status: 'scheduled',
    channels: ['sms'],
    channelStatus: { sms: 'scheduled' },
    delivery: { sms: { status: 'pending' } },
    ...over,
  });
  const session = (messages: Partial<SessionView['messages'][number]>[] = []) => ({ messages }) as SessionView;
  const word = (f: FollowUpView, s = session()) => stepState(f, s, 'America/Los_Angeles').word;

  it('says Deferred with the due time when quiet hours moved it', () => {
    const state = stepState(followUp({ status: 'deferred', sendAt: '2026-11-28T17:00:00.000Z' }), session(), 'America/Los_Angeles');
    expect(state).toMatchObject({ word: 'Deferred', at: '2026-11-28T17:00:00.000Z' });
    expect(state.detail).toContain('due Fri 8:00 PM');
  });

  it('says Delivered only when the provider reported delivery of one of its messages', () => {
    const sent = followUp({ status: 'sent', delivery: { sms: { status: 'sent', providerId: 'SM1', at: '2026-11-28T04:00:01.000Z' } } });
    expect(word(sent)).toBe('Sent');
    expect(word(sent, session([{ providerId: 'SM1', deliveryStatus: 'delivered' }]))).toBe('Delivered');
    expect(word(sent, session([{ providerId: 'SM1', deliveryStatus: 'undelivered' }]))).toBe('Not delivered');
  });

  it('has a word for every other status', () => {
    const words = ['skipped', 'failed', 'held', 'cancelled', 'sending', 'unknown'].map((status) => word(followUp({ status: status as FollowUpView['status'] })));
    expect(words).toEqual(['Skipped', 'Failed', 'Held', 'Cancelled', 'Sending', 'Unknown']);
  });
});

describe('a channel\'s consent and opt-out in words', () => {
  const channel = (over: Partial<SessionView['channels'][number]>): SessionView['channels'][number] => ({
    channel: 'sms',
    address: '+13105550142',
    state: 'on',
    consent: { granted: true, at: '2026-11-27T18:00:00.000Z', source: 'therapist-intake', wordingVersion: 'v1' },
    ...over,
  });

  it('says who opted out, how and when, in the practice zone', () => {
    const stopped = channel({ state: 'opted-out', optedOut: { at: '2026-11-28T18:02:00.000Z', source: 'sms-keyword', how: 'a STOP text' } });
    expect(channelLine(stopped, 'America/Los_Angeles')).toBe('Texts: opted out by a STOP text on Sat, Nov 28, 10:02 AM');
    expect(channelLine(channel({ channel: 'email', state: 'no-consent' }), 'America/Los_Angeles')).toBe('Emails: not agreed at intake, so none are sent');
    expect(channelLine(channel({}), 'America/Los_Angeles')).toBe('Texts: on, agreed Fri, Nov 27, 10:00 AM');
    expect(channelLine(channel({ optedBackIn: { at: '2026-11-28T19:00:00.000Z', source: 'sms-keyword', how: 'a START text' } }), 'America/Los_Angeles')).toBe(
      'Texts: back on by a START text on Sat, Nov 28, 11:00 AM',
    );
  });
});

describe('a follow-up for an opted-out channel', () => {
  const base: FollowUpView = {
    step: '24h',
    dueAt: '2026-11-28T16:00:00.000Z',
    sendAt: '2026-11-28T17:00:00.000Z',
    status: 'opted-out',
    channels: ['sms'],
    channelStatus: { sms: 'opted-out' },
    delivery: { sms: { status: 'pending' } },
  };
  const session = { messages: [] } as unknown as SessionView;

  it('says Opted out, not Scheduled, and that nothing will be sent', () => {
    const state = stepState(base, session, 'America/Los_Angeles');
    expect(state).toMatchObject({ word: 'Opted out', kind: 'skipped' });
    expect(state.detail).toContain('Text opted out');
  });

  it('stays Scheduled when another channel still goes, and names the opted-out one', () => {
    const mixed = { ...base, status: 'scheduled', channels: ['sms', 'email'], channelStatus: { sms: 'opted-out', email: 'scheduled' }, delivery: { sms: { status: 'pending' }, email: { status: 'pending' } } } as FollowUpView;
    const state = stepState(mixed, session, 'America/Los_Angeles');
    expect(state.word).toBe('Scheduled');
    expect(state.detail).toBe('Text opted out · Email');
  });
});
