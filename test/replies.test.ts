import { readFileSync, existsSync } from 'node:fs';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from './support/fakes.ts';
import { emailsTo } from './support/engines.ts';
import { startTestStack } from './support/stack.ts';
import { inboundSms, messageSid, postTwilio } from './support/twilio.ts';

// 10:00 in Los Angeles: inside sending hours.
const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
let ctx: Awaited<ReturnType<typeof startTestStack>>;
const THERAPIST_PHONE = '+13108960696';
const THERAPIST_EMAIL = 'chris@ohara-massage.example';

beforeAll(async () => {
  ctx = await startTestStack({ clock });
});

afterAll(async () => {
  await ctx?.stack.stop();
});

let phoneCounter = 100;
/** A client with a recent session whose 2 h follow-up went out; a new number each time. */
async function clientWithSession(options: { email?: string } = {}) {
  phoneCounter += 1;
  const phone = `+1310555${String(phoneCounter).padStart(4, '0')}`;
  const email = options.email ?? `client${phoneCounter}@example.com`;
  const response = await ctx.call('POST', '/sessions', {
    client: { name: `Alex Client${phoneCounter}`, phone, email },
    endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
    consent: { sms: true, email: true },
  });
  const { id } = (await response.json()) as { id: string };
  await ctx.stack.sweep();
  return { id, phone, email };
}

type View = {
  followUps: { step: string; status: string }[];
  messages: { direction: string; channel: string; party: string; template?: string; body?: string; triage?: { category: string } }[];
  escalations: { status: string; urgent: boolean; replies: { text: string }[]; round: number }[];
};
const view = async (id: string) => (await (await ctx.call('GET', `/sessions/${id}`)).json()) as View;

const outbox = () =>
  existsSync(ctx.stack.outboxFile)
    ? readFileSync(ctx.stack.outboxFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { to: string; body: string })
    : [];
const textsTo = (to: string) => outbox().filter((t) => t.to === to);
/** A +1 number as the therapist's alert writes it: "(310) 555-0101". */
const shown = (phone: string) => `(${phone.slice(2, 5)}) ${phone.slice(5, 8)}-${phone.slice(8)}`;

const scanCount = async () =>
  (await ctx.stack.table.doc.send(new ScanCommand({ TableName: ctx.stack.config.tableName, Select: 'COUNT' }))).Count;

