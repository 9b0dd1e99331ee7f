import type { Channel, ContactPoint } from '#domain/model';

export type ContactKey = { channel: Channel; address: string };

/** Contact points: consent (recorded with a session) and opt-outs, which outlive the retention period. */
export interface ContactStore {
  get(keys: ContactKey[]): Promise<ContactPoint[]>;
  /** Opts a contact point out (STOP, unsubscribe link, provider refusal) or back in (START). */
  setOptOut(channel: Channel, address: string, optedOut: boolean, source: string, now: Date): Promise<void>;
  /**
   * Takes the contact point's one automatic answer of the window: true if none was sent in the last `windowHours`
   * (and this one is now recorded), false otherwise. Two at once: one wins.
   */
  claimAutoAnswer(key: ContactKey, now: Date, windowHours: number): Promise<boolean>;
}
