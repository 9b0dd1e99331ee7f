import { randomUUID } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { amend, cancel, claim, plan, restore, type FollowUpStep } from '#domain/follow-up';
import type { FollowUp, Session } from '#domain/model';
import { parseSendingHours } from '#domain/quiet-hours';
import { isRefused } from '#domain/transition';
import type { Stores } from '#ports/stores';
import { freshTable } from './support/engines.ts';

/**
 * The session store's promises for editing, undoing a cancel and reading history, kept by both implementations
 * (DynamoDB Local and in memory), as in test/stores.contract.test.ts.
 */
const implementations: [string, () => Promise<Stores>][] = [
  ['DynamoDB', async () => (await freshTable()).stores],
  ['in-memory', async () => memoryStores()],
];

const NOW = new Date('2026-11-27T18:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const hours = parseSendingHours('09:00-20:00');

const applied = (s: FollowUpStep) => {
  if (isRefused(s)) throw new Error(s.refused);
  return s;
};

function newSession(minutesAgo: number, phone = '+13105550142', email = 'jordan@example.com', name = 'Jordan Lee'): { session: Session; followUps: FollowUp[] } {
  const id = randomUUID();
  const client = { name, firstName: name.split(' ')[0] as string, phone, email, timezone: 'America/Los_Angeles' };
  const consent = { granted: true, at: NOW.toISOString(), source: 'test', wordingVersion: 'v1' };
  const endedAt = at(-minutesAgo);
  return {
    session: { id, client, endedAt: endedAt.toISOString(), createdAt: NOW.toISOString(), consent: { sms: consent, email: consent }, status: 'active' },
    followUps: plan({ sessionId: id, endedAt, now: NOW, client, channels: ['sms', 'email'], sendingHours: hours }),
  };
}

describe.each(implementations)('%s session store: edits, undo and history', (_name, make) => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await make();
  });

  const enter = async (minutesAgo: number, phone?: string, email?: string, name?: string) => {
    const input = newSession(minutesAgo, phone, email, name);
    await stores.sessions.create({ ...input, contacts: [] });
    return input.session;
  };

  const edited = (session: Session, phone: string | undefined, minutes = 1): Session => {
    const client = { ...session.client };
    if (phone) client.phone = phone;
    else delete client.phone;
    const consent = { granted: phone !== undefined, at: at(minutes).toISOString(), source: 'therapist-edit', wordingVersion: 'v1' };
    return { ...session, client, consent: { ...session.consent, sms: consent }, editedAt: at(minutes).toISOString(), edits: [{ at: at(minutes).toISOString(), fields: ['client.phone'] }] };
  };

  it('writes an edited session once, finds it by the new number and no longer by the old one, and records the new consent', async () => {
    const session = await enter(30);
    const next = edited(session, '+13105550199');
    const contact = { channel: 'sms' as const, address: '+13105550199', optedOut: false, consent: next.consent.sms };
    expect(await stores.sessions.amend(session, next, [contact])).toBe(true);
    expect(await stores.sessions.get(session.id)).toEqual(next);
    expect((await stores.sessions.latestByPhone('+13105550199'))?.id).toBe(session.id);
    expect(await stores.sessions.latestByPhone('+13105550142')).toBeUndefined();
    expect(await stores.contacts.get([{ channel: 'sms', address: '+13105550199' }])).toMatchObject([{ optedOut: false, consent: next.consent.sms }]);
    // notEditedSince: an edit built on the session as it was before the first one changes nothing.
    expect(await stores.sessions.amend(session, edited(session, '+13105550111', 2), [])).toBe(false);
    expect((await stores.sessions.get(session.id))?.client.phone).toBe('+13105550199');
  });

  it('takes a removed number out of the phone index, and never edits a cancelled session', async () => {
    const session = await enter(30);
    expect(await stores.sessions.amend(session, edited(session, undefined), [])).toBe(true);
    expect(await stores.sessions.latestByPhone('+13105550142')).toBeUndefined();
    expect((await stores.sessions.latestByEmail('jordan@example.com'))?.client.phone).toBeUndefined();

    const other = await enter(40, '+13105550150', 'other@example.com');
    await stores.sessions.markCancelled(other.id, NOW);
    expect(await stores.sessions.amend(other, edited(other, '+13105550151'), [])).toBe(false);
    expect((await stores.sessions.get(other.id))?.client.phone).toBe('+13105550150');
  });

  it('undoes the cancel it read, once, and no other', async () => {
    const session = await enter(30);
    await stores.sessions.markCancelled(session.id, NOW);
    expect(await stores.sessions.markRestored(session.id, at(-5).toISOString(), at(1))).toBe(false);
    expect(await stores.sessions.markRestored(session.id, NOW.toISOString(), at(1))).toBe(true);
    expect(await stores.sessions.markRestored(session.id, NOW.toISOString(), at(2))).toBe(false);
    const restored = await stores.sessions.get(session.id);
    expect(restored).toMatchObject({ status: 'active', restoredAt: at(1).toISOString() });
    expect(restored?.cancelledAt).toBeUndefined();
  });

  it('pages through sessions of any date, newest first, and only before a given time', async () => {
    const ids = [];
    for (const days of [1, 10, 40, 100, 170]) ids.push((await enter(days * 1440, `+1310555${String(days).padStart(4, '0')}`)).id);
    const first = await stores.sessions.history({ limit: 2 });
    expect(first.sessions.map((s) => s.id)).toEqual(ids.slice(0, 2));
    const second = await stores.sessions.history({ limit: 2, cursor: first.cursor as string });
    expect(second.sessions.map((s) => s.id)).toEqual(ids.slice(2, 4));
    const third = await stores.sessions.history({ limit: 2, cursor: second.cursor as string });
    expect(third.sessions.map((s) => s.id)).toEqual(ids.slice(4));
    expect(third.cursor).toBeUndefined();
    expect((await stores.sessions.history({ limit: 10, before: at(-30 * 1440).toISOString() })).sessions.map((s) => s.id)).toEqual(ids.slice(2));
    await expect(stores.sessions.history({ limit: 2, cursor: 'not-a-cursor!' })).rejects.toThrow(/cursor/);
  });

  it("finds a client's sessions before a given time", async () => {
    const newer = await enter(60);
    const older = await enter(3 * 1440);
    expect((await stores.sessions.forContact({ phone: '+13105550142' }, 10, at(-120).toISOString())).map((s) => s.id)).toEqual([older.id]);
    expect((await stores.sessions.forContact({ email: 'jordan@example.com' }, 10)).map((s) => s.id)).toEqual([newer.id, older.id]);
  });

  it('amends a waiting follow-up, and a claim made on the copy read before the edit finds it changed', async () => {
    const session = await enter(121);
    const read = (await stores.followUps.get(session.id, '2h')) as FollowUp;
    const client = { ...session.client, phone: '+13105550199' };
    const change = { client, channels: ['sms', 'email'] as const, changedChannels: ['sms'] as const, editedAt: NOW.toISOString() };
    expect(await stores.followUps.apply(applied(amend(read, change, NOW)))).toBe(true);
    expect(await stores.followUps.apply(applied(claim(read, 'stale-read', NOW, at(5))))).toBe(false);
    const fresh = (await stores.followUps.get(session.id, '2h')) as FollowUp;
    expect(fresh).toMatchObject({ status: 'pending', client: { phone: '+13105550199' }, editedAt: NOW.toISOString() });
    expect(await stores.followUps.apply(applied(claim(fresh, 'fresh-read', NOW, at(5))))).toBe(true);
  });

  it('restores a cancelled follow-up to the due list', async () => {
    const session = await enter(100);
    const read = (await stores.followUps.get(session.id, '2h')) as FollowUp;
    await stores.followUps.apply(applied(cancel(read, NOW)));
    expect((await stores.followUps.due(at(30), 10)).followUps).toEqual([]);
    const cancelled = (await stores.followUps.get(session.id, '2h')) as FollowUp;
    expect(await stores.followUps.apply(applied(restore(cancelled, at(1))))).toBe(true);
    expect((await stores.followUps.due(at(30), 10)).followUps.map((f) => [f.step, f.status])).toEqual([['2h', 'pending']]);
  });
});
