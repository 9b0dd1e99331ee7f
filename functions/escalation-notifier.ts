import * as z from 'zod';
import { awsSenderDeps, type SenderHandlerDeps } from '#app/aws-senders';
import { notifySettings } from '#app/deps';
import { ValidationError } from '#domain/errors';
import { notifyEscalation } from '#use-cases/escalations';

const notifyEvent = z.object({ sessionId: z.string().uuid(), escalationId: z.string().uuid() });

/** Invoked asynchronously by the SMS and email webhooks the moment an escalation opens or grows. */
export const createNotifierHandler =
  (getDeps: () => Promise<SenderHandlerDeps>) =>
  async (event: unknown): Promise<{ result: string }> => {
    const parsed = notifyEvent.safeParse(event);
    if (!parsed.success) throw new ValidationError([{ field: 'event', message: 'needs sessionId and escalationId' }]);
    const deps = await getDeps();
    const result = await notifyEscalation(
      { ...deps, settings: notifySettings(deps.config) },
      parsed.data.sessionId,
      parsed.data.escalationId,
    );
    return { result };
  };

export const handler = createNotifierHandler(awsSenderDeps);