describe('a client texting back', () => {
  it('escalates "sharp pain" at once: TwiML reply, therapist text and email, an open escalation, follow-ups held', async () => {
    const client = await clientWithSession();
    const therapistTextsBefore = textsTo(THERAPIST_PHONE).length;

    const response = await inboundSms(ctx.stack.url, client.phone, 'sharp pain in my shoulder since this morning');

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    const twiml = await response.text();
    expect(twiml).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><Response><Message>.*Chris O'Hara has been told/);

    const therapistTexts = textsTo(THERAPIST_PHONE);
    expect(therapistTexts).toHaveLength(therapistTextsBefore + 1);
    expect(therapistTexts.at(-1)?.body).toContain('sharp pain in my shoulder since this morning');
    // What is wrong and who first, the number as people write it (the phone makes it tappable), the session.
    expect(therapistTexts.at(-1)?.body.split('\n')[0]).toBe(`Sharp pain - Alex Client${phoneCounter}, ${shown(client.phone)}`);
    expect(therapistTexts.at(-1)?.body).toContain('Why: sharp pain\nSession: Fri 27 Nov\n');
    expect(therapistTexts.at(-1)?.body).not.toMatch(/^URGENT/);

    const [therapistEmail] = (await emailsTo(THERAPIST_EMAIL, ctx.stack.sesUrl)).filter((e) => e.body.text?.includes(client.phone));
    expect(therapistEmail?.subject).toBe(`Sharp pain — Alex Client${phoneCounter}`);
    expect(therapistEmail?.body.html).toContain(`href="tel:${client.phone}"`);
    expect(therapistEmail?.body.text).toContain('sharp pain in my shoulder');
    expect(therapistEmail?.body.text).toMatch(/\/escalations\/ack\?t=/);

    const after = await view(client.id);
    expect(after.escalations).toHaveLength(1);
    expect(after.escalations[0]).toMatchObject({ status: 'open', urgent: false });
    expect(after.followUps.map((f) => f.status)).toEqual(['sent', 'held', 'held']);
    const inbound = after.messages.find((m) => m.direction === 'inbound');
    expect(inbound).toMatchObject({ channel: 'sms', body: 'sharp pain in my shoulder since this morning', triage: { category: 'escalate' } });
    expect(after.messages.some((m) => m.party === 'therapist' && m.channel === 'sms')).toBe(true);
    expect(after.messages.some((m) => m.direction === 'outbound' && m.template === 'reply-escalate')).toBe(true);

    // Held: a day later the sweep sends nothing more to this client.
    clock.advanceMinutes(24 * 60);
    await ctx.stack.sweep();
    clock.advanceMinutes(-24 * 60);
    expect(textsTo(client.phone)).toHaveLength(1);
  });

  it('refuses a forged signature with 403 and leaves no trace', async () => {
    const client = await clientWithSession();
    const itemsBefore = await scanCount();
    const textsBefore = outbox().length;

    const forged = await inboundSms(ctx.stack.url, client.phone, 'sharp pain', { });
    expect(forged.status).toBe(200); // control: a good signature works
    const itemsAfterGood = await scanCount();
    expect(itemsAfterGood).toBeGreaterThan(itemsBefore!);

    const textsMid = outbox().length;
    const bad = await postTwilio(ctx.stack.url, '/webhooks/twilio/sms', { From: client.phone, Body: 'stabbing pain', MessageSid: messageSid() }, { authToken: 'not-the-token-at-all' });
    const missing = await postTwilio(ctx.stack.url, '/webhooks/twilio/sms', { From: client.phone, Body: 'stabbing pain', MessageSid: messageSid() }, { signature: '' });
    const otherAccount = await postTwilio(ctx.stack.url, '/webhooks/twilio/sms', {
      AccountSid: 'AC11111111111111111111111111111111', From: client.phone, Body: 'stabbing pain', MessageSid: messageSid(),
    });
    expect([bad.status, missing.status, otherAccount.status]).toEqual([403, 403, 403]);
    expect(await scanCount()).toBe(itemsAfterGood);
    expect(outbox().length).toBe(textsMid);
    expect(textsBefore).toBeLessThan(textsMid);
  });

  it('processes a replayed MessageSid once', async () => {
    const client = await clientWithSession();
    const sid = messageSid();
    const first = await inboundSms(ctx.stack.url, client.phone, 'feeling a bit sore today', { MessageSid: sid });
    const replay = await inboundSms(ctx.stack.url, client.phone, 'feeling a bit sore today', { MessageSid: sid });
    expect(await first.text()).toContain('<Message>');
    expect(await replay.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
    expect((await view(client.id)).messages.filter((m) => m.direction === 'inbound')).toHaveLength(1);
  });

  it('answers soreness with self-care advice and does not escalate', async () => {
    const client = await clientWithSession();
    const reply = await (await inboundSms(ctx.stack.url, client.phone, 'no sharp pain, just tender and a bit stiff')).text();
    expect(reply).toMatch(/water/i);
    expect((await view(client.id)).escalations).toHaveLength(0);
  });

  it('tells an urgent client to call 911 and says URGENT in the first words to the therapist', async () => {
    const client = await clientWithSession();
    const reply = await (await inboundSms(ctx.stack.url, client.phone, 'my chest feels tight and I cant catch my breath')).text();
    expect(reply).toContain('911');
    expect(textsTo(THERAPIST_PHONE).at(-1)?.body).toMatch(/^URGENT: chest pain and trouble breathing - Alex Client\d+, \(310\) 555-\d{4}\n/);
    const alert = (await emailsTo(THERAPIST_EMAIL, ctx.stack.sesUrl)).find((e) => e.body.text?.includes(client.phone));
    expect(alert?.subject).toBe(`URGENT: chest pain and trouble breathing — Alex Client${phoneCounter}`);
    expect((await view(client.id)).escalations[0]?.urgent).toBe(true);
  });

  it('answers a Spanish urgent reply with the safety message in Spanish, and says URGENT to the therapist', async () => {
    const client = await clientWithSession();
    const reply = await (await inboundSms(ctx.stack.url, client.phone, 'me duele mucho el pecho y me falta el aire')).text();
    expect(reply).toMatch(/si es una emergencia, llama al 911/i);
    expect(textsTo(THERAPIST_PHONE).at(-1)?.body).toMatch(/^URGENT: .*me duele mucho el pecho/s);
    const after = await view(client.id);
    expect(after.escalations[0]?.urgent).toBe(true);
    expect(after.messages.some((m) => m.direction === 'outbound' && m.template === 'es/reply-urgent')).toBe(true);
  });

  it('answers a reply about ending their life with the 988 crisis line, urgent to the therapist', async () => {
    const client = await clientWithSession();
    const reply = await (await inboundSms(ctx.stack.url, client.phone, 'thanks for today. honestly i dont want to be alive anymore')).text();
    expect(reply).toContain('988');
    expect(textsTo(THERAPIST_PHONE).at(-1)?.body).toMatch(/^URGENT: /);
    expect((await view(client.id)).messages.some((m) => m.template === 'reply-crisis')).toBe(true);
  });

  it('keeps an escalation urgent when a later reply is calmer', async () => {
    const client = await clientWithSession();
    await inboundSms(ctx.stack.url, client.phone, 'chest pain and I cant breathe properly');
    await inboundSms(ctx.stack.url, client.phone, 'also a sharp pain in my neck');
    expect((await view(client.id)).escalations[0]).toMatchObject({ urgent: true });
    expect(textsTo(THERAPIST_PHONE).at(-1)?.body).toMatch(/^URGENT: .*sharp pain in my neck/s);
  });

  it('appends later replies to the one open escalation and tells the therapist again', async () => {
    const client = await clientWithSession();
    await inboundSms(ctx.stack.url, client.phone, 'there is a big bruise on my back');
    const before = textsTo(THERAPIST_PHONE).length;
    await inboundSms(ctx.stack.url, client.phone, 'and now it is swollen too');
    const after = await view(client.id);
    expect(after.escalations).toHaveLength(1);
    expect(after.escalations[0]?.replies.map((r) => r.text)).toEqual(['there is a big bruise on my back', 'and now it is swollen too']);
    expect(textsTo(THERAPIST_PHONE)).toHaveLength(before + 1);
  });

  it('acknowledges open escalations when the therapist texts OK, and re-notifies after 30 minutes otherwise', async () => {
    const acked = await clientWithSession();
    await inboundSms(ctx.stack.url, acked.phone, 'shooting pain down my arm');
    // Other tests left escalations open: the alert names this one's code, and "OK <code>" acknowledges it alone.
    const alert = textsTo(THERAPIST_PHONE).filter((t) => t.body.includes(shown(acked.phone))).at(-1)?.body ?? '';
    const code = /Reply OK (\d+) to acknowledge$/.exec(alert)?.[1];
    expect(code).toBeDefined();
    const list = await (await inboundSms(ctx.stack.url, THERAPIST_PHONE, 'OK')).text();
    expect(list).toMatch(/\d+ open: .*Reply OK and the number/);
    expect((await view(acked.id)).escalations[0]?.status).toBe('open');
    const ack = await (await inboundSms(ctx.stack.url, THERAPIST_PHONE, `OK ${code}`)).text();
    expect(ack).toContain('Acknowledged');
    const afterAck = await view(acked.id);
    expect(afterAck.escalations[0]?.status).toBe('acknowledged');
    // Held only while the escalation was open.
    expect(afterAck.followUps.map((f) => f.status)).toEqual(['sent', 'deferred', 'deferred']);

    const waiting = await clientWithSession();
    await inboundSms(ctx.stack.url, waiting.phone, 'my lower back is numb and tingling');
    // Escalation alerts about this client only: the digest of earlier tests' questions may fall due in these 31
    // minutes, and escalations other tests left open are re-notified too.
    const about = () => textsTo(THERAPIST_PHONE).filter((t) => !/ your reply:/.test(t.body) && t.body.includes(shown(waiting.phone)));
    const notified = about().length;
    clock.advanceMinutes(29);
    await ctx.stack.sweep();
    expect(about()).toHaveLength(notified);
    clock.advanceMinutes(2);
    await ctx.stack.sweep();
    expect(about()).toHaveLength(notified + 1);
    expect((await view(waiting.id)).escalations[0]?.round).toBe(2);
    clock.advanceMinutes(-31);
    // The acknowledged one was not re-sent.
    expect(textsTo(THERAPIST_PHONE).filter((t) => t.body.includes(shown(acked.phone)))).toHaveLength(1);
  });

  it('a client with two active sessions texts a warning sign: both sessions\' pending follow-ups are held', async () => {
    const first = await clientWithSession();
    clock.advanceMinutes(1);
    const again = await ctx.call('POST', '/sessions', {
      client: { name: 'Alex Again', phone: first.phone, email: first.email },
      endedAt: new Date(clock.now().getTime() - 30 * 60_000).toISOString(),
      consent: { sms: true, email: true },
      // A second massage the same day, on purpose.
      force: true,
    });
    const second = ((await again.json()) as { id: string }).id;
    await inboundSms(ctx.stack.url, first.phone, 'sharp pain in my hip since this morning');
    // Filed on the session whose text went last to that number (the first: the second has sent nothing yet).
    expect((await view(first.id)).escalations).toHaveLength(1);
    expect((await view(second)).escalations).toHaveLength(0);
    expect((await view(first.id)).followUps.map((f) => f.status)).toEqual(['sent', 'held', 'held']);
    expect((await view(second)).followUps.map((f) => f.status)).toEqual(['held', 'held', 'held']);
  });

  it('acknowledges through the signed link in the email; a forged link changes nothing', async () => {
    const client = await clientWithSession();
    await inboundSms(ctx.stack.url, client.phone, 'burning pain in my neck');
    const email = (await emailsTo(THERAPIST_EMAIL, ctx.stack.sesUrl)).find((e) => e.body.text?.includes(client.phone));
    const link = /http:\/\/localhost:\d+\/escalations\/ack\?t=[\w.%-]+/.exec(email?.body.text ?? '')?.[0];
    expect(link).toBeDefined();
    expect((await fetch(`${link!.slice(0, -2)}xx`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(link!)).status).toBe(200);
    expect((await view(client.id)).escalations[0]?.status).toBe('open');
    expect((await fetch(link!, { method: 'POST' })).status).toBe(200);
    expect((await view(client.id)).escalations[0]?.status).toBe('acknowledged');
  });
});

describe('a Spanish-speaking client', () => {
  it('gets the 2 h text and email in Spanish; PARAR from that number opts out, answered in Spanish; the unsubscribe page is in Spanish', async () => {
    phoneCounter += 1;
    const phone = `+1310555${String(phoneCounter).padStart(4, '0')}`;
    const email = `cliente${phoneCounter}@example.com`;
    const entered = await ctx.call('POST', '/sessions', {
      client: { name: 'María Núñez', phone, email, language: 'es' },
      endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
      consent: { sms: true, email: true },
    });
    expect(entered.status).toBe(201);
    const { id, client } = (await entered.json()) as { id: string; client: { language: string } };
    expect(client.language).toBe('es');
    await ctx.stack.sweep();
    const [text] = textsTo(phone);
    expect(text?.body).toMatch(/^Hola Maria, gracias por venir hoy a Chris O'Hara Massage\./);
    expect(text?.body).toContain('Responde STOP o PARAR para no recibir mas');
    const [mail] = await emailsTo(email, ctx.stack.sesUrl);
    expect(mail?.subject).toBe("Cuidados después del masaje que recibiste hoy en Chris O'Hara Massage");
    expect(mail?.body.text).toMatch(/^Hola, María:/);

    const stop = await (await inboundSms(ctx.stack.url, phone, 'PARAR')).text();
    // PARAR is not a carrier keyword (Twilio does not answer it), so we confirm it, in Spanish.
    expect(stop).toMatch(/<Message>Chris O'Hara Massage: ya no te enviaremos mas mensajes/);
    const after = (await (await ctx.call('GET', `/sessions/${id}`)).json()) as {
      channels: { channel: string; state: string }[];
      followUps: { step: string; channelStatus: Record<string, string> }[];
    };
    expect(after.channels.find((c) => c.channel === 'sms')?.state).toBe('opted-out');
    expect(after.followUps.filter((f) => f.step !== '2h').map((f) => f.channelStatus.sms)).toEqual(['opted-out', 'opted-out']);

    const link = /https?:\/\/[^\s]+\/unsubscribe\?t=[\w.%-]+/.exec(mail?.body.text ?? '')?.[0];
    expect(link).toBeDefined();
    const page = await (await fetch(link!.replace(/^https?:\/\/[^/]+/, ctx.stack.url))).text();
    expect(page).toContain('<html lang="es">');
    expect(page).toContain('Dejar de recibir estos correos');
    expect(page).toContain('responde STOP o PARAR');
  });
});

describe('opt-out keywords', () => {
  it('STOP stops every later text follow-up for that client; START restores them', async () => {
    const client = await clientWithSession();
    const stop = await (await inboundSms(ctx.stack.url, client.phone, 'STOP')).text();
    expect(stop).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');

    clock.advanceMinutes(24 * 60);
    await ctx.stack.sweep();
    expect(textsTo(client.phone)).toHaveLength(1);
    const day = (await view(client.id)).followUps.find((f) => f.step === '24h') as { status: string; delivery?: unknown };
    expect(day.status).toBe('sent'); // the email still went

    const start = await (await inboundSms(ctx.stack.url, client.phone, 'start')).text();
    expect(start).toContain('back on');
    clock.advanceMinutes(24 * 60);
    await ctx.stack.sweep();
    clock.advanceMinutes(-48 * 60);
    expect(textsTo(client.phone)).toHaveLength(2);
  });

  it('shows after STOP, in GET /sessions/{id} and the recent list, that texts are opted out (when, how) and the text follow-ups will not go', async () => {
    const client = await clientWithSession();
    const stoppedAt = clock.now().toISOString();
    await inboundSms(ctx.stack.url, client.phone, 'STOP');
    type Channels = { channels: { channel: string; state: string; optedOut?: { at: string; source: string; how: string }; optedBackIn?: { how: string } }[] };
    type Steps = { followUps: { step: string; status: string; channelStatus: Record<string, string> }[] };
    const after = (await (await ctx.call('GET', `/sessions/${client.id}`)).json()) as Channels & Steps;
    expect(after.channels.find((c) => c.channel === 'sms')).toEqual(
      expect.objectContaining({ state: 'opted-out', optedOut: { at: stoppedAt, source: 'sms-keyword', how: 'a STOP text' } }),
    );
    expect(after.channels.find((c) => c.channel === 'email')?.state).toBe('on');
    const day = after.followUps.find((f) => f.step === '24h');
    // The email still goes, so the follow-up reads as waiting (scheduled, or deferred by quiet hours); its text does not.
    expect(['scheduled', 'deferred']).toContain(day?.status);
    expect(day?.channelStatus).toEqual({ sms: 'opted-out', email: day?.status });
    const listed = ((await (await ctx.call('GET', '/sessions?days=3')).json()) as { sessions: ({ id: string } & Channels)[] }).sessions.find((s) => s.id === client.id);
    expect(listed?.channels.find((c) => c.channel === 'sms')?.state).toBe('opted-out');

    await inboundSms(ctx.stack.url, client.phone, 'START');
    const back = (await (await ctx.call('GET', `/sessions/${client.id}`)).json()) as Channels & Steps;
    expect(back.channels.find((c) => c.channel === 'sms')).toMatchObject({ state: 'on', optedBackIn: { how: 'a START text' } });
    expect(back.followUps.find((f) => f.step === '24h')?.channelStatus.sms).toBe(day?.status);
  });

  it('shows a texts-only follow-up as opted out, not scheduled, once the number opted out', async () => {
    phoneCounter += 1;
    const phone = `+1310555${String(phoneCounter).padStart(4, '0')}`;
    const entered = await ctx.call('POST', '/sessions', {
      client: { name: 'Texts Only', phone },
      endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
      consent: { sms: true, email: false },
    });
    const { id } = (await entered.json()) as { id: string };
    await ctx.stack.sweep();
    await inboundSms(ctx.stack.url, phone, 'STOP');
    const after = (await view(id)).followUps.filter((f) => f.step !== '2h').map((f) => f.status);
    expect(after).toEqual(['opted-out', 'opted-out']);
    // A later session for the same number says so from the start: the opt-out outlives the session.
    const again = await ctx.call('POST', '/sessions', { client: { name: 'Texts Only', phone }, consent: { sms: true, email: false }, force: true });
    const body = (await again.json()) as { channels: { state: string }[]; followUps: { status: string }[] };
    expect(body.channels).toEqual([expect.objectContaining({ state: 'opted-out' })]);
    expect(body.followUps.every((f) => f.status === 'opted-out')).toBe(true);
  });

  it('takes a bare "yes" as an answer, and as START only from a number that opted out', async () => {
    const client = await clientWithSession();
    const answer = await (await inboundSms(ctx.stack.url, client.phone, 'Yes')).text();
    expect(answer).not.toContain('back on');
    expect((await view(client.id)).messages.some((m) => m.direction === 'inbound' && m.triage?.category !== 'keyword:start')).toBe(true);
    await inboundSms(ctx.stack.url, client.phone, 'STOP');
    expect(await (await inboundSms(ctx.stack.url, client.phone, 'yes')).text()).toContain('back on');
  });

  it('opts out on a polite request and confirms it', async () => {
    const client = await clientWithSession();
    const reply = await (await inboundSms(ctx.stack.url, client.phone, 'please stop texting me')).text();
    expect(reply).toContain('Reply START');
    const [contact] = await ctx.stack.core.contacts.get([{ channel: 'sms', address: client.phone }]);
    expect(contact?.optedOut).toBe(true);
  });

  it('answers HELP with the practice name and phone', async () => {
    const client = await clientWithSession();
    const reply = await (await inboundSms(ctx.stack.url, client.phone, 'help')).text();
    expect(reply).toContain("Chris O'Hara Massage");
    expect(reply).toContain('(310) 896-0696');
  });
});

describe('a client replying by email', () => {
  const rawReply = (from: string, to: string, text: string, headers: string[] = []) =>
    [
      `From: Alex <${from}>`,
      `To: ${to}`,
      'Subject: Re: Aftercare for today',
      `Message-ID: <${messageSid()}@mail.example.com>`,
      ...headers,
      'Content-Type: text/plain; charset=utf-8',
      '',
      text,
      '',
      'On Thu, Nov 27, 2026 at 10:00 AM Chris O\'Hara Massage <aftercare@ohara-massage.example> wrote:',
      '> Hi Alex, drink water and if anything feels sharp, reply.',
      '',
    ].join('\r\n');

  const postEmail = (raw: string) =>
    ctx.call('POST', '/webhooks/email/inbound', raw, { 'content-type': 'message/rfc822' });

  it('reaches the same pipeline through the per-session Reply-To address, with the same outcome', async () => {
    const client = await clientWithSession();
    const [followUpEmail] = await emailsTo(client.email, ctx.stack.sesUrl);
    const replyTo = followUpEmail?.replyTo?.[0] as string;
    const therapistTextsBefore = textsTo(THERAPIST_PHONE).length;

    expect(replyTo).toMatch(new RegExp(`^reply\\+${client.id}\\.[0-9a-f]{20}@reply\\.ohara-massage\\.example$`));
    const response = await postEmail(rawReply(client.email, replyTo, 'sharp pain in my shoulder since this morning'));

    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ matched: true, sessionId: client.id, category: 'escalate', verified: true });
    expect(textsTo(THERAPIST_PHONE)).toHaveLength(therapistTextsBefore + 1);
    const after = await view(client.id);
    expect(after.escalations[0]?.replies[0]?.text).toBe('sharp pain in my shoulder since this morning');
    expect(after.followUps.map((f) => f.status)).toEqual(['sent', 'held', 'held']);
    const autoReply = (await emailsTo(client.email, ctx.stack.sesUrl)).find((e) => e.subject !== followUpEmail?.subject);
    expect(autoReply?.body.text).toContain("Chris O'Hara has been told");
  });

  it('from an address that is not the client\'s: shown as unverified, and changes nothing', async () => {
    const client = await clientWithSession();
    const [followUpEmail] = await emailsTo(client.email, ctx.stack.sesUrl);
    const replyTo = followUpEmail?.replyTo?.[0] as string;
    const response = await postEmail(rawReply('someone-else@example.net', replyTo, 'STOP'));
    expect(await response.json()).toMatchObject({ matched: true, sessionId: client.id, verified: false });
    const after = await view(client.id);
    expect(after.messages.find((m) => m.direction === 'inbound')).toMatchObject({ body: 'STOP', unverified: true });
    expect(after.followUps.map((f) => f.status)).not.toContain('held');
    expect(await emailsTo(client.email, ctx.stack.sesUrl)).toHaveLength(1);
    const contacts = await ctx.stack.core.contacts.get([{ channel: 'email', address: client.email }]);
    expect(contacts[0]?.optedOut).toBe(false);
  });

  it("from the client's address but failing DMARC: a warning sign reaches the therapist marked unverified, nothing is held or answered", async () => {
    const client = await clientWithSession();
    const [followUpEmail] = await emailsTo(client.email, ctx.stack.sesUrl);
    const therapistTextsBefore = textsTo(THERAPIST_PHONE).length;
    const response = await postEmail(rawReply(client.email, followUpEmail?.replyTo?.[0] as string, 'I have chest pain and I can\'t breathe', ['X-SES-DMARC-Verdict: FAIL']));
    expect(await response.json()).toMatchObject({ sessionId: client.id, category: 'urgent', verified: false });
    expect(textsTo(THERAPIST_PHONE).slice(therapistTextsBefore).map((t) => t.body).join('\n')).toMatch(/URGENT.*unverified email/s);
    const after = await view(client.id);
    expect(after.followUps.map((f) => f.status)).not.toContain('held');
    expect(await emailsTo(client.email, ctx.stack.sesUrl)).toHaveLength(1);
  });

  it('gives an auto-submitted email no answer, and answers the client once it writes', async () => {
    const client = await clientWithSession();
    const [followUpEmail] = await emailsTo(client.email, ctx.stack.sesUrl);
    const replyTo = followUpEmail?.replyTo?.[0] as string;
    await postEmail(rawReply(client.email, replyTo, 'I am away until Monday.', ['Auto-Submitted: auto-replied']));
    expect(await emailsTo(client.email, ctx.stack.sesUrl)).toHaveLength(1);
    expect((await view(client.id)).messages.find((m) => m.direction === 'inbound')).toMatchObject({ automatic: true });

    await postEmail(rawReply(client.email, replyTo, 'Thanks, feeling great'));
    const answers = await emailsTo(client.email, ctx.stack.sesUrl);
    expect(answers).toHaveLength(2);
  });

  it('escalates a reply with chest pain and 400 KB after it, keeping the start', async () => {
    const client = await clientWithSession();
    const [followUpEmail] = await emailsTo(client.email, ctx.stack.sesUrl);
    const text = `I have chest pain spreading to my left arm.\r\n${'blah blah blah blah\r\n'.repeat(20_000)}`;
    const response = await postEmail(rawReply(client.email, followUpEmail?.replyTo?.[0] as string, text));
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ category: 'urgent' });
    const after = await view(client.id);
    expect(after.escalations[0]?.urgent).toBe(true);
    const inbound = after.messages.find((m) => m.direction === 'inbound') as unknown as { fullLength: number; body: string };
    expect(inbound.fullLength).toBeGreaterThan(390_000);
    expect(inbound.body).toMatch(/^I have chest pain spreading to my left arm\./);
  });

  it('falls back to the sender address and drops the quoted history', async () => {
    const client = await clientWithSession();
    const response = await postEmail(rawReply(client.email, 'aftercare@ohara-massage.example', 'Thank you, I feel great!'));
    expect(await response.json()).toMatchObject({ sessionId: client.id, category: 'positive' });
    const inbound = (await view(client.id)).messages.find((m) => m.direction === 'inbound');
    expect(inbound?.body).toBe('Thank you, I feel great!');
  });

  it('reads an empty reply above our quoted email as no words: nothing escalates', async () => {
    const client = await clientWithSession();
    const [followUpEmail] = await emailsTo(client.email, ctx.stack.sesUrl);
    const replyTo = followUpEmail?.replyTo?.[0] as string;
    const response = await postEmail(rawReply(client.email, replyTo, ''));
    expect(await response.json()).toMatchObject({ sessionId: client.id, category: 'other' });
    expect((await view(client.id)).escalations).toHaveLength(0);
  });

  it('needs the API token locally', async () => {
    const response = await ctx.call('POST', '/webhooks/email/inbound', rawReply('a@example.com', 'b@example.com', 'hi'), {
      'content-type': 'message/rfc822',
      authorization: '',
    });
    expect(response.status).toBe(401);
  });
});

