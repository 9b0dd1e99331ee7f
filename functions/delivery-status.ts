import type { SNSEvent } from 'aws-lambda';
import * as z from 'zod';
import { errorResponse, noContent, type HttpEvent, type HttpResult } from '#adapters/http';
import { verifyTwilioRequest } from '#adapters/twilio-webhook';
import { twilioWebhookSettings, type CoreDeps } from '#app/deps';
import { parseOrThrow } from '#domain/errors';
import { recordEmailEvent, recordSmsStatus, type SesNotification } from '#use-cases/delivery-status';
import { awsCoreDeps } from '#app/aws';

const statusCallback = z.object({
  MessageSid: z.string().regex(/^[A-Za-z0-9]{10,64}$/, 'must be a Twilio message SID'),
  // Only Twilio's own values: these are stored and logged, so nothing a caller invents may pass through.
  MessageStatus: z.enum(
    ['accepted', 'scheduled', 'canceled', 'queued', 'sending', 'sent', 'failed', 'delivered', 'undelivered', 'receiving', 'received', 'read', 'partially_delivered'],
    'must be a Twilio message status',
  ),
  ErrorCode: z.string().regex(/^\d{1,6}$/, 'must be a Twilio error code').optional(),
  To: z.string().max(32).optional(),
});

const sesNotification = z.looseObject({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.looseObject({ messageId: z.string() }),
});

const isSns = (event: unknown): event is SNSEvent =>
  Array.isArray((event as SNSEvent).Records) && (event as SNSEvent).Records[0]?.EventSource === 'aws:sns';

/**
 * Delivery reports: Twilio's status callback (POST /webhooks/twilio/status, signed) and SES bounce and complaint
 * events from the configuration set through SNS.
 */
export const createDeliveryStatusHandler =
  (getDeps: () => Promise<CoreDeps>) =>
  async (event: HttpEvent | SNSEvent): Promise<HttpResult | { processed: number }> => {
    const deps = await getDeps();
    if (isSns(event)) {
      for (const record of event.Records) {
        const parsed = sesNotification.safeParse(JSON.parse(record.Sns.Message));
        if (!parsed.success) {
          deps.log.warn('SNS message is not an SES event; ignored', {});
          continue;
        }
        await recordEmailEvent(deps, parsed.data as SesNotification);
      }
      return { processed: event.Records.length };
    }
    try {
      const params = verifyTwilioRequest(event, twilioWebhookSettings(deps.config));
      const report = parseOrThrow(statusCallback, params);
      await recordSmsStatus(deps, {
        messageSid: report.MessageSid,
        status: report.MessageStatus,
        ...(report.ErrorCode ? { errorCode: report.ErrorCode } : {}),
        ...(report.To ? { to: report.To } : {}),
      });
      return noContent();
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };

export const handler = createDeliveryStatusHandler(awsCoreDeps);
