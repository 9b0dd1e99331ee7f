import { linkRedeemable, type Challenge, type DeviceSession, type LinkToken, type Passkey } from '#domain/sign-in';
import type { SignInStore } from '#ports/sign-in-store';

const copy = <T>(value: T): T => structuredClone(value);
const newestUseFirst = (a: DeviceSession, b: DeviceSession) => b.lastSeenAt.localeCompare(a.lastSeenAt);

/** The sign-in store in memory, keeping the DynamoDB store's promises (test/sign-in-store.contract.test.ts). */
export class MemorySignInStore implements SignInStore {
  private readonly linkCounts = new Map<string, number>();
  private readonly links = new Map<string, LinkToken>();
  private readonly devices = new Map<string, DeviceSession>();
  private readonly challenges = new Map<string, Challenge>();
  private readonly passkeys = new Map<string, Passkey>();

  async countLinkRequest(windowKey: string) {
    const count = (this.linkCounts.get(windowKey) ?? 0) + 1;
    this.linkCounts.set(windowKey, count);
    return count;
  }

  async addLinkToken(token: LinkToken) {
    this.links.set(token.hash, copy(token));
  }

  async redeemLinkToken(hash: string, now: Date) {
    const stored = this.links.get(hash);
    if (!linkRedeemable(stored, now)) return false;
    this.links.set(hash, { ...(stored as LinkToken), usedAt: now.toISOString() });
    return true;
  }

  async addDevice(session: DeviceSession) {
    this.devices.set(session.id, copy(session));
  }

  async getDevice(id: string) {
    return copy(this.devices.get(id));
  }

  async touchDevice(session: DeviceSession) {
    const stored = this.devices.get(session.id);
    if (!stored) return false;
    this.devices.set(session.id, { ...stored, lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt });
    return true;
  }

  async listDevices() {
    return [...this.devices.values()].sort(newestUseFirst).map(copy);
  }

  async removeDevice(id: string) {
    return this.devices.delete(id);
  }

  async removeAllDevices() {
    const count = this.devices.size;
    this.devices.clear();
    return count;
  }

  async addChallenge(challenge: Challenge) {
    this.challenges.set(challenge.id, copy(challenge));
  }

  async takeChallenge(id: string) {
    const stored = this.challenges.get(id);
    this.challenges.delete(id);
    return copy(stored);
  }

  async addPasskey(passkey: Passkey) {
    this.passkeys.set(passkey.id, copy(passkey));
  }

  async getPasskey(id: string) {
    return copy(this.passkeys.get(id));
  }

  async listPasskeys() {
    return [...this.passkeys.values()].sort((a, b) => a.createdAt.localeCompare(b.createdAt)).map(copy);
  }

  async recordPasskeyUse(id: string, counter: number, at: Date) {
    const stored = this.passkeys.get(id);
    if (stored) this.passkeys.set(id, { ...stored, counter, lastUsedAt: at.toISOString() });
  }
}
