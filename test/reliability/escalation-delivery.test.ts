import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransientDeliveryError } from '#domain/errors';
import type { SmsMessage } from '#ports/senders';
import { escalate, notifyEscalation } from '#use-cases/escalations';
import { emailsTo } from '../support/engines.ts';
import { CapturingLog, FakeClock, FakeEmail, TEST_LINK_KEYS } from '../support/fakes.ts';
import { startTestStack } from '../support/stack.ts';
import { inboundSms } from '../support/twilio.ts';
import { faultyDynamoClient, linesWithClientData, newClient, tableStores, templates } from './support.ts';

const THERAPIST_PHONE = '+13108960696';
const THERAPIST_EMAIL = 'chris@ohara-massage.example';

/** A text provider whose route to the therapist's phone can be taken down; it keeps what it delivered. */
class TherapistRouteSms {
  down = false;
  attempts = 0;
  delivered: SmsMessage[] = [];
  async send(message: SmsMessage) {
    if (message.to === THERAPIST_PHONE) {
      this.attempts += 1;
      if (this.down) throw new TransientDeliveryError('Twilio failed (HTTP 503); will retry');
    }
    this.delivered.push(message);
    return { providerId: `SM${String(this.delivered.length).padStart(32, '0')}` };
  }
  toTherapist = () => this.delivered.filter((m) => m.to === THERAPIST_PHONE);
}

const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
const log = new CapturingLog();
const sms = new TherapistRouteSms();
let ctx: Awaited<ReturnType<typeof startTestStack>>;

beforeAll(async () => {
  ctx = await startTestStack({ clock, log, sms });
});

afterAll(async () => {
  await ctx?.stack.stop();
});

const therapistEmailsAbout = async (phone: string) =>
  (await emailsTo(THERAPIST_EMAIL, ctx.stack.sesUrl)).filter((e) => e.body.text?.includes(phone));

describe('escalation delivery while the therapist\'s text route fails', () => {
  it('emails the therapist at once, texts when the route recovers, and sends each channel once per notification round', async () => {
    const client = newClient();
    const created = await ctx.call('POST', '/sessions', {
      client: { name: client.name, phone: client.phone, email: client.email },
      endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
      consent: { sms: true, email: true },
    });
    const { id } = (await created.json()) as { id: string };
    await ctx.stack.sweep();

    sms.down = true;
    const reply = await inboundSms(ctx.stack.url, client.phone, 'sharp pain in my lower back since this morning');
    expect(reply.status).toBe(200);
    expect(await reply.text()).toContain('has been told');

    // At once: the email, with the client's words; the text could not go.
    expect(await therapistEmailsAbout(client.phone)).toHaveLength(1);
    expect(sms.toTherapist()).toHaveLength(0);

    // The route stays down for five minutes; every sweep tries the text again, and only the text.
    for (let minute = 0; minute < 5; minute += 1) {
      clock.advanceMinutes(1);
      await ctx.stack.sweep();
    }
    expect(sms.attempts).toBeGreaterThanOrEqual(5);
    expect(sms.toTherapist()).toHaveLength(0);
    expect(await therapistEmailsAbout(client.phone)).toHaveLength(1);

    // It recovers. Three senders and the notifier happen to run at the same moment: one text goes out.
    sms.down = false;
    clock.advanceMinutes(1);
    const [escalation] = (await ctx.stack.core.sessions.view(id))?.escalations ?? [];
    await Promise.all([ctx.stack.sweep(), ctx.stack.notifier.notify(id, escalation!.id), ctx.stack.sweep(), ctx.stack.sweep()]);
    expect(sms.toTherapist()).toHaveLength(1);
    expect(sms.toTherapist()[0]?.body).toContain('sharp pain in my lower back');

    // Nothing more until the re-notification of an unacknowledged escalation, 30 minutes later: a new round.
    for (let minute = 0; minute < 29; minute += 1) {
      clock.advanceMinutes(1);
      await ctx.stack.sweep();
    }
    expect(sms.toTherapist()).toHaveLength(1);
    expect(await therapistEmailsAbout(client.phone)).toHaveLength(1);
    clock.advanceMinutes(2);
    await ctx.stack.sweep();
    expect(sms.toTherapist()).toHaveLength(2);
    expect(await therapistEmailsAbout(client.phone)).toHaveLength(2);
    const view = await ctx.stack.core.sessions.view(id);
    expect(view?.escalations[0]).toMatchObject({ round: 2, notify: { sms: { status: 'sent' }, email: { status: 'sent' } } });

    // The therapist answers OK: no more reminders.
    await inboundSms(ctx.stack.url, THERAPIST_PHONE, 'OK');
    clock.advanceMinutes(60);
    await ctx.stack.sweep();
    expect(sms.toTherapist()).toHaveLength(2);

    expect(linesWithClientData(log.lines, [client], ['sharp pain in my lower back since this morning'])).toEqual([]);
  }, 60_000);
});

describe('escalation delivery while the therapist\'s text provider hangs', () => {
  it('still emails the therapist at once when the text provider does not answer', async () => {
    const stores = await tableStores(faultyDynamoClient().client);
    const client = newClient();
    const now = new FakeClock(new Date('2026-11-27T18:00:00Z'));
    const session = {
      id: randomUUID(),
      client: { name: client.name, firstName: 'Robin', phone: client.phone, email: client.email, timezone: 'America/Los_Angeles' },
      endedAt: now.now().toISOString(),
      createdAt: now.now().toISOString(),
      consent: {
        sms: { granted: true, at: now.now().toISOString(), source: 'test', wordingVersion: 'v1' },
        email: { granted: true, at: now.now().toISOString(), source: 'test', wordingVersion: 'v1' },
      },
      status: 'active' as const,
    };
    await stores.sessions.create({ session, followUps: [], contacts: [] });
    const { escalation } = await escalate(
      stores,
      session,
      { at: now.now().toISOString(), channel: 'sms', text: 'sharp pain in my neck', category: 'escalate', reasons: ['sharp pain'] },
      false,
      now.now(),
      randomUUID(),
    );
    const email = new FakeEmail();
    // Twilio accepts the connection and never answers (its client gives up after 30 s; the notifier Lambda has 30 s).
    const hangingSms = { send: () => new Promise<{ providerId: string }>(() => undefined) };

    void notifyEscalation(
      {
        ...stores,
        sms: hangingSms,
        email,
        templates,
        clock: now,
        log: new CapturingLog(),
        settings: {
          therapistPhone: THERAPIST_PHONE,
          therapistEmail: THERAPIST_EMAIL,
          publicBaseUrl: 'http://localhost:3000',
          linkKeys: TEST_LINK_KEYS,
          escalationRenotifyMinutes: 30,
        },
      },
      session.id,
      escalation.id,
    );

    await expect.poll(() => email.sent.length, { timeout: 2_000 }).toBe(1);
  });
});
