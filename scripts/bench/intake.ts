import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { silentLog } from '#ports/log';
import { freePort } from '../../local/dynamodb-local.ts';
import { startLocalStack } from '../../local/stack.ts';
import { pool, sessionBody } from './fixtures.ts';

export interface IntakeFigures {
  concurrency: number;
  sessions: number;
  sessionsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  /** Sessions the API acknowledged (201, or 200 for a retried key) that are not stored. */
  lost: number;
  /** Stored sessions beyond one per submitted session. */
  duplicated: number;
  /** Requests retried with the same Idempotency-Key after a network error or a 5xx. */
  retried: number;
}

const TOKEN = 'bench-token-0123456789abcdef';

/**
 * Sessions entered through the local HTTP API (the API Gateway stand-in in front of the same Lambda handler) by
 * `concurrency` clients at once, each session with its own Idempotency-Key, retried with that key on a network error
 * or a 5xx as a careful client would. Afterwards the table is read back: every acknowledged session must be stored,
 * once.
 */
export async function benchIntake(
  endpoint: string,
  rounds: { concurrency: number; sessions: number }[],
  progress: (line: string) => void,
): Promise<IntakeFigures[]> {
  const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-bench-intake-'));
  const stack = await startLocalStack({
    dataDir,
    inMemory: true,
    dynamoEndpoint: endpoint,
    sweepIntervalSeconds: 0,
    log: silentLog,
    env: {
      PORT: String(await freePort()),
      SES_LOCAL_PORT: String(await freePort()),
      AFTERCARE_API_TOKEN: TOKEN,
      TABLE_NAME: `bench-intake-${randomUUID().slice(0, 8)}`,
    },
  });
  const results: IntakeFigures[] = [];
  let offset = 0;
  try {
    // Warm the handler and the table once, as a container would be after its first request.
    await post(stack.url, 99_999, `warm-${randomUUID()}`);
    for (const { concurrency, sessions } of rounds) {
      const base = offset;
      offset += sessions;
      const acknowledged = new Set<string>();
      const latencies: number[] = [];
      let retried = 0;
      const started = performance.now();
      await pool(sessions, concurrency, async (n) => {
        const i = base + n;
        const key = `intake-${i}`;
        for (let attempt = 1; ; attempt += 1) {
          const t = performance.now();
          const status = await post(stack.url, i, key).catch(() => 0);
          latencies.push(performance.now() - t);
          if (status === 201 || status === 200) {
            acknowledged.add(emailOf(i));
            return;
          }
          if ((status === 0 || status >= 500) && attempt < 4) {
            retried += 1;
            continue;
          }
          throw new Error(`intake bench: session ${i} answered ${status}`);
        }
      });
      const seconds = (performance.now() - started) / 1000;
      const stored = await storedSessionsByEmail(stack, base, sessions);
      const lost = [...acknowledged].filter((email) => !stored.has(email)).length;
      const duplicated = [...stored.values()].reduce((n, count) => n + Math.max(0, count - 1), 0);
      latencies.sort((a, b) => a - b);
      const figures = {
        concurrency,
        sessions,
        sessionsPerSecond: sessions / seconds,
        p50Ms: latencies[Math.floor(latencies.length * 0.5)] ?? NaN,
        p99Ms: latencies[Math.min(latencies.length - 1, Math.ceil(latencies.length * 0.99) - 1)] ?? NaN,
        lost,
        duplicated,
        retried,
      };
      progress(`intake: concurrency ${concurrency}: ${figures.sessionsPerSecond.toFixed(1)} sessions/s, lost ${lost}, duplicated ${duplicated}`);
      results.push(figures);
    }
  } finally {
    await stack.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
  return results;
}

const emailOf = (i: number) => sessionBody(i, new Date()).client.email;

async function post(url: string, i: number, key: string): Promise<number> {
  const response = await fetch(`${url}/sessions`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', 'idempotency-key': key },
    body: JSON.stringify(sessionBody(i, new Date(Date.now() - 121 * 60_000))),
  });
  await response.arrayBuffer();
  return response.status;
}

/** How many session records the table holds per client email, for the sessions base..base+count-1. */
async function storedSessionsByEmail(stack: Awaited<ReturnType<typeof startLocalStack>>, base: number, count: number) {
  const wanted = new Set(Array.from({ length: count }, (_, n) => emailOf(base + n)));
  const counts = new Map<string, number>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.table.doc.send(
      new ScanCommand({
        TableName: stack.config.tableName,
        FilterExpression: '#type = :session',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':session': 'session' },
        ProjectionExpression: 'clientEmail',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const email = String(item.clientEmail);
      if (wanted.has(email)) counts.set(email, (counts.get(email) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return counts;
}
