import { describe, expect, it } from 'vitest';
import {
  ScriptedProviders,
  deliveryProblems,
  faultyDynamoClient,
  harness,
  linesWithClientData,
  seeded,
  tableStores,
  throttle,
  twoHour,
  type Behaviour,
  type Client,
  type Harness,
} from './support.ts';

/** Sweeps once a minute (clock moved by hand) until nothing is waiting, at most `minutes` times. */
async function sweepUntilSettled(h: Harness, clients: Client[], run: () => Promise<unknown>, minutes = 60) {
  for (let minute = 0; minute < minutes; minute += 1) {
    await run();
    const statuses = await Promise.all(clients.map(async (c) => (await twoHour(h.stores, c.sessionId)).status));
    if (statuses.every((s) => s !== 'pending' && s !== 'claimed')) return minute + 1;
    h.clock.advanceMinutes(1);
  }
  return minutes;
}

describe('the sender under provider faults', () => {
  it('sends each follow-up exactly once, or records it failed with a reason, when the provider throttles and answers 5xx at random', async () => {
    const h = await harness(await tableStores(faultyDynamoClient().client));
    const clients = await h.enterClients(30);
    const random = seeded(6);
    // One client's number is refused every time: it must end failed, after the allowed attempts, with the reason.
    const unlucky = clients[0]!;
    const providers = new ScriptedProviders(({ to }): Behaviour => {
      if (to === unlucky.phone) return '5xx';
      const r = random();
      return r < 0.25 ? 'throttle' : r < 0.4 ? '5xx' : 'ok';
    });

    const minutes = await sweepUntilSettled(h, clients, () => h.sweep(providers));

    const { problems, tally } = await deliveryProblems(h.stores, clients, [providers]);
    expect(problems).toEqual([]);
    expect(minutes).toBeLessThan(60);
    const failedOne = await twoHour(h.stores, unlucky.sessionId);
    expect(failedOne.channels.sms).toMatchObject({ status: 'failed', reason: expect.stringMatching(/gave up after 6 attempts/) });
    expect(failedOne.channels.email?.status).toBe('sent');
    expect(tally.sent).toBe(30);
    expect(linesWithClientData(h.log.lines, clients)).toEqual([]);
  });

  it('reconciles a provider call that never returns (the Lambda timed out, or died after the provider took the text) as unknown, and never sends it again', async () => {
    const h = await harness(await tableStores(faultyDynamoClient().client));
    const clients = await h.enterClients(10);
    const tookIt = new Set(clients.slice(0, 3).map((c) => c.phone));
    const neverAnswered = new Set(clients.slice(3, 5).map((c) => c.phone));
    const dying = new ScriptedProviders(({ to }) => (tookIt.has(to) ? 'accept-then-hang' : neverAnswered.has(to) ? 'hang' : 'ok'));

    // The first sender claims everything, sends five follow-ups, and hangs on the other five until it is "killed".
    const abandoned = h.sweep(dying);
    await expect.poll(() => dying.hanging, { timeout: 10_000 }).toBe(5);
    await expect.poll(() => dying.accepted.length, { timeout: 10_000 }).toBe(5 * 2 + 3);

    // A minute later the next run leaves the claimed ones alone: their lease has not lapsed.
    const healthy = new ScriptedProviders(() => 'ok');
    h.clock.advanceMinutes(1);
    expect((await h.sweep(healthy)).reconciled).toBe(0);
    // Past the lease (5 min), they are reconciled as unknown, and nothing is sent again.
    h.clock.advanceMinutes(5);
    const after = await h.sweep(healthy);
    expect(after.reconciled).toBe(5);
    expect(healthy.calls).toBe(0);

    // The dead sender's calls finally return: its outcome writes are refused, nothing is overwritten or resent.
    dying.settleHanging();
    const late = await abandoned;
    expect(late.lostClaims).toBe(5);
    h.clock.advanceMinutes(10);
    await h.sweep(healthy);
    expect(healthy.calls).toBe(0);

    const { problems, tally } = await deliveryProblems(h.stores, clients, [dying, healthy]);
    expect(problems).toEqual([]);
    expect(tally).toEqual({ sent: 5, unknown: 5 });
    for (const c of clients.slice(0, 5)) {
      const fu = await twoHour(h.stores, c.sessionId);
      expect(fu.reason).toMatch(/not resent/);
      expect(fu.channels.sms?.status).toBe('unknown');
    }
    expect(h.log.lines.filter((l) => l.includes('outcome unknown'))).toHaveLength(5);
    expect(linesWithClientData(h.log.lines, clients)).toEqual([]);
  });

  it('sends each follow-up once when two to four senders run at the same time, with a slow and faulty provider', async () => {
    const h = await harness(await tableStores(faultyDynamoClient().client));
    const clients = await h.enterClients(40);
    const random = seeded(42);
    const providers = new ScriptedProviders(() => {
      const r = random();
      return r < 0.15 ? 'throttle' : r < 0.25 ? '5xx' : 'ok';
    });
    const slow = {
      sms: { send: async (m: { to: string; body: string }) => (await pause(random() * 15), providers.sms.send(m)) },
      email: { send: async (m: Parameters<typeof providers.email.send>[0]) => (await pause(random() * 15), providers.email.send(m)) },
    };

    await sweepUntilSettled(h, clients, async () => {
      const senders = 2 + Math.floor(random() * 3);
      await Promise.all(Array.from({ length: senders }, () => h.sweep(slow, { concurrency: 4 })));
    });

    const { problems, tally } = await deliveryProblems(h.stores, clients, [providers]);
    expect(problems).toEqual([]);
    expect(tally.sent).toBe(40);
  });
});

