import { randomUUID } from 'node:crypto';
import { sessionDeps } from '#app/deps';
import { createSenderHandler } from '#functions/sender';
import { enterSession } from '#use-cases/sessions';
import { BenchClock, CountingProviders, benchCore, sessionBody } from './fixtures.ts';
import { meteredDynamoClient } from './dynamo.ts';
import { quantile, seededRandom } from './stats.ts';

export interface LatenessFigures {
  sessions: number;
  messages: number;
  deferredByQuietHours: number;
  sweeps: number;
  p50Seconds: number;
  p99Seconds: number;
  maxSeconds: number;
  /** Messages sent before their due time (after quiet-hours deferral); must be 0. */
  early: number;
  /** Planned messages never sent by the end of the simulation; must be 0. */
  missing: number;
  simulatedHours: number;
  wallSeconds: number;
}

const MINUTE = 60_000;
// The practice's day: Friday 27 November 2026, sessions ending 08:00-21:00 in Los Angeles (16:00Z to 05:00Z).
const DAY_START = Date.parse('2026-11-27T16:00:00Z');
const DAY_LENGTH = 13 * 60 * MINUTE;
const ZONES = [
  ['America/Los_Angeles', 0.6],
  ['America/New_York', 0.2],
  ['Europe/London', 0.1],
  ['Asia/Tokyo', 0.1],
] as const;

/**
 * A simulated practice day: `sessions` sessions end at random times between 08:00 and 21:00 (Los Angeles), each
 * entered 0-15 minutes after it ends, for clients in four time zones. The sender handler runs at every minute
 * boundary, as the EventBridge rule does, until the last 48 h follow-up has gone out. The clock is simulated between
 * sweeps but runs in real time during each sweep and entry, so the delay includes the sweep's own work.
 * Lateness of a message = when the provider was called − its planned send time (due time moved out of quiet hours).
 */
export async function benchLateness(endpoint: string, sessions: number, progress: (line: string) => void): Promise<LatenessFigures> {
  const random = seededRandom(20261127);
  const { client } = meteredDynamoClient(endpoint);
  const clock = new BenchClock(new Date(DAY_START), true);
  const core = await benchCore(client, `bench-lateness-${randomUUID().slice(0, 8)}`, clock);
  const providers = new CountingProviders(clock);
  const handler = createSenderHandler(async () => ({ ...core, sms: providers.sms, email: providers.email }));

  const zoneOf = () => {
    let r = random();
    for (const [zone, share] of ZONES) if ((r -= share) < 0) return zone;
    return ZONES[0][0];
  };
  const plan = Array.from({ length: sessions }, (_, i) => {
    const endedAt = DAY_START + Math.floor(random() * DAY_LENGTH);
    return { i, endedAt, enteredAt: endedAt + Math.floor(random() * 15 * MINUTE), timezone: zoneOf() };
  }).sort((a, b) => a.enteredAt - b.enteredAt);

  const planned = new Map<string, { sendAt: number; dueAt: number }[]>();
  let entered = 0;
  let sweeps = 0;
  let lastSendAt = Number.POSITIVE_INFINITY;
  const started = performance.now();
  for (let minute = DAY_START; minute <= lastSendAt + 2 * MINUTE; minute += MINUTE) {
    while (entered < plan.length && (plan[entered]?.enteredAt ?? Infinity) < minute) {
      const entry = plan[entered++]!;
      clock.set(new Date(entry.enteredAt), true);
      const { session } = await enterSession(
        sessionDeps(core),
        sessionBody(entry.i, new Date(entry.endedAt), entry.timezone),
        `lateness-${entry.i}`,
      );
      const steps = session.followUps
        .filter((f) => f.status === 'scheduled' || f.status === 'deferred')
        .map((f) => ({ sendAt: Date.parse(f.sendAt), dueAt: Date.parse(f.dueAt) }));
      planned.set(session.client.phone as string, steps);
      planned.set(session.client.email as string, steps);
      if (entered === plan.length) {
        lastSendAt = Math.max(...[...planned.values()].flat().map((s) => s.sendAt));
      }
    }
    clock.set(new Date(minute), true);
    await handler({});
    sweeps += 1;
    if (sweeps % 600 === 0) progress(`lateness: ${sweeps} sweeps (${(sweeps / 60).toFixed(0)} simulated hours)`);
  }
  const wallSeconds = (performance.now() - started) / 1000;
  client.destroy();

  const delays: number[] = [];
  let early = 0;
  let missing = 0;
  let deferred = 0;
  let messages = 0;
  for (const [address, steps] of planned) {
    const calls = providers.calls.filter((c) => c.to === address).sort((a, b) => a.at.getTime() - b.at.getTime());
    steps.forEach((step, k) => {
      messages += 1;
      if (step.sendAt > step.dueAt) deferred += 1;
      const call = calls[k];
      if (!call) {
        missing += 1;
        return;
      }
      const delay = (call.at.getTime() - step.sendAt) / 1000;
      if (delay < 0) early += 1;
      delays.push(delay);
    });
  }
  return {
    sessions,
    messages,
    deferredByQuietHours: deferred,
    sweeps,
    p50Seconds: quantile(delays, 0.5),
    p99Seconds: quantile(delays, 0.99),
    maxSeconds: Math.max(...delays),
    early,
    missing,
    simulatedHours: (sweeps * MINUTE) / 3_600_000,
    wallSeconds,
  };
}
