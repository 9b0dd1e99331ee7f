import { PermanentDeliveryError, TransientDeliveryError } from '#domain/errors';
import { parseSendingHours } from '#domain/quiet-hours';
import type { LinkKeys } from '#domain/links';
import type { Clock } from '#domain/time';
import type { SenderSettings } from '#use-cases/send-due-follow-ups';
import type { Log } from '#ports/log';
import type { EmailMessage, EmailSender, SmsMessage, SmsSender } from '#ports/senders';

/** A clock the test moves by hand. */
export class FakeClock implements Clock {
  constructor(private current: Date) {}
  now = () => new Date(this.current);
  set(at: Date | string) {
    this.current = new Date(at);
  }
  advanceMinutes(minutes: number) {
    this.current = new Date(this.current.getTime() + minutes * 60_000);
  }
}

export type Failure = 'throttle' | 'permanent' | 'opted-out' | undefined;

const fail = (failure: Failure) => {
  if (failure === 'throttle') throw new TransientDeliveryError('provider throttled (429)');
  if (failure === 'permanent') throw new PermanentDeliveryError('invalid number', 'provider: invalid number');
  if (failure === 'opted-out') throw new PermanentDeliveryError('opted out', 'provider: opted out', true);
};

/** Records every call; `failNext` makes the next calls fail the chosen way. Optional delay to widen races. */
export class FakeSms implements SmsSender {
  sent: SmsMessage[] = [];
  failures: Failure[] = [];
  constructor(private readonly delayMs = 0) {}
  async send(message: SmsMessage) {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    fail(this.failures.shift());
    this.sent.push(message);
    return { providerId: `SM${this.sent.length}` };
  }
}

export class FakeEmail implements EmailSender {
  sent: EmailMessage[] = [];
  failures: Failure[] = [];
  constructor(private readonly delayMs = 0) {}
  async send(message: EmailMessage) {
    if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
    fail(this.failures.shift());
    this.sent.push(message);
    return { providerId: `ses-${this.sent.length}` };
  }
}

/** Keeps log lines so tests can check that no client data is in them. */
export class CapturingLog implements Log {
  lines: string[] = [];
  private push = (level: string) => (message: string, extra?: Record<string, unknown>) => {
    this.lines.push(JSON.stringify({ level, message, ...extra }));
  };
  info = this.push('INFO');
  warn = this.push('WARN');
  error = this.push('ERROR');
}

/** Link keys for tests that call the use cases directly: one current key, no previous ones. */
export const TEST_LINK_KEYS: LinkKeys = { current: { id: 'test', key: 'test-link-signing-key-0123456789abcdef' }, previous: [] };

/** The seed practice's settings as the sender sees them, for tests that call the use cases directly. */
export const testSenderSettings = (extra: Partial<SenderSettings> = {}): SenderSettings => ({
  practiceName: "Chris O'Hara Massage",
  therapistName: "Chris O'Hara",
  practicePhone: '(310) 896-0696',
  practiceHours: '10AM-10PM',
  sendingHours: parseSendingHours('09:00-20:00'),
  publicBaseUrl: 'http://localhost:3000',
  linkKeys: TEST_LINK_KEYS,
  ...extra,
});
