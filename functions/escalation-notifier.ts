import * as z from 'zod';
import { awsSenderDeps, type SenderHandlerDeps } from '#app/aws-senders';
import { digestSettings, notifySettings } from '#app/deps';
import { PermanentDeliveryError, TransientDeliveryError, UnknownDeliveryError, ValidationError } from '#domain/errors';
import type { RelayedSms } from '#adapters/lambda-notifier';
import type { SmsMessage } from '#ports/senders';
import { notifyEscalation } from '#use-cases/escalations';
import { notifyDueReplies } from '#use-cases/inbox';

const notifyEvent = z.object({ sessionId: z.string().uuid(), escalationId: z.string().uuid() });
const repliesEvent = z.object({ replies: z.literal(true) });
const smsEvent = z.object({ sms: z.object({ to: z.string().regex(/^\+[1-9]\d{6,14}$/), body: z.string().min(1).max(1600) }) });

/** A text the API relays (an answer from the page), sent with the Twilio client only this function carries. */
async function relaySms(deps: SenderHandlerDeps, sms: SmsMessage): Promise<RelayedSms> {
  try {
    return await deps.sms.send(sms);
  } catch (error) {
    if (error instanceof PermanentDeliveryError) return { failure: 'permanent', reason: error.reason, optedOut: error.optedOut };
    if (error instanceof TransientDeliveryError) return { failure: 'transient', reason: error.message };
    return { failure: 'unknown', reason: error instanceof UnknownDeliveryError ? error.message : 'the text provider gave no clear answer' };
  }
}

/**
 * Invoked asynchronously by the SMS and email webhooks the moment an escalation opens or grows (`{ sessionId,
 * escalationId }`), or a message waits for the therapist's answer (`{ replies: true }`: the digest, if one is due);
 * and by the API, synchronously, to text a client the therapist's answer from the page (`{ sms: { to, body } }`).
 */
export const createNotifierHandler =
  (getDeps: () => Promise<SenderHandlerDeps>) =>
  async (event: unknown): Promise<{ result: string } | RelayedSms> => {
    const relayed = smsEvent.safeParse(event);
    if (relayed.success) return relaySms(await getDeps(), relayed.data.sms);
    if (repliesEvent.safeParse(event).success) {
      const deps = await getDeps();
      return { result: await notifyDueReplies({ ...deps, settings: digestSettings(deps.config) }) };
    }
    const parsed = notifyEvent.safeParse(event);
    if (!parsed.success) throw new ValidationError([{ field: 'event', message: 'needs sessionId and escalationId, or replies: true' }]);
    const deps = await getDeps();
    const result = await notifyEscalation(
      { ...deps, settings: notifySettings(deps.config) },
      parsed.data.sessionId,
      parsed.data.escalationId,
    );
    return { result };
  };

export const handler = createNotifierHandler(awsSenderDeps);
