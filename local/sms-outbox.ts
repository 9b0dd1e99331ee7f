import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SmsMessage, SmsSender } from '#ports/senders';

/**
 * The local stand-in for Twilio: each text is appended as a JSON line { to, from, body, sentAt } to a file.
 * Local only; Lambdas never import this.
 */
export class OutboxSmsSender implements SmsSender {
  constructor(
    private readonly file: string,
    private readonly from: string,
  ) {}

  async send(message: SmsMessage): Promise<{ providerId: string }> {
    await mkdir(dirname(this.file), { recursive: true, mode: 0o700 });
    const line = JSON.stringify({ to: message.to, from: this.from, body: message.body, sentAt: new Date().toISOString() });
    await appendFile(this.file, `${line}\n`, { mode: 0o600 });
    return { providerId: `SMlocal${randomBytes(13).toString('hex')}` };
  }
}
