import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { inject } from 'vitest';
import { dynamoStores } from '#adapters/dynamo/stores';
import { ensureTable } from '#adapters/dynamo/schema';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { PermanentDeliveryError, TransientDeliveryError } from '#domain/errors';
import { parseSendingHours } from '#domain/quiet-hours';
import type { Channel, FollowUp } from '#domain/model';
import type { EmailMessage, EmailSender, SmsMessage, SmsSender } from '#ports/senders';
import type { Stores } from '#ports/stores';
import { enterSession, type SessionDeps } from '#use-cases/sessions';
import { sendDueFollowUps, type SenderDeps, type SweepSummary } from '#use-cases/send-due-follow-ups';
import { localDynamoClient } from '../../local/dynamodb-local.ts';
import { CapturingLog, FakeClock, testSenderSettings } from '../support/fakes.ts';

export const templates = loadTemplatesFromDir(defaultTemplatesDir());
export const sendingHours = parseSendingHours('09:00-20:00');
/** 10:00 in Los Angeles (PST): inside sending hours. */
export const MORNING_LA = new Date('2026-11-27T18:00:00Z');

/** A repeatable pseudo-random sequence, so a failing run can be replayed. */
export { seededRandom as seeded } from '../../scripts/bench/stats.ts';

export type DynamoFault = (operation: string) => Error | undefined;

/**
 * A DynamoDB Local client with two places to inject faults:
 * `engine` throws before the SDK's retry layer, so the engine sees the error (as it does once the SDK has given up);
 * `wire` throws inside the retry layer, as DynamoDB's answer would, so the SDK retries what it considers retryable.
 */
export function faultyDynamoClient(endpoint = inject('dynamoEndpoint')) {
  const client = localDynamoClient(endpoint);
  const faults: { engine?: DynamoFault; wire?: DynamoFault; calls: Record<string, number> } = { calls: {} };
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName ?? 'unknown';
      faults.calls[operation] = (faults.calls[operation] ?? 0) + 1;
      const error = faults.engine?.(operation);
      if (error) throw error;
      return next(args);
    },
    { step: 'initialize', name: 'engineFaults' },
  );
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const error = faults.wire?.(context.commandName ?? 'unknown');
      if (error) throw error;
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'wireFaults' },
  );
  return { client, faults };
}

/** The error DynamoDB answers when a partition is over its throughput; the SDK classifies it as throttling. */
export function throttle(): Error {
  return Object.assign(new Error('Rate of requests exceeds the allowed throughput (injected)'), {
    name: 'ProvisionedThroughputExceededException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, attempts: 1 },
  });
}

/** The DynamoDB stores over a fresh table of that client. */
export async function tableStores(client: DynamoDBClient): Promise<Stores> {
  const tableName = `t-${randomUUID()}`;
  await ensureTable(client, tableName);
  const { table: _table, ...stores } = dynamoStores(client, { tableName, retentionDays: 180 });
  return stores;
}

export type Behaviour = 'ok' | 'throttle' | '5xx' | 'permanent' | 'hang' | 'accept-then-hang';

export interface Acceptance {
  channel: Channel;
  to: string;
  providerId: string;
}

/**
 * SMS and email providers whose every call behaves as `behave` says. A message counts as delivered to the
 * provider ("accepted") when the call succeeds, or for accept-then-hang when the provider took it but the caller
 * never hears back (the process dies before it can write the outcome). Hanging calls can be settled later.
 */
export class ScriptedProviders {
  accepted: Acceptance[] = [];
  calls = 0;
  private hung: { settle: () => void }[] = [];
  constructor(public behave: (call: { channel: Channel; to: string; n: number }) => Behaviour) {}

  private async call(channel: Channel, to: string): Promise<{ providerId: string }> {
    this.calls += 1;
    const behaviour = this.behave({ channel, to, n: this.calls });
    const providerId = `${channel}-${randomUUID()}`;
    switch (behaviour) {
      case 'ok':
        this.accepted.push({ channel, to, providerId });
        return { providerId };
      case 'throttle':
        throw new TransientDeliveryError('provider throttled (429); will retry');
      case '5xx':
        throw new TransientDeliveryError('provider failed (HTTP 503); will retry');
      case 'permanent':
        throw new PermanentDeliveryError('provider refused', `${channel}: invalid recipient`);
      case 'hang':
        return new Promise((_, reject) => {
          this.hung.push({ settle: () => reject(new TransientDeliveryError('provider timed out; will retry')) });
        });
      case 'accept-then-hang':
        this.accepted.push({ channel, to, providerId });
        return new Promise((resolve) => {
          this.hung.push({ settle: () => resolve({ providerId }) });
        });
    }
  }

  /** Calls still waiting for an answer. */
  get hanging() {
    return this.hung.length;
  }

  /** Lets every hanging call finish: the ones the provider took succeed, the others fail with a timeout. */
  settleHanging() {
    for (const h of this.hung.splice(0)) h.settle();
  }

  readonly sms: SmsSender = { send: (m: SmsMessage) => this.call('sms', m.to) };
  readonly email: EmailSender = { send: (m: EmailMessage) => this.call('email', m.to) };

  acceptedFor(channel: Channel, to: string) {
    return this.accepted.filter((a) => a.channel === channel && a.to === to);
  }
}

