import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { createCoreDeps, linkKeys, sessionDeps, type CoreDeps } from '#app/deps';
import { parseConfig } from '#config';
import { appendReply, claimNotification, openEscalation } from '#domain/escalation';
import { ackUrl } from '#domain/links';
import type { Escalation, Session } from '#domain/model';
import { holdFollowUps } from '#use-cases/follow-up-moves';
import { enterSession } from '#use-cases/sessions';
import { isRefused } from '#domain/transition';
import type { Stores } from '#ports/stores';
import { createApiHandler } from '#functions/api';
import { CapturingLog, FakeClock, FakeEmail, FakeSms } from './support/fakes.ts';

const TOKEN = 'escalations-api-token-0123456789';
const NOW = new Date('2026-11-27T18:00:00Z');
const templates = loadTemplatesFromDir(defaultTemplatesDir());
const practice = JSON.parse(readFileSync('aftercare.config.json', 'utf8')) as Record<string, unknown>;

let stores: Stores;
let core: CoreDeps;
let session: Session;
let api: ReturnType<typeof createApiHandler>;

beforeEach(() => {
  stores = memoryStores();
  const config = parseConfig({ ...practice, publicBaseUrl: 'https://aftercare.example', apiToken: TOKEN, linkSigningKeyId: 'k1', linkSigningKey: 'escalations-api-link-key-0123456789abcdef' });
  core = createCoreDeps(config, stores, { clock: new FakeClock(NOW), log: new CapturingLog(), templates });
  api = createApiHandler(async () => ({ ...core, sms: new FakeSms(), email: new FakeEmail() }));
});

/** An open escalation that a notifier has claimed and not yet finished with: its claim token is in the store. */
async function claimedEscalation(): Promise<Escalation> {
  const entered = await enterSession(sessionDeps(core), {
    client: { name: 'Jordan Lee', phone: '(310) 555-0142' },
    endedAt: new Date(NOW.getTime() - 121 * 60_000).toISOString(),
    consent: { sms: true, email: false },
  });
  session = (await stores.sessions.get(entered.session.id)) as Session;
  const reply = { at: NOW.toISOString(), channel: 'sms' as const, text: 'sharp pain', category: 'escalate', reasons: ['sharp pain'] };
  const opened = openEscalation(session, reply, true, NOW, '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0');
  expect(await stores.escalations.open(opened)).toBe(true);
  const claim = claimNotification(opened, 'notifier-claim-token', NOW, new Date(NOW.getTime() + 120_000));
  if (isRefused(claim)) throw new Error(claim.refused);
  expect(await stores.escalations.apply(claim)).toBe(true);
  expect((await stores.escalations.get(session.id, opened.id))?.notifyClaim?.token).toBe('notifier-claim-token');
  return opened;
}