describe('delivery reports', () => {
  it('records a Twilio status callback on the message, and error 21610 opts the number out', async () => {
    const client = await clientWithSession();
    const sent = (await view(client.id)).messages.find((m) => m.channel === 'sms') as { providerId?: string };
    const response = await postTwilio(ctx.stack.url, '/webhooks/twilio/status', {
      MessageSid: sent.providerId as string, MessageStatus: 'undelivered', ErrorCode: '21610', To: client.phone,
    });
    expect(response.status).toBe(204);
    const message = (await view(client.id)).messages.find((m) => m.channel === 'sms') as { deliveryStatus?: string };
    expect(message.deliveryStatus).toBe('undelivered');
    const [contact] = await ctx.stack.core.contacts.get([{ channel: 'sms', address: client.phone }]);
    expect(contact?.optedOut).toBe(true);
    const channels = ((await (await ctx.call('GET', `/sessions/${client.id}`)).json()) as { channels: { channel: string; optedOut?: { how: string } }[] }).channels;
    expect(channels.find((c) => c.channel === 'sms')?.optedOut?.how).toBe('their carrier (the number blocks texts from us)');
  });

  const smsDelivery = async (id: string) =>
    ((await view(id)).messages.find((m) => m.channel === 'sms') as unknown as { providerId: string; deliveryStatus?: string });
  const contactsTable = async () =>
    (await ctx.stack.table.doc.send(new ScanCommand({ TableName: ctx.stack.config.tableName }))).Items?.filter((item) => item.type === 'contact') ?? [];

  it('keeps the furthest status when Twilio reports delivered, sent and queued in that order', async () => {
    const client = await clientWithSession();
    const { providerId } = await smsDelivery(client.id);
    for (const MessageStatus of ['delivered', 'sent', 'queued', 'sending']) {
      expect((await postTwilio(ctx.stack.url, '/webhooks/twilio/status', { MessageSid: providerId, MessageStatus })).status).toBe(204);
    }
    expect((await smsDelivery(client.id)).deliveryStatus).toBe('delivered');
    await postTwilio(ctx.stack.url, '/webhooks/twilio/status', { MessageSid: providerId, MessageStatus: 'undelivered', ErrorCode: '30003' });
    expect((await smsDelivery(client.id)).deliveryStatus).toBe('delivered');
  });

  it('opts out nobody for error 21610 about a message we did not send, whatever its To says', async () => {
    const before = await contactsTable();
    for (const To of ['not-a-number#x', '+13105550199', 'CONTACT#sms#+13105550142']) {
      const response = await postTwilio(ctx.stack.url, '/webhooks/twilio/status', { MessageSid: messageSid(), MessageStatus: 'undelivered', ErrorCode: '21610', To });
      expect(response.status).toBe(204);
    }
    expect(await contactsTable()).toEqual(before);
  });

  it('opts out the number we texted for error 21610, not the To the callback names', async () => {
    const client = await clientWithSession();
    const other = await clientWithSession();
    const { providerId } = await smsDelivery(client.id);
    const response = await postTwilio(ctx.stack.url, '/webhooks/twilio/status', { MessageSid: providerId, MessageStatus: 'failed', ErrorCode: '21610', To: other.phone });
    expect(response.status).toBe(204);
    const contacts = await ctx.stack.core.contacts.get([{ channel: 'sms', address: client.phone }, { channel: 'sms', address: other.phone }]);
    const optedOut = Object.fromEntries(contacts.map((c) => [c.address, c.optedOut]));
    expect(optedOut).toEqual({ [client.phone]: true, [other.phone]: false });
  });
});
