import { describe, it, expect } from 'vitest';
import { signLink, verifyLink } from '#domain/links';
import { errorResponse, jsonBody, requireBearer, type HttpEvent } from '#adapters/http';
import { ConflictError, NotFoundError, UnauthorizedError, ValidationError } from '#domain/errors';
import type { Log } from '#ports/log';

const SECRET = 'link-secret-0123456789abcdef';

describe('signLink / verifyLink', () => {
  it('returns the subject of a token it signed', () => {
    const token = signLink(SECRET, 'unsubscribe', 'session-1#email');
    expect(verifyLink(SECRET, 'unsubscribe', token)).toBe('session-1#email');
  });

  it('round-trips a subject with non-ASCII characters and dots', () => {
    const subject = 'esc.42.Zoë';
    expect(verifyLink(SECRET, 'acknowledge', signLink(SECRET, 'acknowledge', subject))).toBe(subject);
  });

  it('makes tokens that fit in a URL without escaping', () => {
    expect(signLink(SECRET, 'unsubscribe', 'ana@example.com / +13105550142')).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  });

  it('rejects a token whose subject was swapped for another', () => {
    const token = signLink(SECRET, 'unsubscribe', 'session-1');
    const signature = token.split('.')[1];
    const forged = `${Buffer.from('session-2').toString('base64url')}.${signature}`;
    expect(verifyLink(SECRET, 'unsubscribe', forged)).toBeUndefined();
  });

  it('rejects a token whose signature was altered', () => {
    const token = signLink(SECRET, 'unsubscribe', 'session-1');
    const last = token.at(-1);
    const tampered = `${token.slice(0, -1)}${last === 'A' ? 'B' : 'A'}`;
    expect(verifyLink(SECRET, 'unsubscribe', tampered)).toBeUndefined();
    expect(verifyLink(SECRET, 'unsubscribe', token.slice(0, -1))).toBeUndefined();
  });

  it('rejects a token signed for another purpose', () => {
    const token = signLink(SECRET, 'acknowledge', 'esc-1');
    expect(verifyLink(SECRET, 'unsubscribe', token)).toBeUndefined();
  });

  it('rejects a token signed with another secret', () => {
    const token = signLink('another-secret-0123456789', 'unsubscribe', 'session-1');
    expect(verifyLink(SECRET, 'unsubscribe', token)).toBeUndefined();
  });

  it.each(['', '.', 'garbage', 'a.b.c', '.abc', 'abc.', '%%%.***', 'c2Vzc2lvbi0x.'])('rejects the malformed token %j', (token) => {
    expect(verifyLink(SECRET, 'unsubscribe', token)).toBeUndefined();
  });
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
      { field: 'client.phone', message: 'is not a valid phone number' },
      { field: 'client.email', message: 'is not a valid email address' },
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
