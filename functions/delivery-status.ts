import type { SNSEvent } from 'aws-lambda';
import { errorResponse, noContent, type HttpEvent, type HttpResult } from '#adapters/http';
import { sesDeliveryReport } from '#adapters/ses-notification';
import { twilioDeliveryReport, twilioStatusCallback } from '#adapters/twilio-status';
import { verifyTwilioRequest } from '#adapters/twilio-webhook';
import { awsCoreDeps } from '#app/aws';
import { twilioWebhookSettings, type CoreDeps } from '#app/deps';
import { parseOrThrow } from '#domain/errors';
import { recordDeliveryReport } from '#use-cases/delivery-status';

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
        const report = sesDeliveryReport(record.Sns.Message);
        if (report) await recordDeliveryReport(deps, report);
        else deps.log.warn('SNS message is not an SES event; ignored', {});
      }
      return { processed: event.Records.length };
    }
    try {
      const params = verifyTwilioRequest(event, twilioWebhookSettings(deps.config));
      await recordDeliveryReport(deps, twilioDeliveryReport(parseOrThrow(twilioStatusCallback, params)));
      return noContent();
    } catch (error) {
      return errorResponse(error, deps.log);
    }
  };

export const handler = createDeliveryStatusHandler(awsCoreDeps);
