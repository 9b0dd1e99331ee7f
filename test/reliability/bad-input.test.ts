import { createHash } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keywordIntent } from '#domain/keywords';
import { LOCAL_DEFAULTS } from '../../local/stack.ts';
import { CapturingLog, FakeClock } from '../support/fakes.ts';
import { TEST_TOKEN, startTestStack } from '../support/stack.ts';
import { postTwilio } from '../support/twilio.ts';
import { linesWithClientData } from './support.ts';

const clock = new FakeClock(new Date('2026-11-27T18:00:00Z'));
const log = new CapturingLog();
let ctx: Awaited<ReturnType<typeof startTestStack>>;
const RUNS = Number(process.env.RELIABILITY_RUNS ?? 100);
/** Client data the requests carried, to look for in the logs afterwards. */
const seen = { phones: [] as string[], emails: [] as string[], texts: [] as string[] };
const remember = (phone?: string, email?: string, text?: string) => {
  if (phone && /^\+\d{11}$/.test(phone)) seen.phones.push(phone);
  if (email && /^[^@\s]+@[^@\s]+$/.test(email)) seen.emails.push(email);
  // The fixed injection strings are also sent as delivery statuses, which are logged (they are Twilio's words, not the client's).
  if (text && text.trim().length >= 12 && /\p{L}{4}/u.test(text) && !INJECTIONS.includes(text)) seen.texts.push(text);
};

beforeAll(async () => {
  ctx = await startTestStack({ clock, log });
});

afterAll(async () => {
  await ctx?.stack.stop();
});

/** A fingerprint of everything the table holds. */
async function snapshot(): Promise<string> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await ctx.stack.table.doc.send(new ScanCommand({ TableName: ctx.stack.config.tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const lines = items.map((item) => JSON.stringify(item, Object.keys(item).sort())).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** A 4xx whose JSON body says what is wrong, in words. */
async function expectClearRefusal(response: Response, statuses = [400, 401, 403, 404, 409, 413]) {
  expect(statuses).toContain(response.status);
  const body = (await response.json()) as { error?: unknown; message?: unknown };
  expect(typeof body.message).toBe('string');
  expect(String(body.message).length).toBeGreaterThan(5);
}

const INJECTIONS = [
  "'; DROP TABLE sessions; --",
  '" OR "1"="1',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '{{constructor.constructor("return process")()}}',
  '${process.env.AFTERCARE_API_TOKEN}',
  '../../../../etc/passwd',
  'SESSION#00000000-0000-4000-8000-000000000000',
  '#SESSION',
  'CONTACT#sms#+13105550142',
  '\u0000\u0001\u0002',
  '\u202e\u202d\ufeff',
  '\ud800',
  '👩🏽‍⚕️💆‍♂️🧘',
  'Zalgo Z̵̡̛͍̹a̶l̴g̷o̸',
  '%00%0d%0aSet-Cookie: x=1',
  '\r\n\r\nHTTP/1.1 200 OK',
  '__proto__',
  'constructor',
];

/** One visible ASCII character: what an HTTP header value can carry without encoding. */
const printable = fc.integer({ min: 0x21, max: 0x7e }).map((code) => String.fromCharCode(code));

const hostileString = fc.oneof(
  fc.constantFrom(...INJECTIONS),
  fc.string(),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ minLength: 2_000, maxLength: 20_000 }),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.jsonValue(), { maxLength: 5 }),
  fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 5 }),
);

const validBody = () => ({
  client: { name: 'Jordan Lee', phone: '(310) 555-0142', email: 'jordan@example.com', timezone: 'America/Los_Angeles' },
  endedAt: new Date(clock.now().getTime() - 121 * 60_000).toISOString(),
  modality: 'deep tissue',
  consent: { sms: true, email: true },
});

const FIELDS = ['client', 'client.name', 'client.phone', 'client.email', 'client.timezone', 'endedAt', 'modality', 'consent', 'consent.sms', 'consent.email', 'consent.wordingVersion'];

function withField(path: string, value: unknown): Record<string, unknown> {
  // The same client again and again, on purpose: not answered as a duplicate.
  const body = { ...validBody(), force: true } as unknown as Record<string, Record<string, unknown>>;
  const [head, tail] = path.split('.') as [string, string | undefined];
  if (tail) body[head] = { ...body[head], [tail]: value };
  else (body as Record<string, unknown>)[head] = value;
  return body;
}

