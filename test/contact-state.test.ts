import { describe, expect, it } from 'vitest';
import { channelViews, contactId, optOutHow } from '#domain/contact-state';
import type { ContactPoint, Session } from '#domain/model';

const consent = (granted: boolean) => ({ granted, at: '2026-11-27T18:00:00.000Z', source: 'therapist-intake', wordingVersion: 'v1' });
const session = (over: Partial<Session['client']> = {}, grants = { sms: true, email: true }): Pick<Session, 'client' | 'consent'> => ({
  client: { name: 'Ana Ruiz', firstName: 'Ana', phone: '+13105550142', email: 'ana@example.com', timezone: 'America/Los_Angeles', ...over },
  consent: { sms: consent(grants.sms), email: consent(grants.email) },
});
const points = (...list: ContactPoint[]) => new Map(list.map((p) => [contactId(p), p]));

describe('a session\'s channels (consent and opt-outs)', () => {
  it('says texts are opted out by a STOP text, and when, while email stays on', () => {
    const views = channelViews(session(), points({ channel: 'sms', address: '+13105550142', optedOut: true, optedOutAt: '2026-11-28T18:02:00.000Z', optOutSource: 'sms-keyword' }));
    expect(views).toEqual([
      expect.objectContaining({ channel: 'sms', state: 'opted-out', optedOut: { at: '2026-11-28T18:02:00.000Z', source: 'sms-keyword', how: 'a STOP text' } }),
      expect.objectContaining({ channel: 'email', address: 'ana@example.com', state: 'on', consent: consent(true) }),
    ]);
  });

  it('says how each kind of opt-out came about, in plain words', () => {
    expect(optOutHow('email', 'unsubscribe-link')).toBe('the unsubscribe link in an email');
    expect(optOutHow('email', 'unsubscribe-one-click')).toBe('the unsubscribe button in their mailbox');
    expect(optOutHow('email', 'email-reply')).toBe('an email reply asking to stop');
    expect(optOutHow('sms', 'provider')).toBe('their carrier (the number blocks texts from us)');
    expect(optOutHow('email', 'ses-bounce')).toBe('a bounce (the address does not take mail)');
    expect(optOutHow('email', 'ses-complaint')).toBe('a spam complaint from their mailbox');
    expect(optOutHow('sms', 'something-new')).toBe('a request');
  });

  it('says a number is back on after START, and a channel without consent is not agreed, and only channels with an address', () => {
    const back = channelViews(session({ email: undefined }, { sms: true, email: false }), points({ channel: 'sms', address: '+13105550142', optedOut: false, optedOutAt: '2026-11-28T19:00:00.000Z', optOutSource: 'sms-keyword' }));
    expect(back).toEqual([expect.objectContaining({ channel: 'sms', state: 'on', optedBackIn: { at: '2026-11-28T19:00:00.000Z', source: 'sms-keyword', how: 'a START text' } })]);
    expect(channelViews(session({}, { sms: true, email: false }), new Map()).map((c) => c.state)).toEqual(['on', 'no-consent']);
    // Opted out wins over a missing consent: it is what the client said.
    const both = channelViews(session({}, { sms: false, email: true }), points({ channel: 'sms', address: '+13105550142', optedOut: true, optOutSource: 'provider', optedOutAt: '2026-11-28T19:00:00.000Z' }));
    expect(both[0]?.state).toBe('opted-out');
  });
});
