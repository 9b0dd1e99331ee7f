import { readFileSync } from 'node:fs';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { describe, expect, it } from 'vitest';
import { LambdaSmsRelay } from '#adapters/lambda-notifier';
import { memoryStores } from '#adapters/memory/stores';
import { defaultTemplatesDir, loadTemplatesFromDir } from '#adapters/template-files';
import { createCoreDeps } from '#app/deps';
import { parseConfig } from '#config';
import { PermanentDeliveryError, TransientDeliveryError, UnknownDeliveryError } from '#domain/errors';
import { createNotifierHandler } from '#functions/escalation-notifier';
import { CapturingLog, FakeClock, FakeEmail, FakeSms } from './support/fakes.ts';

/** The API texts an answer from the page through the notifier function; the notifier also starts the reply digest. */

const practice = JSON.parse(readFileSync('aftercare.config.json', 'utf8')) as Record<string, unknown>;
const config = parseConfig({ ...practice, publicBaseUrl: 'https://aftercare.example', linkSigningKey: 'relay-test-link-key-0123456789abcdef' });

function notifier(sms = new FakeSms(), email = new FakeEmail()) {
  const stores = memoryStores();
  const core = createCoreDeps(config, stores, { clock: new FakeClock(new Date('2026-11-27T18:00:00Z')), log: new CapturingLog(), templates: loadTemplatesFromDir(defaultTemplatesDir()) });
  return { handler: createNotifierHandler(async () => ({ ...core, sms, email })), sms, email, stores };
}

/** A Lambda client whose invoke runs the notifier handler in-process, as Lambda would with the JSON payload. */
const lambdaRunning = (handler: (event: unknown) => Promise<unknown>) =>
  ({
    send: async (command: { input: { Payload?: Uint8Array } }) => {
      const event = JSON.parse(Buffer.from(command.input.Payload ?? new Uint8Array()).toString('utf8')) as unknown;
      return { StatusCode: 200, Payload: Buffer.from(JSON.stringify(await handler(event))) };
    },
  }) as unknown as LambdaClient;

describe('the SMS relay through the notifier', () => {
  it('sends the text with the notifier\'s Twilio sender and gives back its id', async () => {
    const { handler, sms } = notifier();
    const relay = new LambdaSmsRelay(lambdaRunning(handler), 'notifier');
    expect(await relay.send({ to: '+13105550142', body: 'Yes, ibuprofen is fine' })).toEqual({ providerId: 'SM1' });
    expect(sms.sent).toEqual([{ to: '+13105550142', body: 'Yes, ibuprofen is fine' }]);
  });

  it('gives back the same kinds of delivery error: permanent (with the opt-out), transient, and no answer', async () => {
    const { handler, sms } = notifier();
    const relay = new LambdaSmsRelay(lambdaRunning(handler), 'notifier');
    sms.failures.push('opted-out', 'throttle');
    const refused = await relay.send({ to: '+13105550142', body: 'hi' }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentDeliveryError);
    expect((refused as PermanentDeliveryError).optedOut).toBe(true);
    await expect(relay.send({ to: '+13105550142', body: 'hi' })).rejects.toBeInstanceOf(TransientDeliveryError);
    const failing = { send: async () => ({ StatusCode: 200, FunctionError: 'Unhandled', Payload: Buffer.from('{}') }) } as unknown as LambdaClient;
    await expect(new LambdaSmsRelay(failing, 'notifier').send({ to: '+13105550142', body: 'hi' })).rejects.toBeInstanceOf(UnknownDeliveryError);
  });

  it('starts the reply digest on { replies: true }, and refuses an event it does not know', async () => {
    const { handler } = notifier();
    expect(await handler({ replies: true })).toEqual({ result: 'nothing' });
    await expect(handler({ sms: { to: 'not a number', body: 'x' } })).rejects.toThrow(/sessionId and escalationId, or replies: true/);
  });
});