describe('POST /sessions with random and hostile input', () => {
  it('answers any body that is not a valid session with a clear 4xx and stores nothing', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          hostileString,
          fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
          fc.constant(''),
        ),
        async (raw) => {
          const response = await ctx.call('POST', '/sessions', raw);
          await expectClearRefusal(response);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(await snapshot()).toBe(before);
  }, 120_000);

  it('answers one hostile field in an otherwise valid session with 201 (stored as given) or a 4xx naming that field (nothing stored), never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...FIELDS), hostileValue, async (path, value) => {
        const before = await snapshot();
        const response = await ctx.call('POST', '/sessions', withField(path, value));
        if (response.status === 201) {
          const created = (await response.json()) as { id: string; client: { name: string } };
          const stored = (await (await ctx.call('GET', `/sessions/${created.id}`)).json()) as { client: { name: string } };
          expect(stored.client.name).toBe(created.client.name);
          return;
        }
        expect(response.status).toBe(400);
        const body = (await response.json()) as { message: string; problems: { field: string; message: string }[] };
        expect(body.problems.length).toBeGreaterThan(0);
        expect(body.problems.some((p) => p.field.startsWith(path.split('.')[0] as string) || p.field === 'body')).toBe(true);
        expect(await snapshot()).toBe(before);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);

  it('refuses unknown fields, including prototype keys, with a 400 that names them', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'isAdmin', 'PK'), fc.string({ minLength: 1 })), hostileValue, fc.boolean(), async (key, value, inClient) => {
        fc.pre(!(key in validBody()) && !(key in validBody().client));
        const body = validBody() as unknown as Record<string, unknown>;
        const target = inClient ? (body.client as Record<string, unknown>) : body;
        Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
        const before = await snapshot();
        const response = await ctx.call('POST', '/sessions', JSON.stringify(body));
        expect(response.status).toBe(400);
        expect(((await response.json()) as { message: string }).message).toMatch(/unknown field/);
        expect(await snapshot()).toBe(before);
      }),
      { numRuns: Math.ceil(RUNS / 2), endOnFailure: true },
    );
  }, 120_000);

  it('refuses a missing or wrong token with 401 before reading the body', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constant(''), hostileString.map((s) => `Bearer ${s}`), hostileString), async (authorization) => {
        fc.pre(/^[\t\x20-\x7e]*$/.test(authorization) && authorization.trim() !== `Bearer ${TEST_TOKEN}`);
        const response = await ctx.call('POST', '/sessions', validBody(), { authorization });
        await expectClearRefusal(response, [401]);
      }),
      { numRuns: Math.ceil(RUNS / 2), endOnFailure: true },
    );
    expect(await snapshot()).toBe(before);
  }, 120_000);

  it('answers an Idempotency-Key of any printable text with 201 or a clear 4xx, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: printable, minLength: 1, maxLength: 100 }), fc.string({ unit: printable, minLength: 2_100, maxLength: 8_000 })), async (key) => {
        const response = await ctx.call('POST', '/sessions', { ...validBody(), client: { ...validBody().client, email: 'idem@example.com' } }, { 'idempotency-key': key });
        if (response.status !== 201 && response.status !== 200 && response.status !== 409) await expectClearRefusal(response);
      }),
      { numRuns: Math.ceil(RUNS / 2), endOnFailure: true },
    );
  }, 120_000);

  it('answers a body over 1 MB with 413 and a message', async () => {
    const before = await snapshot();
    const huge = JSON.stringify({ ...validBody(), modality: 'x'.repeat(1_500_000) });
    const response = await ctx.call('POST', '/sessions', huge);
    await expectClearRefusal(response, [413]);
    expect(await snapshot()).toBe(before);
  });
});

const TWILIO = { From: '+13105550100', To: LOCAL_DEFAULTS.TWILIO_FROM_NUMBER, Body: 'hello', MessageSid: `SM${'a'.repeat(32)}` };
const formValue = fc.oneof(hostileString, fc.integer().map(String));
const sid = fc.oneof(fc.stringMatching(/^SM[0-9a-f]{32}$/), formValue);

