import nock from 'nock';
import twilio from 'twilio';
import { afterEach, describe, expect, it } from 'vitest';
import { TwilioSmsSender } from '#adapters/twilio-sms-sender';
import { ScriptedProviders, faultyDynamoClient, harness, tableStores, twoHour } from './support.ts';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;

afterEach(() => {
  nock.cleanAll();
});

describe('the sender when Twilio times out', () => {
  it('does not text a client twice when Twilio took the message but its answer came too late', async () => {
    const h = await harness(await tableStores(faultyDynamoClient().client));
    const [client] = await h.enterClients(1, { sms: true, email: false });
    // Twilio creates a message for every POST it receives (that is what a timed-out request leaves behind: the
    // text is on its way, the answer is not). The first answer arrives after the client's 300 ms timeout.
    const created: string[] = [];
    nock('https://api.twilio.com')
      .post(MESSAGES)
      .times(10)
      .delay(1_000)
      .reply(201, (_uri, body) => {
        const sid = `SM${String(created.push(String(body))).padStart(32, '0')}`;
        return { sid, status: 'queued' };
      });
    const sms = new TwilioSmsSender(twilio(ACCOUNT, 'test-auth-token-0123456789', { timeout: 300 }), { sender: { from: '+15005550006' } });
    const providers = { sms, email: new ScriptedProviders(() => 'ok').email };

    // The sender runs every minute for 35 minutes: long enough for all its retries (1, 2, 4, 8, 16 min).
    for (let minute = 0; minute < 35; minute += 1) {
      await h.sweep(providers);
      h.clock.advanceMinutes(1);
    }
    await new Promise((r) => setTimeout(r, 1_200));

    // At most once: the ambiguous timeout is reported (unknown), not retried into a second text.
    const fu = await twoHour(h.stores, client!.sessionId);
    expect({ textsTwilioCreated: created.length, status: fu.status }).toEqual({ textsTwilioCreated: 1, status: 'unknown' });
  }, 60_000);
});