const call = async (method: string, path: string, body?: string, query?: Record<string, string>) => {
  const response = await api({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: query ? new URLSearchParams(query).toString() : '',
    ...(query ? { queryStringParameters: query } : {}),
    headers: { authorization: `Bearer ${TOKEN}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body }),
    isBase64Encoded: false,
    requestContext: { http: { method, path } } as never,
  });
  const text = String(response.body);
  return { status: response.statusCode, text, body: (text.startsWith('{') ? JSON.parse(text) : {}) as Record<string, unknown> };
};

describe('the escalation API', () => {
  it('lists open escalations without the notifier’s claim token', async () => {
    const escalation = await claimedEscalation();
    const { status, text, body } = await call('GET', '/escalations');
    expect(status).toBe(200);
    expect(body.escalations).toEqual([expect.objectContaining({ id: escalation.id, clientName: 'Jordan Lee', urgent: true })]);
    expect(text).not.toContain('notifyClaim');
    expect(text).not.toContain('notifier-claim-token');
  });

  it('answers an acknowledgement with the escalation as the page shows it, without a claim token', async () => {
    const escalation = await claimedEscalation();
    const { status, text, body } = await call('POST', `/sessions/${session.id}/escalations/${escalation.id}/ack`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id: escalation.id, status: 'acknowledged', acknowledgedVia: 'api' });
    expect(text).not.toContain('notifyClaim');
    expect(text).not.toContain('notifier-claim-token');
  });

  it('shows a session’s escalations without the claim token', async () => {
    await claimedEscalation();
    const { status, text } = await call('GET', `/sessions/${session.id}`);
    expect(status).toBe(200);
    expect(text).not.toContain('notifier-claim-token');
  });
});

describe('acknowledging with an outcome', () => {
  const ack = (escalation: Escalation, body?: string) => call('POST', `/sessions/${session.id}/escalations/${escalation.id}/ack`, body);

  it('records who, when, how, the note and the outcome, and says what it chose by default (urgent: skip)', async () => {
    const escalation = await claimedEscalation();
    await holdFollowUps(stores.followUps, session.id, escalation.id, NOW);
    const { status, body } = await ack(escalation);
    expect(status).toBe(200);
    expect(body).toMatchObject({ acknowledgedBy: "Chris O'Hara", acknowledgedAt: NOW.toISOString(), acknowledgedVia: 'api', outcome: 'skip' });
    expect((await stores.followUps.forSession(session.id)).map((f) => f.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('resumes the held follow-ups as check-ins when asked, keeping the note', async () => {
    const escalation = await claimedEscalation();
    await holdFollowUps(stores.followUps, session.id, escalation.id, NOW);
    const { status, body } = await ack(escalation, JSON.stringify({ outcome: 'resume', note: 'Called: it eased, ice tonight' }));
    expect(status).toBe(200);
    expect(body).toMatchObject({ outcome: 'resume', acknowledgeNote: 'Called: it eased, ice tonight' });
    expect((await stores.followUps.forSession(session.id)).map((f) => [f.status, f.variant])).toEqual([
      ['pending', 'checkin'], ['pending', 'checkin'], ['pending', 'checkin'],
    ]);
  });

  it.each([
    ['{"outcome":"later"}', 'outcome'],
    ['{"note":42}', 'note'],
    ['{"outcome":"skip","why":"x"}', 'why'],
    ['not json', 'body'],
    ['[1]', 'body'],
  ])('answers %s with a clear 400 naming %s, and acknowledges nothing', async (raw, field) => {
    const escalation = await claimedEscalation();
    const { status, body } = await ack(escalation, raw);
    expect(status).toBe(400);
    expect(JSON.stringify(body.problems)).toContain(field);
    expect((await stores.escalations.listOpen()).map((e) => e.id)).toEqual([escalation.id]);
  });

  it('refuses with a 409 an acknowledgement of a round older than the latest reply, leaving it open', async () => {
    const escalation = await claimedEscalation();
    const current = (await stores.escalations.get(session.id, escalation.id)) as Escalation;
    const later = appendReply(current, { at: NOW.toISOString(), channel: 'sms', text: 'now chest pain', category: 'urgent', reasons: ['chest pain'] }, true, NOW);
    if (isRefused(later)) throw new Error(later.refused);
    expect(await stores.escalations.apply(later)).toBe(true);
    const { status, body } = await ack(escalation, '{"round":1}');
    expect(status).toBe(409);
    expect(body.message).toMatch(/wrote again/);
    expect(await stores.escalations.listOpen()).toHaveLength(1);
    expect((await ack(escalation, '{"round":2}')).status).toBe(200);
  });
});

describe('the alert link', () => {
  const link = (escalation: Escalation, round: number) =>
    new URL(ackUrl({ publicBaseUrl: 'https://aftercare.example', linkKeys: linkKeys(core.config) }, { ...escalation, newsRound: round }, NOW)).searchParams.get('t') as string;

  it('offers both outcomes and a note; a link from before a newer reply acknowledges nothing (409), the newer one does', async () => {
    const escalation = await claimedEscalation();
    const page = await call('GET', '/escalations/ack', undefined, { t: link(escalation, 1) });
    expect(page.text).toContain('Acknowledge, skip the rest of the follow-ups (suggested)');
    expect(page.text).toContain('Acknowledge, resume follow-ups as gentle check-ins');
    expect(page.text).toContain('name="note"');

    const current = (await stores.escalations.get(session.id, escalation.id)) as Escalation;
    const later = appendReply(current, { at: NOW.toISOString(), channel: 'sms', text: 'now chest pain', category: 'urgent', reasons: ['chest pain'] }, true, NOW);
    if (isRefused(later)) throw new Error(later.refused);
    await stores.escalations.apply(later);
    expect((await call('GET', '/escalations/ack', undefined, { t: link(escalation, 1) })).text).toContain('They wrote again after this alert');
    const stale = await call('POST', '/escalations/ack', 'outcome=resume', { t: link(escalation, 1) });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('wrote again after this alert');
    expect(await stores.escalations.listOpen()).toHaveLength(1);

    const fresh = await call('POST', '/escalations/ack', 'outcome=resume&note=Called%20him', { t: link(escalation, 2) });
    expect(fresh.status).toBe(200);
    expect(await stores.escalations.get(session.id, escalation.id)).toMatchObject({ status: 'acknowledged', acknowledgedVia: 'link', outcome: 'resume', acknowledgeNote: 'Called him' });
  });
});