describe('the Twilio webhooks with random and hostile input', () => {
  it('refuses any request without a valid signature with 403, whatever it carries', async () => {
    const before = await snapshot();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('/webhooks/twilio/sms', '/webhooks/twilio/status'),
        fc.dictionary(fc.constantFrom('From', 'To', 'Body', 'MessageSid', 'MessageStatus', 'ErrorCode', 'AccountSid', 'x'), formValue),
        fc.oneof(fc.constant(''), fc.base64String({ minLength: 28, maxLength: 28 }), fc.string({ unit: 'binary-ascii' })),
        async (path, params, signature) => {
          fc.pre(/^[\t\x20-\x7e]*$/.test(signature));
          const response = await postTwilio(ctx.stack.url, path, { ...TWILIO, ...params }, { signature });
          await expectClearRefusal(response, [403]);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(await snapshot()).toBe(before);
  }, 120_000);

  it('answers a signed text with hostile fields or from an unknown number with 200 (nothing to say) or a clear 400, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          From: fc.oneof(fc.stringMatching(/^\+1[2-9]\d{2}[2-9]\d{6}$/), formValue),
          Body: fc.oneof(formValue, fc.string({ minLength: 1_601, maxLength: 5_000 })),
          MessageSid: sid,
        }),
        async (params) => {
          fc.pre(!keywordIntent(params.Body) && params.From.trim() !== '+13108960696');
          remember(params.From, undefined, params.Body);
          const before = await snapshot();
          const response = await postTwilio(ctx.stack.url, '/webhooks/twilio/sms', { ...TWILIO, ...params });
          if (response.status === 200) expect(await response.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
          else await expectClearRefusal(response, [400]);
          expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);

  it('answers a signed delivery report with hostile fields with 204 (unknown message, ignored) or a clear 400, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({ MessageSid: sid, MessageStatus: formValue, ErrorCode: fc.oneof(formValue, fc.constant('30003')), To: formValue }),
        async (params) => {
          const before = await snapshot();
          const response = await postTwilio(ctx.stack.url, '/webhooks/twilio/status', { ...TWILIO, ...params });
          if (response.status !== 204) await expectClearRefusal(response, [400]);
          expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);
});

describe('the inbound email webhook with random and hostile input', () => {
  const raw = (from: string, messageId: string, text: string) =>
    [`From: ${from}`, 'To: reply+00000000-0000-4000-8000-000000000000@reply.ohara-massage.example', `Message-ID: <${messageId}>`, 'Subject: Re: hi', '', text, ''].join('\r\n');

  it('answers random and malformed messages from unknown senders with 202 (not matched) or a clear 400, and stores nothing', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          hostileString,
          fc.tuple(fc.oneof(fc.emailAddress(), hostileString), fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.string({ minLength: 2_100, maxLength: 4_000 })), hostileString).map(([f, m, t]) => {
            remember(undefined, f, t);
            return raw(f, m, t);
          }),
          fc.emailAddress().map((f) => raw(`Someone <${'x'.repeat(3_000)}${f}>`, 'id@example.com', 'sharp pain')),
        ),
        async (message) => {
          const before = await snapshot();
          const response = await ctx.call('POST', '/webhooks/email/inbound', message, { 'content-type': 'message/rfc822' });
          if (response.status !== 202) await expectClearRefusal(response, [400]);
          expect(await snapshot()).toBe(before);
        },
      ),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);
});

