import { randomUUID } from 'node:crypto';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { senderSettings } from '#app/deps';
import { createSenderHandler } from '#functions/sender';
import { sendDueFollowUps } from '#use-cases/send-due-follow-ups';
import { BenchClock, CountingProviders, benchCore, seedSessions } from './fixtures.ts';
import { meteredDynamoClient } from './dynamo.ts';
import { median } from './stats.ts';

export interface SenderFigures {
  followUps: number;
  msPerFollowUp: number;
  cpuMsPerFollowUp: number;
  dynamoRequestsPerFollowUp: number;
  dynamoRequestsByOperation: Record<string, number>;
  readUnitsPerFollowUp: number;
  writeUnitsPerFollowUp: number;
  indexWriteUnitsPerFollowUp: number;
  providerCalls: number;
  channelsPerFollowUp: number;
  /** Provider calls per message the backlog called for (one per channel of each follow-up); 1.0 is the only right answer. */
  providerCallsPerFollowUp: number;
  duplicates: number;
  invocations: number;
  seedSeconds: number;
  drainSeconds: number;
  /** The intake transaction, per session entered while seeding. */
  intakeRequestsPerSession: number;
  intakeWriteUnitsPerSession: number;
  /** The table's size after the drain, per session (DescribeTable). */
  storedBytesPerSession: number;
}

export interface IdleSweepFigures {
  ms: number;
  dynamoRequests: number;
  readUnits: number;
}

// 10:00 in Los Angeles, the practice's zone: inside sending hours, so nothing is deferred.
const NOW = new Date('2026-11-27T18:00:00Z');

/**
 * A backlog of `size` due 2 h follow-ups (text and email each), drained by the sender Lambda's handler invoked
 * back to back as EventBridge would, against DynamoDB Local and providers that answer at once.
 * Every DynamoDB request of the drain is counted, including each invocation's escalation query and the last,
 * empty one.
 */
export async function benchSender(endpoint: string, size: number, progress: (line: string) => void): Promise<SenderFigures> {
  const { client, meter } = meteredDynamoClient(endpoint);
  const clock = new BenchClock(NOW);
  const core = await benchCore(client, `bench-sender-${size}-${randomUUID().slice(0, 8)}`, clock);

  meter.reset();
  const seedStart = performance.now();
  await seedSessions(core, size, () => new Date(NOW.getTime() - 121 * 60_000));
  const seedSeconds = (performance.now() - seedStart) / 1000;
  progress(`sender: ${size} sessions entered in ${seedSeconds.toFixed(1)} s; draining`);

  const intake = { requests: meter.requests, writeUnits: meter.writeUnits };
  const providers = new CountingProviders(clock);
  const handler = createSenderHandler(async () => ({ ...core, sms: providers.sms, email: providers.email }));
  meter.reset();
  const cpu = process.cpuUsage();
  const started = performance.now();
  let sent = 0;
  let invocations = 0;
  for (;;) {
    const summary = await handler({});
    invocations += 1;
    sent += summary.sent;
    if (summary.examined === 0 || invocations > 1_000) break;
  }
  const wallMs = performance.now() - started;
  const cpuUsed = process.cpuUsage(cpu);
  const drained = { requests: meter.requests, byOperation: { ...meter.byOperation }, readUnits: meter.readUnits, writeUnits: meter.writeUnits, indexWriteUnits: meter.indexWriteUnits };
  const drainSeconds = wallMs / 1000;
  progress(`sender: ${sent} follow-ups sent in ${drainSeconds.toFixed(1)} s over ${invocations} invocations`);
  const table = await client.send(new DescribeTableCommand({ TableName: core.config.tableName }));
  client.destroy();

  if (sent !== size) throw new Error(`sender bench: ${size} follow-ups were due but ${sent} were sent`);
  const channelsPerFollowUp = 2;
  return {
    followUps: sent,
    msPerFollowUp: wallMs / sent,
    cpuMsPerFollowUp: (cpuUsed.user + cpuUsed.system) / 1000 / sent,
    dynamoRequestsPerFollowUp: drained.requests / sent,
    dynamoRequestsByOperation: drained.byOperation,
    readUnitsPerFollowUp: drained.readUnits / sent,
    writeUnitsPerFollowUp: drained.writeUnits / sent,
    indexWriteUnitsPerFollowUp: drained.indexWriteUnits / sent,
    providerCalls: providers.calls.length,
    channelsPerFollowUp,
    providerCallsPerFollowUp: providers.calls.length / (sent * channelsPerFollowUp),
    duplicates: providers.duplicates(),
    invocations,
    seedSeconds,
    drainSeconds,
    intakeRequestsPerSession: intake.requests / size,
    intakeWriteUnitsPerSession: intake.writeUnits / size,
    storedBytesPerSession: (table.Table?.TableSizeBytes ?? 0) / size,
  };
}

/**
 * The time one follow-up takes from claim to recorded outcome when nothing overlaps: the sender at concurrency 1
 * over a small backlog, providers answering at once. This is the sender's own overhead beside a provider call.
 */
export async function benchSenderSerial(endpoint: string, size = 200): Promise<{ followUps: number; msPerFollowUp: number }> {
  const { client } = meteredDynamoClient(endpoint);
  const clock = new BenchClock(NOW);
  const core = await benchCore(client, `bench-serial-${randomUUID().slice(0, 8)}`, clock);
  await seedSessions(core, size, () => new Date(NOW.getTime() - 121 * 60_000));
  const providers = new CountingProviders(clock);
  const started = performance.now();
  const summary = await sendDueFollowUps(
    { ...core, sms: providers.sms, email: providers.email, settings: senderSettings(core.config) },
    { remainingMs: () => 60_000, concurrency: 1, maxFollowUps: size },
  );
  const ms = performance.now() - started;
  client.destroy();
  return { followUps: summary.sent, msPerFollowUp: ms / summary.sent };
}

/** The sender handler run `runs` times on a table with nothing due: what the every-minute schedule costs when idle. */
export async function benchIdleSweep(endpoint: string, runs = 30): Promise<IdleSweepFigures> {
  const { client, meter } = meteredDynamoClient(endpoint);
  const clock = new BenchClock(NOW);
  const core = await benchCore(client, `bench-idle-${randomUUID().slice(0, 8)}`, clock);
  const providers = new CountingProviders(clock);
  const handler = createSenderHandler(async () => ({ ...core, sms: providers.sms, email: providers.email }));
  await handler({});
  meter.reset();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await handler({});
    times.push(performance.now() - started);
  }
  client.destroy();
  return { ms: median(times), dynamoRequests: meter.requests / runs, readUnits: meter.readUnits / runs };
}