export interface Harness {
  stores: Stores;
  clock: FakeClock;
  log: CapturingLog;
  sessionDeps: SessionDeps;
  senderDeps(providers: { sms: SmsSender; email: EmailSender }): SenderDeps;
  sweep(providers: { sms: SmsSender; email: EmailSender }, options?: { concurrency?: number }): Promise<SweepSummary>;
  /** Enters `count` sessions that ended 2 h 1 min ago, each client with its own phone and email. */
  enterClients(count: number, consent?: { sms: boolean; email: boolean }): Promise<Client[]>;
}

export interface Client {
  sessionId: string;
  phone: string;
  email: string;
  name: string;
}

let clientCounter = 0;
/** A new client each call: a distinct valid number in the fictional 555 exchange and a distinct address. */
export function newClient(): Omit<Client, 'sessionId'> {
  clientCounter += 1;
  const n = (clientCounter * 7919 + process.pid) % 10_000;
  const area = ['213', '323', '424', '818', '626'][clientCounter % 5] as string;
  return { phone: `+1${area}555${String(n).padStart(4, '0')}`, email: `client-${randomUUID().slice(0, 8)}@example.com`, name: `Robin Tester${clientCounter}` };
}

export async function harness(stores: Stores, start = MORNING_LA): Promise<Harness> {
  const clock = new FakeClock(start);
  const log = new CapturingLog();
  const sessionDeps: SessionDeps = {
    ...stores,
    clock,
    log,
    settings: { timezone: 'America/Los_Angeles', phoneRegion: 'US', sendingHours, consentWordingVersion: 'v1', defaultLanguage: 'en' as const },
  };
  const senderDeps = (providers: { sms: SmsSender; email: EmailSender }): SenderDeps => ({
    ...stores,
    sms: providers.sms,
    email: providers.email,
    templates,
    clock,
    log,
    settings: testSenderSettings(),
  });
  return {
    stores,
    clock,
    log,
    sessionDeps,
    senderDeps,
    sweep: (providers, options = {}) => sendDueFollowUps(senderDeps(providers), { remainingMs: () => 60_000, ...options }),
    async enterClients(count, consent = { sms: true, email: true }) {
      const clients: Client[] = [];
      for (let i = 0; i < count; i += 1) {
        const who = newClient();
        const { session } = await enterSession(sessionDeps, {
          client: { name: who.name, phone: who.phone, email: who.email },
          endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
          consent,
        });
        clients.push({ ...who, sessionId: session.id });
      }
      return clients;
    },
  };
}

export const twoHour = async (stores: Pick<Stores, 'sessions'>, sessionId: string): Promise<FollowUp> => {
  const view = await stores.sessions.view(sessionId);
  const followUp = view?.followUps.find((f) => f.step === '2h');
  if (!followUp) throw new Error(`no 2 h follow-up for ${sessionId}`);
  return followUp;
};

/**
 * The promise of the issue, checked for each client's 2 h follow-up: it ended sent, failed or unknown (never still
 * waiting or claimed); a failed or unknown one says why; no channel reached the provider twice; a channel recorded
 * sent reached it exactly once, with that provider id; a channel recorded failed never reached it.
 */
export async function deliveryProblems(
  stores: Pick<Stores, 'sessions'>,
  clients: Client[],
  providers: { acceptedFor(channel: Channel, to: string): Acceptance[] }[],
) {
  const problems: string[] = [];
  const tally: Record<string, number> = {};
  for (const client of clients) {
    const fu = await twoHour(stores, client.sessionId);
    tally[fu.status] = (tally[fu.status] ?? 0) + 1;
    const where = `session ${client.sessionId}`;
    if (!['sent', 'failed', 'unknown', 'skipped'].includes(fu.status)) problems.push(`${where}: left ${fu.status}`);
    if ((fu.status === 'failed' || fu.status === 'unknown') && !fu.reason) problems.push(`${where}: ${fu.status} without a reason`);
    for (const channel of ['sms', 'email'] as const) {
      const delivery = fu.channels[channel];
      if (!delivery) continue;
      const to = channel === 'sms' ? client.phone : client.email;
      const accepted = providers.flatMap((p) => p.acceptedFor(channel, to));
      if (accepted.length > 1) problems.push(`${where}: ${channel} reached the provider ${accepted.length} times`);
      if (delivery.status === 'sent' && (accepted.length !== 1 || accepted[0]?.providerId !== delivery.providerId)) {
        problems.push(`${where}: ${channel} recorded sent (${delivery.providerId}) but the provider took ${accepted.length}`);
      }
      if (delivery.status === 'failed' && (accepted.length !== 0 || !delivery.reason)) {
        problems.push(`${where}: ${channel} recorded failed (${delivery.reason}) but the provider took ${accepted.length}`);
      }
      if (delivery.status === 'pending') problems.push(`${where}: ${channel} still pending`);
    }
  }
  return { problems, tally };
}

/** Every log line that contains a client's phone number (any common format), email address or the text sent. */
export function linesWithClientData(lines: string[], clients: { phone?: string; email?: string; name?: string }[], texts: string[] = []) {
  const needles = new Set<string>();
  for (const c of clients) {
    if (c.phone) {
      needles.add(c.phone);
      needles.add(c.phone.slice(-7));
      needles.add(`${c.phone.slice(-7, -4)}-${c.phone.slice(-4)}`);
    }
    if (c.email) needles.add(c.email.toLowerCase());
    if (c.name) needles.add(c.name.split(' ')[1] as string);
  }
  for (const t of texts) if (t.trim().length >= 8) needles.add(t.trim().toLowerCase().slice(0, 40));
  return lines.filter((line) => {
    const lower = line.toLowerCase();
    return [...needles].some((n) => lower.includes(n.toLowerCase()));
  });
}