describe('replies of any length, and replays', () => {
  let clients = 0;
  /** A new client with a session 3 hours ago: phone and email of its own, so runs do not share an escalation. */
  async function newClient() {
    clients += 1;
    const phone = `+1310555${String(3000 + clients).padStart(4, '0')}`;
    const email = `long-${clients}@example.com`;
    const response = await ctx.call('POST', '/sessions', {
      client: { name: 'Robin Long', phone, email }, endedAt: new Date(clock.now().getTime() - 3 * 3_600_000).toISOString(), consent: { sms: true, email: true },
    });
    expect(response.status).toBe(201);
    return { ...((await response.json()) as { id: string }), phone, email };
  }
  const WARNINGS = ['I have chest pain and my left arm is numb.', 'Sharp pain in my neck since the massage.', 'Me duele mucho el pecho y me falta el aire.'];
  const filler = fc.oneof(fc.constant('blah '), fc.constant('ü😀\u200b'), fc.string({ minLength: 1, maxLength: 8, unit: 'grapheme' }));

  it('escalates a warning sign followed by up to 900 KB, under a Message-ID of any length, and never answers 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...WARNINGS), filler, fc.integer({ min: 0, max: 900_000 }), fc.integer({ min: 1, max: 3_000 }), async (warning, unit, size, idLength) => {
        const client = await newClient();
        remember(client.phone, client.email, warning);
        // `size` bytes of filler, so that every message stays under the local gateway's 1 MB.
        const tail = unit.repeat(Math.ceil(size / Buffer.byteLength(unit)));
        const message = [`From: ${client.email}`, `To: ${client.email.replace(/@.*/, '')}@elsewhere.example`, `Message-ID: <${clients}.${'m'.repeat(idLength)}@example.com>`, 'Subject: Re: hi',
          'Content-Type: text/plain; charset=utf-8', '', `${warning}\r\n${tail}`, ''].join('\r\n');
        const response = await ctx.call('POST', '/webhooks/email/inbound', message, { 'content-type': 'message/rfc822' });
        expect(response.status).toBe(200);
        expect(['urgent', 'escalate']).toContain(((await response.json()) as { category: string }).category);
        const view = (await (await ctx.call('GET', `/sessions/${client.id}`)).json()) as { escalations: unknown[] };
        expect(view.escalations).toHaveLength(1);
      }),
      { numRuns: Math.min(RUNS, 15), endOnFailure: true },
    );
  }, 240_000);

  it('ends every sequence of signed START and STOP texts, some replayed, as if each MessageSid came once', async () => {
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom('START', 'STOP', 'UNSTOP', 'stop'), fc.integer({ min: 0, max: 4 })), { minLength: 1, maxLength: 8 }), async (texts) => {
        runs += 1;
        const phone = `+1310555${String(6000 + runs).padStart(4, '0')}`;
        const sids = new Map<number, string>();
        let optedOut = false;
        for (const [body, which] of texts) {
          const first = !sids.has(which);
          if (first) sids.set(which, `SM${createHash('sha256').update(`${phone}/${which}`).digest('hex').slice(0, 32)}`);
          const response = await postTwilio(ctx.stack.url, '/webhooks/twilio/sms', { ...TWILIO, From: phone, Body: body, MessageSid: sids.get(which) as string });
          expect(response.status).toBe(200);
          if (first) optedOut = keywordIntent(body) === 'stop';
        }
        const [contact] = await ctx.stack.core.contacts.get([{ channel: 'sms', address: phone }]);
        expect(contact?.optedOut).toBe(optedOut);
      }),
      { numRuns: Math.min(RUNS, 40), endOnFailure: true },
    );
  }, 240_000);
});

describe('logs under hostile input', () => {
  it('carry no phone number, email address or message text from the requests', () => {
    const clients = [{ phone: '+13105550142', email: 'jordan@example.com', name: 'Jordan Lee' }, ...seen.phones.map((phone) => ({ phone })), ...seen.emails.map((email) => ({ email }))];
    expect(linesWithClientData(log.lines, clients, seen.texts)).toEqual([]);
    expect(seen.texts.length).toBeGreaterThan(10);
  });
});

