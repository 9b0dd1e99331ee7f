import { readFileSync } from 'node:fs';
import { beforeEach, describe, expect, it } from 'vitest';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { createCoreDeps, sessionDeps, type CoreDeps } from '#app/deps';
import { parseConfig } from '#config';
import { claimNotification, openEscalation } from '#domain/escalation';
import type { Escalation, Session } from '#domain/model';
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
  const config = parseConfig({ ...practice, publicBaseUrl: 'https://aftercare.example', apiToken: TOKEN });
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

const call = async (method: string, path: string) => {
  const response = await api({
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { authorization: `Bearer ${TOKEN}` },
    isBase64Encoded: false,
    requestContext: { http: { method, path } } as never,
  });
  return { status: response.statusCode, text: String(response.body), body: JSON.parse(String(response.body)) as Record<string, unknown> };
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
