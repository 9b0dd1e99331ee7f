import type { Challenge, DeviceSession, LinkToken, Passkey } from '#domain/sign-in';

/**
 * The therapist's sign-in: one-time link tokens, device sessions, passkey ceremonies' challenges and the passkeys.
 * Every expiring record also expires in the store (TTL), so nothing of a sign-in outlives its use.
 */
export interface SignInStore {
  /** Counts one more sign-in link asked for in this window; the count including this one. */
  countLinkRequest(windowKey: string, windowEndsAt: Date): Promise<number>;
  addLinkToken(token: LinkToken): Promise<void>;
  /** Marks the token used if it is unused and unexpired (notYetUsed, notExpired); false otherwise: a replay changes nothing. */
  redeemLinkToken(hash: string, now: Date): Promise<boolean>;

  addDevice(session: DeviceSession): Promise<void>;
  getDevice(id: string): Promise<DeviceSession | undefined>;
  /** Writes the slid expiry and last-seen time, if the session still exists (stillSignedIn). */
  touchDevice(session: DeviceSession): Promise<boolean>;
  /** Every device session, newest use first. */
  listDevices(): Promise<DeviceSession[]>;
  /** Removes one device session; false when there was none. */
  removeDevice(id: string): Promise<boolean>;
  /** Removes every device session; how many there were. */
  removeAllDevices(): Promise<number>;

  addChallenge(challenge: Challenge): Promise<void>;
  /** Takes a challenge out of the store (single use); undefined when it was taken already or never made. */
  takeChallenge(id: string): Promise<Challenge | undefined>;

  addPasskey(passkey: Passkey): Promise<void>;
  getPasskey(id: string): Promise<Passkey | undefined>;
  listPasskeys(): Promise<Passkey[]>;
  /** Records a use: its new signature counter and when. */
  recordPasskeyUse(id: string, counter: number, at: Date): Promise<void>;
}