describe('POST /sessions with control characters, lone surrogates and noncharacters in free text', () => {
  /** Every free-text field of a session, with a valid value and what the API stores for it. */
  const textFields = (wordingVersion: string): { path: string; value: string; stored: (session: StoredSession) => string | undefined; expected: string }[] => [
    { path: 'client.name', value: 'Jordan Lee', stored: (s) => s.client.name, expected: 'Jordan Lee' },
    { path: 'client.phone', value: '(310) 555-0142', stored: (s) => s.client.phone, expected: '+13105550142' },
    { path: 'client.email', value: 'jordan@example.com', stored: (s) => s.client.email, expected: 'jordan@example.com' },
    { path: 'client.timezone', value: 'America/Los_Angeles', stored: (s) => s.client.timezone, expected: 'America/Los_Angeles' },
    { path: 'modality', value: 'deep tissue', stored: (s) => s.modality, expected: 'deep tissue' },
    { path: 'consent.wordingVersion', value: wordingVersion, stored: (s) => s.consent.sms.wordingVersion, expected: wordingVersion },
  ];
  interface StoredSession {
    client: { name: string; phone?: string; email?: string; timezone: string };
    modality?: string;
    consent: { sms: { wordingVersion: string } };
  }

  const codePoint = (min: number, max: number) => fc.integer({ min, max }).map((cp) => String.fromCodePoint(cp));
  /** One character that is never kept: C0 and C1 controls (tab and line breaks too), DEL, lone surrogates, noncharacters, U+FFFD. */
  const refused = fc.oneof(
    codePoint(0x00, 0x1f),
    fc.constantFrom('\u007f', '\ufffd', '\u2028', '\u2029'),
    codePoint(0x80, 0x9f),
    fc.integer({ min: 0xd800, max: 0xdfff }).map((unit) => String.fromCharCode(unit)),
    codePoint(0xfdd0, 0xfdef),
    fc.tuple(fc.integer({ min: 0, max: 16 }), fc.constantFrom(0xfffe, 0xffff)).map(([plane, last]) => String.fromCodePoint(plane * 0x10000 + last)),
  );
  /** Invisible formatting, dropped: bidi embeddings, overrides, isolates and marks, zero-width characters, BOM. */
  const invisible = fc.constantFrom(
    ...[0x061c, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff].map((cp) => String.fromCodePoint(cp)),
  );
  const NEVER_STORED = /[\p{Cc}\p{Cs}\p{Noncharacter_Code_Point}\ufffd\u2028\u2029\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]/u;

  /** `value` with each character inserted at a position chosen from `positions` (a fraction of the length). */
  const insert = (value: string, chars: string[], positions: number[]) =>
    chars.reduce((text, char, i) => {
      const at = Math.floor((positions[i] ?? 0) * (text.length + 1));
      return text.slice(0, at) + char + text.slice(at);
    }, value);
  const positions = fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 4, maxLength: 4 });
  const fieldBody = (path: string, value: string) => {
    // The same client again and again, on purpose: not answered as a duplicate.
    const body = { ...validBody(), force: true } as unknown as Record<string, Record<string, unknown>>;
    const [head, tail] = path.split('.') as [string, string | undefined];
    if (tail) body[head] = { ...body[head], [tail]: value };
    else (body as Record<string, unknown>)[head] = value;
    return body;
  };

  it('answers a field with one of them with a 400 that names the field in words and stores nothing, never a 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...textFields(ctx.stack.config.consentWordingVersion)), refused, fc.array(invisible, { maxLength: 3 }), positions, async (field, bad, extra, at) => {
        const before = await snapshot();
        const response = await ctx.call('POST', '/sessions', JSON.stringify(fieldBody(field.path, insert(field.value, [bad, ...extra], at))));
        expect(response.status).toBe(400);
        const body = (await response.json()) as { message: string; problems: { field: string; message: string }[] };
        expect(body.problems).toEqual([{ field: field.path, message: expect.stringMatching(/^The [a-z ]+ has a (tab or a line break|hidden or damaged character)\b/) }]);
        expect(await snapshot()).toBe(before);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }, 120_000);

  it('accepts a field with invisible formatting in it and stores it without, as if it had not been there', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...textFields(ctx.stack.config.consentWordingVersion)), fc.array(invisible, { minLength: 1, maxLength: 4 }), positions, async (field, chars, at) => {
        const response = await ctx.call('POST', '/sessions', JSON.stringify(fieldBody(field.path, insert(field.value, chars, at))));
        expect(response.status).toBe(201);
        const { id } = (await response.json()) as { id: string };
        const stored = (await (await ctx.call('GET', `/sessions/${id}`)).json()) as StoredSession;
        expect(field.stored(stored)).toBe(field.expected);
        expect(JSON.stringify(stored)).not.toMatch(NEVER_STORED);
      }),
      { numRuns: Math.ceil(RUNS / 2), endOnFailure: true },
    );
  }, 120_000);
});
