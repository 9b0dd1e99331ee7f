import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createCoreDeps, sessionDeps, type CoreDeps } from '#app/deps';
import type { Config } from '#config';
import { ensureTable } from '#adapters/dynamo/schema';
import { dynamoStores } from '#adapters/dynamo/stores';
import type { Clock } from '#domain/time';
import { silentLog } from '#ports/log';
import type { EmailMessage, EmailSender, SmsMessage, SmsSender } from '#ports/senders';
import { enterSession } from '#use-cases/sessions';
import { localConfig } from '../../local/stack.ts';

/** A clock the benchmark sets; `running` lets real time pass from the set instant (a sweep takes time). */
export class BenchClock implements Clock {
  private base: Date;
  private realStart = performance.now();
  constructor(
    at: Date,
    private running = false,
  ) {
    this.base = at;
  }
  now = () => new Date(this.base.getTime() + (this.running ? performance.now() - this.realStart : 0));
  set(at: Date, running = this.running) {
    this.base = at;
    this.running = running;
    this.realStart = performance.now();
  }
}

const AREA_CODES = ['310', '213', '323', '424', '818', '626', '562', '714', '949', '415'];
/** A distinct valid US number for each i below 100,000 (555 exchange). */
export const phoneFor = (i: number) => `+1${AREA_CODES[Math.floor(i / 10_000) % AREA_CODES.length]}555${String(i % 10_000).padStart(4, '0')}`;
export const emailFor = (i: number) => `client${i}@bench.example`;

/** The practice of aftercare.config.json with a fresh table name, as the local stack would configure it. */
export function benchConfig(tableName: string, port = 3000): Config {
  // With the token given, nothing is written under the data directory.
  return localConfig(tmpdir(), { AFTERCARE_API_TOKEN: 'bench-token-0123456789abcdef', TABLE_NAME: tableName, PORT: String(port) }).config;
}

export async function benchCore(client: DynamoDBClient, tableName: string, clock: Clock): Promise<CoreDeps> {
  await ensureTable(client, tableName);
  const config = benchConfig(tableName);
  return createCoreDeps(config, dynamoStores(client, { tableName, retentionDays: config.retentionDays }), { clock, log: silentLog });
}

export const sessionBody = (i: number, endedAt: Date, timezone?: string) => ({
  client: { name: `Client Number${i}`, phone: phoneFor(i), email: emailFor(i), ...(timezone ? { timezone } : {}) },
  endedAt: endedAt.toISOString(),
  consent: { sms: true, email: true },
});

/** Runs `work` for 0..count-1 with `concurrency` workers. */
export async function pool(count: number, concurrency: number, work: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let i = next++; i < count; i = next++) await work(i);
    }),
  );
}

/** Enters sessions through the use case (the API's path without HTTP), `count` of them ending at `endedAt(i)`. */
export async function seedSessions(core: CoreDeps, count: number, endedAt: (i: number) => Date, offset = 0, timezone?: (i: number) => string) {
  const created: { id: string; followUps: { step: string; sendAt: string; status: string }[]; i: number }[] = [];
  await pool(count, 8, async (n) => {
    const i = offset + n;
    const { session } = await enterSession(sessionDeps(core), sessionBody(i, endedAt(i), timezone?.(i)), `bench-${i}`);
    created.push({ id: session.id, followUps: session.followUps, i });
  });
  return created;
}

export interface ProviderCall {
  channel: 'sms' | 'email';
  to: string;
  body: string;
  at: Date;
}

/** In-process SMS and email providers that answer at once and keep every call. */
export class CountingProviders {
  calls: ProviderCall[] = [];
  constructor(private readonly clock: Clock) {}
  readonly sms: SmsSender = {
    send: async (message: SmsMessage) => {
      this.calls.push({ channel: 'sms', to: message.to, body: message.body, at: this.clock.now() });
      return { providerId: `SMbench${this.calls.length}` };
    },
  };
  readonly email: EmailSender = {
    send: async (message: EmailMessage) => {
      this.calls.push({ channel: 'email', to: message.to, body: message.text, at: this.clock.now() });
      return { providerId: `ses-bench-${this.calls.length}` };
    },
  };
  /** Calls that repeat an earlier one: same channel, recipient and text. */
  duplicates(): number {
    const seen = new Set<string>();
    let duplicates = 0;
    for (const call of this.calls) {
      const key = `${call.channel}|${call.to}|${createHash('sha1').update(call.body).digest('hex')}`;
      if (seen.has(key)) duplicates += 1;
      seen.add(key);
    }
    return duplicates;
  }
}
