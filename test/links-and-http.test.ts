import { describe, it, expect } from 'vitest';
import { LINK_LIFETIME_DAYS, linkMac, signLink, verifyLink, verifyingKeys, type LinkKeys } from '#domain/links';
import { errorResponse, jsonBody, requireBearer, type HttpEvent } from '#adapters/http';
import { ConfigError, ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '#domain/errors';
import type { Log } from '#ports/log';

const NOW = new Date('2026-11-27T18:00:00Z');
const DAY = 86_400_000;
const later = (days: number) => new Date(NOW.getTime() + days * DAY);
const KEY = { id: '2026-11', key: 'link-key-0123456789abcdef0123456789' };
const KEYS: LinkKeys = { current: KEY, previous: [] };
/** KEY rotated out today: a new key signs, KEY still verifies. */
const ROTATED: LinkKeys = { current: { id: '2026-12', key: 'new-link-key-0123456789abcdef01234567' }, previous: [{ ...KEY, retiredAt: NOW.toISOString() }] };

describe('signLink / verifyLink', () => {
  it('returns the subject of a token it signed', () => {
    const token = signLink(KEYS, 'unsubscribe', 'session-1#email', NOW);
    expect(verifyLink(KEYS, 'unsubscribe', token, NOW)).toBe('session-1#email');
  });

  it('round-trips a subject with non-ASCII characters and dots', () => {
    const subject = 'esc.42.Zoë';
    expect(verifyLink(KEYS, 'acknowledge', signLink(KEYS, 'acknowledge', subject, NOW), NOW)).toBe(subject);
  });

  it('makes tokens that fit in a URL without escaping, naming the key that signed them', () => {
    const token = signLink(KEYS, 'unsubscribe', 'ana@example.com / +13105550142', NOW);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.\d+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(token.split('.')[0]).toBe('2026-11');
  });

  it.each([
    ['unsubscribe', 90],
    ['acknowledge', 7],
  ] as const)('lets a %s token work for %i days and no longer', (purpose, days) => {
    expect(LINK_LIFETIME_DAYS[purpose]).toBe(days);
    const token = signLink(KEYS, purpose, 'session-1', NOW);
    expect(verifyLink(KEYS, purpose, token, new Date(later(days).getTime() - 1000))).toBe('session-1');
    expect(verifyLink(KEYS, purpose, token, later(days))).toBeUndefined();
  });

  it('rejects a token whose expiry was pushed back', () => {
    const [id, expires, subject, mac] = signLink(KEYS, 'acknowledge', 'session-1', NOW).split('.');
    const extended = [id, String(Number(expires) + 30 * 86_400), subject, mac].join('.');
    expect(verifyLink(KEYS, 'acknowledge', extended, later(8))).toBeUndefined();
  });

  it('rejects a properly signed token that claims to last longer than its purpose allows', () => {
    const fromTheFuture = signLink(KEYS, 'acknowledge', 'session-1', later(30));
    expect(verifyLink(KEYS, 'acknowledge', fromTheFuture, NOW)).toBeUndefined();
    expect(verifyLink(KEYS, 'acknowledge', signLink(KEYS, 'acknowledge', 'session-1', new Date(NOW.getTime() + 60_000)), NOW)).toBe('session-1');
  });

  it('rejects a token whose subject was swapped for another', () => {
    const parts = signLink(KEYS, 'unsubscribe', 'session-1', NOW).split('.');
    parts[2] = Buffer.from('session-2').toString('base64url');
    expect(verifyLink(KEYS, 'unsubscribe', parts.join('.'), NOW)).toBeUndefined();
  });

  it('rejects a token whose signature was altered', () => {
    const token = signLink(KEYS, 'unsubscribe', 'session-1', NOW);
    const last = token.at(-1);
    const tampered = `${token.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
    expect(verifyLink(KEYS, 'unsubscribe', tampered, NOW)).toBeUndefined();
    expect(verifyLink(KEYS, 'unsubscribe', token.slice(0, -1), NOW)).toBeUndefined();
  });

  it('rejects a token signed for another purpose', () => {
    const token = signLink(KEYS, 'acknowledge', 'esc-1', NOW);
    expect(verifyLink(KEYS, 'unsubscribe', token, NOW)).toBeUndefined();
  });

  it('rejects a token signed with a key it does not know, or with another key under a known id', () => {
    const stranger: LinkKeys = { current: { id: 'other', key: 'another-key-0123456789abcdef0123456' }, previous: [] };
    expect(verifyLink(KEYS, 'unsubscribe', signLink(stranger, 'unsubscribe', 'session-1', NOW), NOW)).toBeUndefined();
    const impostor: LinkKeys = { current: { id: KEY.id, key: 'another-key-0123456789abcdef0123456' }, previous: [] };
    expect(verifyLink(KEYS, 'unsubscribe', signLink(impostor, 'unsubscribe', 'session-1', NOW), NOW)).toBeUndefined();
  });

  it('rejects a token whose key id was changed to another known key', () => {
    const parts = signLink(ROTATED, 'unsubscribe', 'session-1', NOW).split('.');
    parts[0] = KEY.id;
    expect(verifyLink(ROTATED, 'unsubscribe', parts.join('.'), NOW)).toBeUndefined();
  });

  it('after a rotation, signs with the new key and still verifies what the previous key signed', () => {
    const old = signLink(KEYS, 'unsubscribe', 'session-1', NOW);
    const fresh = signLink(ROTATED, 'unsubscribe', 'session-2', NOW);
    expect(fresh.split('.')[0]).toBe('2026-12');
    expect(verifyLink(ROTATED, 'unsubscribe', old, later(89))).toBe('session-1');
    expect(verifyLink(ROTATED, 'unsubscribe', fresh, later(89))).toBe('session-2');
  });

  it('stops trusting a previous key once everything it may have signed has expired', () => {
    const oldAck = signLink(KEYS, 'acknowledge', 's/e', NOW);
    expect(verifyLink(ROTATED, 'acknowledge', oldAck, later(6))).toBe('s/e');
    expect(verifyingKeys(ROTATED, 'acknowledge', later(7)).map((k) => k.id)).toEqual(['2026-12']);
    expect(verifyingKeys(ROTATED, 'unsubscribe', later(89)).map((k) => k.id)).toEqual(['2026-12', '2026-11']);
    expect(verifyingKeys(ROTATED, 'unsubscribe', later(90)).map((k) => k.id)).toEqual(['2026-12']);
    // A token minted later with the leaked old key is refused once the grace period is over.
    const minted = signLink(KEYS, 'unsubscribe', 'session-1', later(85));
    expect(verifyLink(ROTATED, 'unsubscribe', minted, later(91))).toBeUndefined();
  });

  it('lets another kind of token reuse the keys: linkMac is the same MAC under the same key and purpose', () => {
    expect(linkMac(KEY, 'unsubscribe', ['a', 'b'])).toBe(linkMac({ ...KEY }, 'unsubscribe', ['a', 'b']));
    expect(linkMac(KEY, 'unsubscribe', ['a', 'b'])).not.toBe(linkMac(KEY, 'acknowledge', ['a', 'b']));
    expect(linkMac(KEY, 'unsubscribe', ['a', 'b'])).not.toBe(linkMac(ROTATED.current, 'unsubscribe', ['a', 'b']));
  });

  it.each(['', '.', 'garbage', 'a.b.c', '.abc', 'abc.', '%%%.***', 'c2Vzc2lvbi0x.', '2026-11..c2Vzc2lvbi0x.abc', '2026-11.soon.c2Vzc2lvbi0x.abc', 'a.1.b.c.d'])(
    'rejects the malformed token %j',
    (token) => {
      expect(verifyLink(KEYS, 'unsubscribe', token, NOW)).toBeUndefined();
    },
  );
});

const event = (overrides: Partial<HttpEvent> = {}): HttpEvent => ({
  version: '2.0',
  routeKey: 'POST /sessions',
  rawPath: '/sessions',
  rawQueryString: '',
  headers: {},
  isBase64Encoded: false,
  requestContext: {} as HttpEvent['requestContext'],
  ...overrides,
});

const TOKEN = 'api-token-0123456789abcdef';

const withAuthorization = (value: string) => event({ headers: { authorization: value } });

describe('requireBearer', () => {
  it('fails as a configuration error, not a refusal, in a function that was not given the API token', () => {
    expect(() => requireBearer(withAuthorization(`Bearer ${TOKEN}`), undefined)).toThrow(ConfigError);
  });

  it('accepts the right token whatever the case of "Bearer" and of the header name', () => {
    for (const value of [`Bearer ${TOKEN}`, `bearer ${TOKEN}`, `BEARER ${TOKEN}`, `Bearer   ${TOKEN}  `]) {
      expect(() => requireBearer(withAuthorization(value), TOKEN)).not.toThrow();
    }
    expect(() => requireBearer(event({ headers: { Authorization: `Bearer ${TOKEN}` } }), TOKEN)).not.toThrow();
  });

  it.each([
    ['no header', event()],
    ['an empty header', withAuthorization('')],
    ['no scheme', withAuthorization(TOKEN)],
    ['another scheme', withAuthorization(`Basic ${TOKEN}`)],
    ['"Bearer" alone', withAuthorization('Bearer ')],
    ['a wrong token', withAuthorization(`Bearer ${'x'.repeat(TOKEN.length)}`)],
    ['a shorter token', withAuthorization(`Bearer ${TOKEN.slice(0, -1)}`)],
    ['a longer token', withAuthorization(`Bearer ${TOKEN}0`)],
  ])('rejects %s with an UnauthorizedError', (_label, request) => {
    expect(() => requireBearer(request, TOKEN)).toThrow(UnauthorizedError);
  });
});

const recordingLog = () => {
  const lines: { message: string; extra?: Record<string, unknown> }[] = [];
  const record = (message: string, extra?: Record<string, unknown>) => void lines.push({ message, extra });
  const log: Log = { info: record, warn: record, error: record };
  return { log, lines };
};

const bodyOf = (result: ReturnType<typeof errorResponse>) => JSON.parse(String(result.body)) as Record<string, unknown>;

describe('errorResponse', () => {
  it('answers a ValidationError with 400 and every problem by field', () => {
    const problems = [
      { field: 'client.phone', message: "That mobile number doesn't look right; check the digits (a number abroad needs its country code, such as +44)." },
      { field: 'client.email', message: "That email address doesn't look right; check it for typos." },
    ];
    const result = errorResponse(new ValidationError(problems), recordingLog().log);
    expect(result.statusCode).toBe(400);
    expect(result.headers?.['content-type']).toMatch(/^application\/json/);
    expect(bodyOf(result)).toMatchObject({ error: 'validation_failed', problems });
  });

  it('answers an UnauthorizedError with 401 and a WWW-Authenticate: Bearer challenge', () => {
    const result = errorResponse(new UnauthorizedError('Missing or wrong API token'), recordingLog().log);
    expect(result.statusCode).toBe(401);
    expect(result.headers?.['www-authenticate']).toBe('Bearer');
    expect(bodyOf(result)).toMatchObject({ error: 'unauthorized' });
  });

  it('answers NotFoundError with 404 and ConflictError with 409, keeping their messages', () => {
    const notFound = errorResponse(new NotFoundError('No session with id s-1'), recordingLog().log);
    const conflict = errorResponse(new ConflictError('Idempotency-Key was already used'), recordingLog().log);
    expect([notFound.statusCode, bodyOf(notFound)]).toEqual([404, { error: 'not_found', message: 'No session with id s-1' }]);
    expect([conflict.statusCode, bodyOf(conflict)]).toEqual([409, { error: 'conflict', message: 'Idempotency-Key was already used' }]);
  });

  it('answers an unexpected error with 500 without leaking its message, and logs it', () => {
    const { log, lines } = recordingLog();
    const result = errorResponse(new Error('connect ECONNREFUSED 10.0.3.7:8000 table=aftercare-prod'), log);
    expect(result.statusCode).toBe(500);
    expect(result.body).not.toMatch(/ECONNREFUSED|10\.0\.3\.7|aftercare-prod/);
    expect(bodyOf(result)).toMatchObject({ error: 'internal' });
    expect(lines).toHaveLength(1);
    expect(JSON.stringify(lines)).not.toMatch(/10\.0\.3\.7/);
  });

  it('answers a thrown non-Error value with 500 too', () => {
    expect(errorResponse('boom', recordingLog().log).statusCode).toBe(500);
  });

  it('sets no-store and nosniff on every error response', () => {
    const result = errorResponse(new NotFoundError('x'), recordingLog().log);
    expect(result.headers).toMatchObject({ 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  });
});

describe('jsonBody', () => {
  const failureOf = (request: HttpEvent) => {
    try {
      jsonBody(request);
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      return (error as ValidationError).problems;
    }
    throw new Error('expected a ValidationError');
  };

  it('parses a JSON body', () => {
    expect(jsonBody(event({ body: '{"client":{"name":"Ana"}}' }))).toEqual({ client: { name: 'Ana' } });
  });

  it('decodes a base64 body from API Gateway, keeping UTF-8 text', () => {
    const body = Buffer.from(JSON.stringify({ client: { name: 'Zoë' } }), 'utf8').toString('base64');
    expect(jsonBody(event({ body, isBase64Encoded: true }))).toEqual({ client: { name: 'Zoë' } });
  });

  it('rejects a missing, empty or blank body as required', () => {
    for (const request of [event(), event({ body: '' }), event({ body: '  \n' })]) {
      expect(failureOf(request)).toEqual([{ field: 'body', message: 'is required (JSON)' }]);
    }
  });

  it('rejects a base64 body whose bytes are not UTF-8 instead of reading U+FFFD into it', () => {
    const latin1 = Buffer.concat([Buffer.from('{"client":{"name":"Zo'), Buffer.from([0xeb]), Buffer.from('"}}')]);
    for (const bytes of [latin1, Buffer.from([0x7b, 0x22, 0xc3, 0x22, 0x7d]), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80])]) {
      expect(failureOf(event({ body: bytes.toString('base64'), isBase64Encoded: true }))).toEqual([
        { field: 'body', message: 'is not UTF-8 text: some of its bytes are no characters' },
      ]);
    }
  });

  it('rejects malformed JSON, also when it arrives base64-encoded', () => {
    expect(failureOf(event({ body: '{"client":' }))).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
    const encoded = Buffer.from("{client: 'Ana'}").toString('base64');
    expect(failureOf(event({ body: encoded, isBase64Encoded: true }))).toEqual([{ field: 'body', message: 'is not valid JSON' }]);
  });
});
