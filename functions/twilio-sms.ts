import * as z from 'zod';
import { errorResponse, type HttpEvent, type HttpResult } from '#adapters/http';
import { powertoolsLog } from '#adapters/powertools-log';
import { twiml, verifyTwilioRequest } from '#adapters/twilio-webhook';
import { replySettings, twilioWebhookSettings, type CoreDeps } from '#app/deps';
import { parseOrThrow } from '#domain/errors';
import type { EscalationNotifier } from '#ports/notifier';
import { handleInboundSms } from '#use-cases/replies';
import { awsCoreDeps } from '#app/aws';
import { lambdaNotifier } from '#app/aws-replies';
import { once } from '#app/memoise';

export type SmsWebhookDeps = CoreDeps & { notifier: EscalationNotifier };

const inboundSms = z.object({
  From: z.string().min(1),
  Body: z.string().max(1600).default(''),
  MessageSid: z.string().regex(/^[A-Za-z0-9]{10,64}$/),
});

/** POST /webhooks/twilio/sms: a client's text, answered with TwiML. Authenticated by Twilio's signature. */
export const createTwilioSmsHandler =
  (getDeps: () => Promise<SmsWebhookDeps>) =>
  async (event: HttpEvent): Promise<HttpResult> => {
    let deps: SmsWebhookDeps | undefined;
    try {
      deps = await getDeps();
      const params = verifyTwilioRequest(event, twilioWebhookSettings(deps.config));
      const sms = parseOrThrow(inboundSms, params);
      // The TwiML is built before the answer is recorded as sent: text that cannot go out is never logged as sent.
      return await handleInboundSms(
        { ...deps, settings: replySettings(deps.config) },
        { from: sms.From, body: sms.Body, messageSid: sms.MessageSid },
        twiml,
      );
    } catch (error) {
      return errorResponse(error, deps?.log ?? powertoolsLog());
    }
  };

const depsFor = once((core: CoreDeps): SmsWebhookDeps => ({ ...core, notifier: lambdaNotifier(core.config) }));
const awsDeps = async () => depsFor(await awsCoreDeps());

export const handler = createTwilioSmsHandler(awsDeps);
