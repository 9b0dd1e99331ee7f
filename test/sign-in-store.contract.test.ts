import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, it } from 'vitest';
import { MemorySignInStore } from '#adapters/memory/sign-in-store';
import { DEVICES_PK, deviceSk, linkTokenKey } from '#adapters/dynamo/keys';
import { newChallenge, newDeviceSession, newLinkToken, touched, type Passkey } from '#domain/sign-in';
import type { SignInStore } from '#ports/sign-in-store';
import { freshTable } from './support/engines.ts';

/** The sign-in store's promises, kept by the DynamoDB store (against DynamoDB Local) and its in-memory twin. */
const implementations: [string, () => Promise<SignInStore>][] = [
  ['DynamoDB', async () => (await freshTable()).stores.signIn],
  ['in-memory', async () => new MemorySignInStore()],
];

const NOW = new Date('2026-11-27T18:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const UA = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const passkey = (id: string, createdAt = NOW): Passkey => ({ id, publicKey: 'pQECAyYgASFYIA', counter: 0, transports: ['internal'], label: 'Safari on iPhone', createdAt: createdAt.toISOString() });

describe.each(implementations)('%s sign-in store', (_name, make) => {
  let store: SignInStore;
  beforeEach(async () => {
    store = await make();
  });

  it('redeems a link token once, never after its 10 minutes, and never one it did not make', async () => {
    const { record } = newLinkToken(NOW);
    await store.addLinkToken(record);
    expect(await store.redeemLinkToken(record.hash, at(9))).toBe(true);
    expect(await store.redeemLinkToken(record.hash, at(9))).toBe(false);
    const late = newLinkToken(NOW).record;
    await store.addLinkToken(late);
    expect(await store.redeemLinkToken(late.hash, at(10))).toBe(false);
    expect(await store.redeemLinkToken(newLinkToken(NOW).record.hash, NOW)).toBe(false);
  });

  it('lets only one of two racing redemptions of a link win', async () => {
    const { record } = newLinkToken(NOW);
    await store.addLinkToken(record);
    const results = await Promise.all([store.redeemLinkToken(record.hash, at(1)), store.redeemLinkToken(record.hash, at(1))]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('counts link requests per window', async () => {
    expect(await store.countLinkRequest('w1', at(15))).toBe(1);
    expect(await store.countLinkRequest('w1', at(15))).toBe(2);
    expect(await store.countLinkRequest('w2', at(30))).toBe(1);
  });

  it('keeps device sessions, slides one on, lists them newest use first, signs one out and then all', async () => {
    const phone = newDeviceSession(NOW, UA, 'link').session;
    const laptop = newDeviceSession(at(5), 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0', 'passkey').session;
    await store.addDevice(phone);
    await store.addDevice(laptop);
    expect(await store.getDevice(phone.id)).toEqual(phone);
    const used = touched(phone, at(90)) as typeof phone;
    expect(await store.touchDevice(used)).toBe(true);
    expect(await store.getDevice(phone.id)).toEqual(used);
    expect((await store.listDevices()).map((d) => d.id)).toEqual([phone.id, laptop.id]);

    expect(await store.removeDevice(phone.id)).toBe(true);
    expect(await store.removeDevice(phone.id)).toBe(false);
    expect(await store.getDevice(phone.id)).toBeUndefined();
    // A request in flight when the device was signed out does not bring it back.
    expect(await store.touchDevice(touched(used, at(200)) as typeof phone)).toBe(false);
    expect(await store.getDevice(phone.id)).toBeUndefined();

    await store.addDevice(newDeviceSession(at(6), UA, 'link').session);
    expect(await store.removeAllDevices()).toBe(2);
    expect(await store.listDevices()).toEqual([]);
  });

  it('gives a challenge out once', async () => {
    const challenge = newChallenge(NOW, 'random-challenge', 'authenticate');
    await store.addChallenge(challenge);
    expect(await store.takeChallenge(challenge.id)).toEqual(challenge);
    expect(await store.takeChallenge(challenge.id)).toBeUndefined();
  });

  it('keeps passkeys (of any id length) and their signature counter', async () => {
    const long = 'A'.repeat(1300);
    await store.addPasskey(passkey('cred-1'));
    await store.addPasskey(passkey(long, at(1)));
    expect(await store.getPasskey(long)).toEqual(passkey(long, at(1)));
    await store.recordPasskeyUse('cred-1', 7, at(2));
    expect(await store.getPasskey('cred-1')).toMatchObject({ counter: 7, lastUsedAt: at(2).toISOString() });
    expect((await store.listPasskeys()).map((p) => p.id)).toEqual(['cred-1', long]);
    expect(await store.getPasskey('unknown')).toBeUndefined();
  });

});

describe('DynamoDB sign-in store', () => {
  it('stores no secret, and gives link tokens and device sessions a TTL at their expiry', async () => {
    const { stores, table } = await freshTable();
    const store = stores.signIn;
    const { token, record } = newLinkToken(NOW);
    await store.addLinkToken(record);
    const { cookie, session } = newDeviceSession(NOW, UA, 'link');
    await store.addDevice(session);
    const read = async (key: { PK: string; SK: string }) => (await table.doc.send(new GetCommand({ TableName: table.name, Key: key }))).Item ?? {};
    const link = await read(linkTokenKey(record.hash));
    const device = await read({ PK: DEVICES_PK, SK: deviceSk(session.id) });
    expect(link.expiresAt).toBe(Math.floor(at(10).getTime() / 1000));
    expect(device.expiresAt).toBe(Math.floor(Date.parse(session.expiresAt) / 1000));
    expect(JSON.stringify([link, device])).not.toContain(token);
    expect(JSON.stringify(device)).not.toContain(cookie.split('.')[1]);
  });
});
