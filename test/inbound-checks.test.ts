import { describe, expect, it } from 'vitest';
import { isAutomaticEmail, isAutomaticText, senderVerified, type MailVerdicts } from '#domain/inbound-checks';
import { parseReplyAddress, replyAddress, replyAddressMatches } from '#domain/reply-address';

const PASS: MailVerdicts = { spf: 'PASS', dkim: 'PASS', dmarc: 'PASS', spam: 'PASS', virus: 'PASS' };
const client = 'jordan@gmail.com';

describe('senderVerified (SES receipt verdicts)', () => {
  it('trusts a DMARC pass, the check that ties From to SPF or DKIM', () => {
    expect(senderVerified(PASS, client, 'bounce@gmail.com')).toBe(true);
    expect(senderVerified({ ...PASS, spf: 'GRAY', dkim: 'GRAY' }, client, 'x@elsewhere.example')).toBe(true);
  });

  it('never trusts a failing or unchecked DMARC, nor spam, a virus or a virus scan that failed', () => {
    for (const failing of [{ dmarc: 'FAIL' }, { dmarc: 'PROCESSING_FAILED' }, { spam: 'FAIL' }, { virus: 'FAIL' }, { virus: 'PROCESSING_FAILED' }] as const) {
      expect(senderVerified({ ...PASS, ...failing }, client, 'bounce@gmail.com'), JSON.stringify(failing)).toBe(false);
    }
  });

  it('trusts a forwarded message that fails SPF but passes DMARC on its DKIM signature', () => {
    expect(senderVerified({ ...PASS, spf: 'FAIL' }, client, 'forwarder@work.example')).toBe(true);
  });

  it('for a domain without DMARC, trusts SPF only when the envelope sender is of the From domain', () => {
    const noDmarc = { ...PASS, dmarc: 'GRAY' as const, dkim: 'GRAY' as const };
    expect(senderVerified(noDmarc, 'sam@small-isp.example', 'bounces@small-isp.example')).toBe(true);
    expect(senderVerified(noDmarc, 'sam@small-isp.example', 'attacker@own-domain.example')).toBe(false);
    expect(senderVerified({ ...noDmarc, dkim: 'FAIL' }, 'sam@small-isp.example', 'bounces@small-isp.example')).toBe(false);
    // A DKIM pass alone says only that somebody's domain signed it.
    expect(senderVerified({ ...noDmarc, spf: 'GRAY', dkim: 'PASS' }, 'sam@small-isp.example', 'attacker@own-domain.example')).toBe(false);
  });
});

describe('isAutomaticEmail (RFC 3834 and common auto-responders)', () => {
  it.each([
    [{ autoSubmitted: 'auto-replied' }],
    [{ autoSubmitted: 'auto-generated' }],
    [{ autoSubmitted: 'auto-notified; owner-email="x@example.com"' }],
    [{ precedence: 'bulk' }],
    [{ precedence: 'auto_reply' }],
    [{ precedence: 'list' }],
    [{ xAutoreply: 'yes' }],
    [{ xAutorespond: 'Out of office' }],
    [{ subject: 'Automatic reply: Aftercare for today' }],
    [{ subject: 'Out of Office: Re: Aftercare' }],
    [{ subject: 'Auto: How are you feeling?' }],
    [{ subject: 'Respuesta automática: Aftercare' }],
    [{ subject: 'Out of Office Reply: Aftercare' }],
  ])('is automatic: %j', (signs) => expect(isAutomaticEmail(signs)).toBe(true));

  it.each([[{}], [{ autoSubmitted: 'no' }], [{ subject: 'Re: Aftercare for today' }], [{ subject: 'Re: out of office hours pain?' }], [{ precedence: 'normal' }],
    [{ subject: 'On vacation - my back is much worse' }], [{ subject: 'Away from my desk but chest pain' }], [{ subject: 'Auto accident, neck pain' }]])(
    'is a person: %j',
    (signs) => expect(isAutomaticEmail(signs)).toBe(false),
  );
});

describe('isAutomaticText (phones and carriers answering on their own)', () => {
  it.each([
    "I'm driving with Do Not Disturb While Driving turned on. I'll see your message when I get where I'm going.",
    'I’m driving with Driving Focus turned on. I’ll see your message when I get where I’m going.',
    "I'm driving right now - I'll get back to you later.",
    'Auto-reply: I am away until Monday.',
    'Jordan has notifications silenced with Focus.',
    'Estoy conduciendo con No molestar activado. Te respondo luego.',
  ])('is automatic: %s', (text) => expect(isAutomaticText(text)).toBe(true));

  it.each(["I'm driving, my neck hurts a lot", 'I was driving home and my back started hurting', 'auto accident last year, still sore', 'Automatic gearbox hurts my knee lol',
    "I'm driving right now - I'll get back to you properly but my left arm went numb and my chest feels tight",
    'my phone has notifications silenced with focus mode, bad headache and blurry vision', 'Auto-reply: is it normal to be this sore?'])(
    'is a person: %s',
    (text) => expect(isAutomaticText(text)).toBe(false),
  );
});

describe('signed reply addresses', () => {
  const session = '3f1c2a9e-8b7d-4c6e-9a1b-2c3d4e5f6a7b';
  it('names its session, survives lower-casing, and matches only its client and a known key', () => {
    const [k1, k2] = [{ id: '1', key: 'k1' }, { id: '2', key: 'k2' }];
    const address = replyAddress(k1, 'reply.example.com', session, 'Jordan@Example.com');
    expect(address.split('@')[0]!.length).toBeLessThanOrEqual(64);
    const named = parseReplyAddress(address.toUpperCase().toLowerCase());
    expect(named?.sessionId).toBe(session);
    expect(replyAddressMatches([k2, k1], named!, 'jordan@example.com')).toBe(true);
    expect(replyAddressMatches([k2], named!, 'jordan@example.com')).toBe(false);
    expect(replyAddressMatches([k1], named!, 'someone@else.example')).toBe(false);
    expect(replyAddressMatches([k1], { sessionId: session }, 'jordan@example.com')).toBe(false);
    expect(parseReplyAddress(`reply+${session}@reply.example.com`)).toEqual({ sessionId: session });
    expect(parseReplyAddress('reply+not-a-session@reply.example.com')).toBeUndefined();
  });
});
