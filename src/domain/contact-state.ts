import type { Channel, ContactPoint, Session } from './model.ts';

/**
 * What a session's channel allows now, for the therapist to see: `opted-out` (the client asked to stop, or the
 * provider refuses the address; outlives the session), `no-consent` (not agreed at intake), or `on`.
 */
export type ChannelState = 'on' | 'opted-out' | 'no-consent';

/** An opt-out or an opt-in: when, the source as recorded (`ContactPoint.optOutSource`), and how, in plain words. */
export interface ContactChange {
  at: string;
  source: string;
  /** Fits "opted out by …": "a STOP text", "the unsubscribe link". */
  how: string;
}

export interface ChannelView {
  channel: Channel;
  address: string;
  state: ChannelState;
  /** What the client agreed to with this session (consent is per session; an opt-out is per address). */
  consent: Session['consent'][Channel];
  optedOut?: ContactChange;
  /** The latest opt-in after an earlier opt-out (START). */
  optedBackIn?: ContactChange;
}

/** Where `setOptOut` is called, each source in words that fit "opted out by …". */
const OPT_OUT_HOW: Record<string, string> = {
  'sms-keyword': 'a STOP text',
  'unsubscribe-link': 'the unsubscribe link in an email',
  'unsubscribe-one-click': 'the unsubscribe button in their mailbox',
  'email-reply': 'an email reply asking to stop',
  'ses-bounce': 'a bounce (the address does not take mail)',
  'ses-complaint': 'a spam complaint from their mailbox',
};

/** `provider`: Twilio error 21610 for a text (the number blocked us with STOP at the carrier), SES for an email. */
const PROVIDER_HOW: Record<Channel, string> = {
  sms: 'their carrier (the number blocks texts from us)',
  email: 'the email provider refusing the address',
};

/** How an opt-out came about, in plain words; a source this table does not know reads as "a request". */
export function optOutHow(channel: Channel, source: string | undefined): string {
  if (source === 'provider') return PROVIDER_HOW[channel];
  return (source && OPT_OUT_HOW[source]) ?? 'a request';
}

/** How an opt-in came about: START (or UNSTOP, YES after STOP) is the only way back. */
export const optInHow = (source: string | undefined): string => (source === 'sms-keyword' ? 'a START text' : 'a request');

/** The session's contact points: the phone and the email it has, with their keys for the contact store. */
export function contactKeysOf(session: Pick<Session, 'client'>): { channel: Channel; address: string }[] {
  return [
    ...(session.client.phone ? [{ channel: 'sms' as const, address: session.client.phone }] : []),
    ...(session.client.email ? [{ channel: 'email' as const, address: session.client.email }] : []),
  ];
}

export const contactId = (key: { channel: Channel; address: string }) => `${key.channel}:${key.address}`;

/**
 * Each of a session's channels: its consent, and the state of its contact point (found in `contacts`, or never
 * opted out when absent). Opted out wins over consent: nothing goes out either way, and it is what the client said.
 */
export function channelViews(session: Pick<Session, 'client' | 'consent'>, contacts: ReadonlyMap<string, ContactPoint>): ChannelView[] {
  return contactKeysOf(session).map((key) => {
    const point = contacts.get(contactId(key));
    const consent = session.consent[key.channel];
    const change = point?.optedOutAt ? { at: point.optedOutAt, source: point.optOutSource ?? 'unknown' } : undefined;
    const state: ChannelState = point?.optedOut ? 'opted-out' : consent.granted ? 'on' : 'no-consent';
    return {
      channel: key.channel,
      address: key.address,
      state,
      consent,
      ...(point?.optedOut && change ? { optedOut: { ...change, how: optOutHow(key.channel, point.optOutSource) } } : {}),
      ...(point && !point.optedOut && change ? { optedBackIn: { ...change, how: optInHow(point.optOutSource) } } : {}),
    };
  });
}

/** The channels of a session that are opted out now. */
export const optedOutChannels = (channels: readonly ChannelView[]): ReadonlySet<Channel> =>
  new Set(channels.filter((c) => c.state === 'opted-out').map((c) => c.channel));
