/**
 * What the domain needs from a message provider. Adapters translate vendor errors into
 * PermanentDeliveryError (do not retry) or TransientDeliveryError (retry with backoff).
 */

export interface SmsMessage {
  to: string;
  body: string;
}

export interface SmsSender {
  send(message: SmsMessage): Promise<{ providerId: string }>;
}

export interface EmailMessage {
  to: string;
  subject: string;
  html: string;
  text: string;
  replyTo?: string;
  /** RFC 3834: `auto-replied` on an automatic answer to a client's email, so their own auto-responder stays quiet. */
  autoSubmitted?: 'auto-replied' | 'auto-generated';
  /** The Message-ID this email answers (RFC 5322 In-Reply-To), and the thread's ids (References), oldest first. */
  inReplyTo?: string;
  references?: string[];
  /** One-click unsubscribe URL (RFC 8058); becomes List-Unsubscribe and List-Unsubscribe-Post. */
  unsubscribeUrl?: string;
}

export interface EmailSender {
  send(message: EmailMessage): Promise<{ providerId: string }>;
}
