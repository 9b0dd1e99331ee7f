import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CapturingLog, FakeClock } from '../support/fakes.ts';
import { startTestStack } from '../support/stack.ts';
import { linesWithClientData } from './support.ts';

const SESSIONS = 2_000;
const CONCURRENCY = 50;
const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
const log = new CapturingLog();
let ctx: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  ctx = await startTestStack({ clock, log });
});

afterAll(async () => {
  await ctx?.stack.stop();
});

const AREAS = ['213', '323', '424', '818', '626'];
const clientFor = (i: number) => ({
  name: `Load Client${i}`,
  phone: `+1${AREAS[i % AREAS.length]}555${String(Math.floor(i / AREAS.length)).padStart(4, '0')}`,
  email: `load-${i}@example.com`,
});

async function countByType(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.stack.table.doc.send(
      new ScanCommand({ TableName: ctx.stack.config.tableName, ProjectionExpression: '#type', ExpressionAttributeNames: { '#type': 'type' }, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) counts[String(item.type)] = (counts[String(item.type)] ?? 0) + 1;
    start = page.LastEvaluatedKey;
  } while (start);
  return counts;
}

describe('intake under load', () => {
  it(`stores ${SESSIONS} sessions entered ${CONCURRENCY} at a time through the HTTP API, each once, with all ${SESSIONS * 3} follow-ups planned`, async () => {
    const ids = new Array<string>(SESSIONS);
    const statuses: Record<number, number> = {};
    let next = 0;
    const endedAt = new Date(clock.now().getTime() - 30 * 60_000).toISOString();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let i = next++; i < SESSIONS; i = next++) {
          const response = await ctx.call(
            'POST',
            '/sessions',
            { client: clientFor(i), endedAt, consent: { sms: true, email: true } },
            { 'idempotency-key': `load-${i}` },
          );
          statuses[response.status] = (statuses[response.status] ?? 0) + 1;
          const body = (await response.json()) as { id: string; followUps: unknown[] };
          ids[i] = body.id;
          expect(body.followUps).toHaveLength(3);
        }
      }),
    );

    expect(statuses).toEqual({ 201: SESSIONS });
    expect(new Set(ids).size).toBe(SESSIONS);
    const counts = await countByType();
    expect(counts).toMatchObject({ session: SESSIONS, followUp: SESSIONS * 3, contact: SESSIONS * 2, idempotency: SESSIONS });
    // Spot-check that what was stored is what was sent.
    for (const i of [0, 777, SESSIONS - 1]) {
      const view = (await (await ctx.call('GET', `/sessions/${ids[i]}`)).json()) as { client: { phone: string; email: string }; followUps: { status: string }[] };
      expect(view.client).toMatchObject({ phone: clientFor(i).phone, email: clientFor(i).email });
      expect(view.followUps.map((f) => f.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
    }
    expect(log.lines.filter((l) => l.includes('session entered'))).toHaveLength(SESSIONS);
    expect(linesWithClientData(log.lines, [clientFor(0), clientFor(777), clientFor(SESSIONS - 1)])).toEqual([]);
  }, 240_000);
});