describe('the sender under DynamoDB throttling', () => {
  it('rides out throttling that the AWS SDK retries (ProvisionedThroughputExceededException on one request in six)', async () => {
    const { client, faults } = faultyDynamoClient();
    const h = await harness(await tableStores(client));
    const clients = await h.enterClients(20);
    const providers = new ScriptedProviders(() => 'ok');
    let n = 0;
    // Retryable: thrown where DynamoDB's answer would be, inside the SDK's retry layer (3 attempts, backoff).
    faults.wire = () => ((n += 1) % 6 === 0 ? throttle() : undefined);

    await sweepUntilSettled(h, clients, () => h.sweep(providers));

    faults.wire = undefined;
    const { problems, tally } = await deliveryProblems(h.stores, clients, [providers]);
    expect(problems).toEqual([]);
    expect(tally.sent).toBe(20);
    expect(n).toBeGreaterThan(60);
  });

  it('never sends twice when throttling outlasts the SDK retries and reaches the engine, and leaves nothing claimed or waiting', async () => {
    const { client, faults } = faultyDynamoClient();
    const h = await harness(await tableStores(client));
    const clients = await h.enterClients(20);
    const providers = new ScriptedProviders(() => 'ok');
    const random = seeded(7);
    // Not retried by the SDK: the engine itself sees one request in five fail, for the first ten minutes.
    faults.engine = () => (random() < 0.2 ? throttle() : undefined);
    const failedSweeps: string[] = [];

    for (let minute = 0; minute < 10; minute += 1) {
      await h.sweep(providers).catch((error: Error) => failedSweeps.push(error.name));
      h.clock.advanceMinutes(1);
    }
    faults.engine = undefined;
    // Work a failed run left in flight finishes; then runs past every lease settle what is left.
    await pause(500);
    await sweepUntilSettled(h, clients, () => h.sweep(providers), 30);

    const { problems, tally } = await deliveryProblems(h.stores, clients, [providers]);
    expect(problems).toEqual([]);
    expect(failedSweeps.length).toBeGreaterThan(0);
    expect((tally.sent ?? 0) + (tally.unknown ?? 0)).toBe(20);
  });

  it('does not lose a follow-up when DynamoDB fails before any provider call', async () => {
    const { client, faults } = faultyDynamoClient();
    const h = await harness(await tableStores(client));
    const [only] = await h.enterClients(1);
    const providers = new ScriptedProviders(() => 'ok');
    // The read of the page's opt-out state (BatchGetItem), before any provider call, is throttled beyond the SDK's retries.
    faults.engine = (operation) => (operation === 'BatchGetItemCommand' ? throttle() : undefined);
    await expect(h.sweep(providers)).rejects.toThrow(/throughput/);
    faults.engine = undefined;

    // DynamoDB is healthy again; the sender keeps running every minute for an hour.
    await sweepUntilSettled(h, [only!], () => h.sweep(providers), 60);

    // Nothing reached the provider, so nothing is ambiguous: the follow-up should still go out, once.
    const fu = await twoHour(h.stores, only!.sessionId);
    expect({ status: fu.status, texts: providers.acceptedFor('sms', only!.phone).length }).toEqual({ status: 'sent', texts: 1 });
  });
});

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
