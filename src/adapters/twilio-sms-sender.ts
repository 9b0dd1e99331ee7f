import type { Twilio } from 'twilio';
import { PermanentDeliveryError, TransientDeliveryError, UnknownDeliveryError } from '#domain/errors';
import type { SmsMessage, SmsSender } from '#ports/senders';
import { TWILIO_OPTED_OUT } from './twilio-status.ts';

export interface TwilioSmsSenderOptions {
  /** A Messaging Service SID (preferred: sender pool, opt-out handling) or a From number. */
  sender: { messagingServiceSid: string } | { from: string };
  /** Where Twilio posts delivery status updates. */
  statusCallbackUrl?: string;
}


/** Network failures that happen before a request reaches Twilio: safe to try again. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/** Sends SMS through Twilio's REST client, created once per container and passed in. */
export class TwilioSmsSender implements SmsSender {
  constructor(
    private readonly client: Twilio,
    private readonly options: TwilioSmsSenderOptions,
  ) {}

  async send(message: SmsMessage): Promise<{ providerId: string }> {
    try {
      const created = await this.client.messages.create({
        to: message.to,
        body: message.body,
        ...this.options.sender,
        ...(this.options.statusCallbackUrl ? { statusCallback: this.options.statusCallbackUrl } : {}),
      });
      return { providerId: created.sid };
    } catch (error) {
      const status = (error as { status?: number }).status;
      const code = (error as { code?: number }).code;
      if (status === undefined) {
        const network = String((error as { code?: unknown }).code ?? (error as Error).name);
        if (NOT_SENT.has(network)) throw new TransientDeliveryError(`Twilio unreachable (${network}); will retry`, { cause: error });
        throw new UnknownDeliveryError(`no answer from Twilio (${network}); the text may have gone out`, { cause: error });
      }
      if (status === 429 || status >= 500) {
        throw new TransientDeliveryError(`Twilio failed (HTTP ${status}); will retry`, { cause: error });
      }
      throw new PermanentDeliveryError(
        `Twilio refused the text (HTTP ${status}, error ${code ?? 'unknown'})`,
        `twilio: error ${code ?? status}${code === TWILIO_OPTED_OUT ? ' (recipient replied STOP)' : ''}`,
        code === TWILIO_OPTED_OUT,
        { cause: error },
      );
    }
  }
}
