import { simpleParser } from 'mailparser';
import { describe, expect, it } from 'vitest';
import { SesEmailSender, composeEmail } from '#adapters/ses-email-sender';
import { TransientDeliveryError } from '#domain/errors';
import { freePort } from '../local/dynamodb-local.ts';
import { localSesClient } from '../local/ses-local.ts';
import { emailsTo, sesClient } from './support/engines.ts';

const message = {
  to: 'jordan@example.com',
  subject: 'Aftercare for today',
  html: '<p>Hi Jordan &amp; friends</p>',
  text: 'Hi Jordan & friends',
  replyTo: 'reply+abc@reply.example.com',
  unsubscribeUrl: 'https://api.example.com/unsubscribe?t=abc.def',
};

describe('SesEmailSender', () => {
  it('builds a multipart text and HTML message with one-click unsubscribe headers and the per-session Reply-To', async () => {
    const parsed = await simpleParser(await composeEmail('Chris <care@example.com>', message));
    const header = (name: string) => parsed.headerLines.find((h) => h.key === name)?.line;
    expect(header('list-unsubscribe')).toBe('List-Unsubscribe: <https://api.example.com/unsubscribe?t=abc.def>');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');
    expect(parsed.replyTo?.text).toBe('reply+abc@reply.example.com');
    expect(parsed.text?.trim()).toBe('Hi Jordan & friends');
    expect(parsed.html).toContain('<p>Hi Jordan &amp; friends</p>');
    expect(String(parsed.headers.get('content-type') && (parsed.headers.get('content-type') as { value: string }).value)).toBe(
      'multipart/alternative',
    );
  });

  it('writes the practice\'s name in From, quoted as RFC 5322 needs, and a Spanish one encoded', async () => {
    const raw = (await composeEmail({ name: "Chris O'Hara Massage", address: 'aftercare@ohara-massage.example' }, message)).toString();
    expect(raw).toMatch(/^From: "Chris O'Hara Massage" <aftercare@ohara-massage\.example>\r$/m);
    const spanish = await simpleParser(await composeEmail({ name: 'Masajes Núñez, S.A.', address: 'a@x.example' }, message));
    expect(spanish.from?.value).toEqual([{ name: 'Masajes Núñez, S.A.', address: 'a@x.example' }]);
  });

  it("puts an answer in the client's thread: In-Reply-To and References", async () => {
    const parsed = await simpleParser(await composeEmail('care@example.com', { ...message, inReplyTo: '<b@client.example>', references: ['<a@client.example>', '<b@client.example>'] }));
    expect(parsed.inReplyTo).toBe('<b@client.example>');
    expect(parsed.references).toEqual(['<a@client.example>', '<b@client.example>']);
  });

  it('marks an automatic answer Auto-Submitted: auto-replied (RFC 3834), and a follow-up not', async () => {
    const answer = await simpleParser(await composeEmail('care@example.com', { ...message, autoSubmitted: 'auto-replied' }));
    expect(answer.headers.get('auto-submitted')).toBe('auto-replied');
    expect((await simpleParser(await composeEmail('care@example.com', message))).headers.has('auto-submitted')).toBe(false);
  });

  it('sends through SES SendRawEmail and returns the SES message id', async () => {
    const to = `ses-${Date.now()}@example.com`;
    const { providerId } = await new SesEmailSender(sesClient(), { from: 'care@example.com' }).send({ ...message, to });
    const [stored] = await emailsTo(to);
    expect(stored?.messageId).toBe(providerId);
    expect(stored?.subject).toBe('Aftercare for today');
  });

  it('reports an unreachable SES as a transient failure, to be retried', async () => {
    const nothing = localSesClient(`http://127.0.0.1:${await freePort()}`);
    await expect(new SesEmailSender(nothing, { from: 'care@example.com' }).send(message)).rejects.toBeInstanceOf(
      TransientDeliveryError,
    );
  });
});
