import * as z from 'zod';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { PermanentDeliveryError, TransientDeliveryError, UnknownDeliveryError } from '#domain/errors';
import type { EscalationNotifier } from '#ports/notifier';
import type { SmsMessage, SmsSender } from '#ports/senders';

/**
 * Starts the notifier function asynchronously (InvocationType Event), so the webhook answers at once and does not
 * carry the Twilio REST client. Lambda retries a failed run twice, then its DLQ; the sweep retries too.
 */
export class LambdaEscalationNotifier implements EscalationNotifier {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async notify(sessionId: string, escalationId: string): Promise<void> {
    await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: Buffer.from(JSON.stringify({ sessionId, escalationId })),
      }),
    );
  }

  async notifyReplies(): Promise<void> {
    await this.lambda.send(
      new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify({ replies: true })) }),
    );
  }
}

/** The notifier's answer to a relayed text: the provider's id, or how the send failed. */
const relayedSms = z.union([
  z.object({ providerId: z.string() }),
  z.object({ failure: z.enum(['permanent', 'transient', 'unknown']), reason: z.string(), optedOut: z.boolean().optional() }),
]);
export type RelayedSms = z.infer<typeof relayedSms>;

/**
 * Texts through the notifier function (a synchronous invoke), for the API: it answers clients from the page without
 * carrying the Twilio REST client (most of a bundle) or the Twilio credentials. The notifier's delivery errors come
 * back as the same typed errors.
 */
export class LambdaSmsRelay implements SmsSender {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async send(message: SmsMessage): Promise<{ providerId: string }> {
    let result: RelayedSms;
    try {
      const answer = await this.lambda.send(
        new InvokeCommand({ FunctionName: this.functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify({ sms: message })) }),
      );
      if (answer.FunctionError) throw new Error(`the notifier failed (${answer.FunctionError})`);
      result = relayedSms.parse(JSON.parse(Buffer.from(answer.Payload ?? new Uint8Array()).toString('utf8')));
    } catch (error) {
      throw new UnknownDeliveryError('no answer from the notifier; the text may have gone out', { cause: error });
    }
    if ('providerId' in result) return { providerId: result.providerId };
    if (result.failure === 'permanent') throw new PermanentDeliveryError(result.reason, result.reason, result.optedOut ?? false);
    if (result.failure === 'transient') throw new TransientDeliveryError(result.reason);
    throw new UnknownDeliveryError(result.reason);
  }
}
