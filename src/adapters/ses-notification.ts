import * as z from 'zod';
import type { DeliveryReport } from '#domain/delivery';

/** An SES event from the configuration set, as SNS delivers it (only what Aftercare reads is checked). */
const sesNotification = z.looseObject({
  eventType: z.string().optional(),
  notificationType: z.string().optional(),
  mail: z.looseObject({ messageId: z.string() }),
  bounce: z.looseObject({ bounceType: z.string().optional(), bouncedRecipients: z.array(z.looseObject({ emailAddress: z.string() })).default([]) }).optional(),
  complaint: z.looseObject({ complainedRecipients: z.array(z.looseObject({ emailAddress: z.string() })).default([]) }).optional(),
});

/**
 * An SES event (the SNS message's JSON) as a domain delivery report, or undefined when it is not an SES event. A permanent
 * bounce or a complaint suppresses the address: no more email to it, ever, unless the practice lifts it.
 */
export function sesDeliveryReport(message: string): DeliveryReport | undefined {
  const parsed = sesNotification.safeParse(JSON.parse(message));
  if (!parsed.success) return undefined;
  const event = parsed.data;
  const type = (event.eventType ?? event.notificationType ?? 'unknown').toLowerCase();
  const suppressed =
    type === 'bounce' && event.bounce?.bounceType === 'Permanent'
      ? event.bounce.bouncedRecipients
      : type === 'complaint'
        ? (event.complaint?.complainedRecipients ?? [])
        : [];
  return {
    channel: 'email',
    providerId: event.mail.messageId,
    status: type === 'bounce' ? `bounced (${event.bounce?.bounceType ?? 'unknown'})` : type === 'complaint' ? 'complained' : type,
    event: type,
    suppress: suppressed.map((r) => ({ channel: 'email', address: r.emailAddress.toLowerCase(), source: `ses-${type}` })),
  };
}
