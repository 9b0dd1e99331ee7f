import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import type { EscalationNotifier } from '#ports/notifier';

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
