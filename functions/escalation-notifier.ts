import * as z from 'zod';
import { awsSenderDeps, type SenderHandlerDeps } from '#app/aws-senders';
import { digestSettings, notifySettings } from '#app/deps';
import { ValidationError } from '#domain/errors';
import { notifyEscalation } from '#use-cases/escalations';
import { notifyDueReplies } from '#use-cases/inbox';

const notifyEvent = z.object({ sessionId: z.string().uuid(), escalationId: z.string().uuid() });
const repliesEvent = z.object({ replies: z.literal(true) });

/**
 * Invoked asynchronously by the SMS and email webhooks the moment an escalation opens or grows (`{ sessionId,
 * escalationId }`), or a message waits for the therapist's answer (`{ replies: true }`: the digest, if one is due).
 */
export const createNotifierHandler =
  (getDeps: () => Promise<SenderHandlerDeps>) =>
  async (event: unknown): Promise<{ result: string }> => {
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
