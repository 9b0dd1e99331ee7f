import { mkdtempSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Channel } from '#domain/model';
import { startDynamoDbLocal, type RunningDynamo } from '../../local/dynamodb-local.ts';
import { CapturingLog, FakeClock } from '../support/fakes.ts';
import { startTestStack } from '../support/stack.ts';
import { ScriptedProviders, deliveryProblems, linesWithClientData, newClient, type Behaviour, type Client } from './support.ts';

const started: RunningDynamo[] = [];
afterAll(async () => {
  // A process killed by a signal has signalCode set and exitCode null; stop() would wait for an exit already past.
  for (const dynamo of started) if (dynamo.process.exitCode === null && dynamo.process.signalCode === null) await dynamo.stop();
});

/** Emails the local stack recorded under dataDir (one .eml per accepted email, named after its SES message id). */
const recordedEmails = (dataDir: string) => {
  const dir = join(dataDir, 'outbox', 'email');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.eml')) : [];
  const accepted = files.map((file) => ({
    channel: 'email' as Channel,
    to: /^To: (.+)$/m.exec(readFileSync(join(dir, file), 'utf8'))?.[1]?.trim() ?? '',
    providerId: file.replace(/^\d+-/, '').replace(/\.eml$/, ''),
  }));
  return { acceptedFor: (channel: Channel, to: string) => accepted.filter((a) => a.channel === channel && a.to === to) };
};

describe('the local stack killed in the middle of a sweep', () => {
  it('after a restart on the same data, sends what was waiting, reports what was in flight as unknown, and sends nothing twice', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'aftercare-restart-'));
    const dynamoDir = join(dataDir, 'dynamodb');
    const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
    const log = new CapturingLog();

    const dynamo = await startDynamoDbLocal({ dataDir: dynamoDir });
    started.push(dynamo);
    const clients: Client[] = [];
    // The sweep's eight workers each take a follow-up and call the SMS provider. The first four calls reach the
    // provider but never return; the next three never return; later calls wait at a gate the test opens one by one.
    const assigned = new Map<string, Behaviour>();
    const dying = new ScriptedProviders(({ channel, to }) => (channel === 'sms' ? (assigned.get(to) ?? 'ok') : 'ok'));
    const gate: (() => void)[] = [];
    let smsCalls = 0;
    const gatedSms = {
      send: async (m: { to: string; body: string }) => {
        smsCalls += 1;
        assigned.set(m.to, smsCalls <= 4 ? 'accept-then-hang' : smsCalls <= 7 ? 'hang' : 'ok');
        if (smsCalls >= 8) await new Promise<void>((open) => gate.push(open));
        return dying.sms.send(m);
      },
    };
    const first = await startTestStack({ clock, log, inMemory: false, dynamoEndpoint: dynamo.endpoint, dataDir, sms: gatedSms });
    const tableName = first.stack.config.tableName;
    try {
      for (let i = 0; i < 16; i += 1) {
        const who = newClient();
        const response = await first.call('POST', '/sessions', {
          client: { name: who.name, phone: who.phone, email: who.email },
          endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
          consent: { sms: true, email: true },
        });
        expect(response.status).toBe(201);
        clients.push({ ...who, sessionId: ((await response.json()) as { id: string }).id });
      }

      void first.stack.sweep().catch(() => undefined);
      await expect.poll(() => ({ hanging: dying.hanging, atGate: gate.length }), { timeout: 20_000 }).toEqual({ hanging: 7, atGate: 1 });
      // Three follow-ups go through completely (the worker has recorded each and taken the next one)...
      for (let k = 1; k <= 3; k += 1) {
        gate.shift()?.();
        await expect.poll(() => smsCalls, { timeout: 20_000 }).toBe(8 + k);
      }
      // ...and then the machine dies: DynamoDB Local is killed, the process with the sweep is gone.
      dynamo.process.kill('SIGKILL');
      await new Promise((r) => (dynamo.process.exitCode !== null ? r(undefined) : dynamo.process.once('exit', r)));
    } finally {
      await first.stack.stop();
    }
    expect(dying.accepted.filter((a) => a.channel === 'sms')).toHaveLength(4 + 3);

    // Restarted on the same data, past the 5 minute lease.
    clock.advanceMinutes(6);
    const again = await startDynamoDbLocal({ dataDir: dynamoDir });
    started.push(again);
    const healthy = new ScriptedProviders(() => 'ok');
    const second = await startTestStack({ clock, log, inMemory: false, dynamoEndpoint: again.endpoint, dataDir, sms: healthy.sms, env: { TABLE_NAME: tableName } });
    try {
      const summary = (await second.stack.sweep()) as { sent: number; reconciled: number };
      // In flight at the kill: the four the provider took, the three that never returned, the one at the gate.
      expect(summary).toMatchObject({ reconciled: 8, sent: 5 });
      // Later runs find nothing more to do.
      clock.advanceMinutes(10);
      await second.stack.sweep();
      clock.advanceMinutes(10);
      await second.stack.sweep();

      const repo = second.stack.core;
      const { problems, tally } = await deliveryProblems(repo, clients, [dying, healthy, recordedEmails(dataDir)]);
      expect(problems).toEqual([]);
      expect(tally).toEqual({ sent: 3 + 5, unknown: 8 });
      // Every text went out at most once; every client whose follow-up was not in flight got it.
      for (const c of clients) {
        expect([...dying.acceptedFor('sms', c.phone), ...healthy.acceptedFor('sms', c.phone)].length).toBeLessThanOrEqual(1);
      }
      expect(healthy.accepted).toHaveLength(5);
      expect(log.lines.filter((l) => l.includes('outcome unknown'))).toHaveLength(8);
      expect(linesWithClientData(log.lines, clients)).toEqual([]);
    } finally {
      await second.stack.stop();
    }
  }, 180_000);
});
