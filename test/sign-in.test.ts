import { describe, expect, it } from 'vitest';
import {
  challengeUsable,
  clearedCookie,
  csrfProblem,
  deviceLabel,
  hashSecret,
  isLinkTokenShape,
  linkRedeemable,
  linkWindow,
  newChallenge,
  newDeviceSession,
  newLinkToken,
  readCookieValue,
  relyingParty,
  sessionCookie,
  sessionValid,
  signInMessages,
  touched,
} from '#domain/sign-in';
import { escapeHtml } from '#domain/templates';

const NOW = new Date('2026-11-27T18:00:00Z');
const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36';
const WINDOWS_EDGE = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0';
const MAC_FIREFOX = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0';

describe('sign-in links', () => {
  it('makes a random 32-byte token and stores only its SHA-256, good for 10 minutes', () => {
    const { token, record } = newLinkToken(NOW);
    expect(isLinkTokenShape(token)).toBe(true);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(record.hash).toBe(hashSecret(token));
    expect(JSON.stringify(record)).not.toContain(token);
    expect(record.expiresAt).toBe(at(10).toISOString());
    expect(newLinkToken(NOW).token).not.toBe(token);
  });

  it('is redeemable once, and not at or after its expiry', () => {
    const { record } = newLinkToken(NOW);
    expect(linkRedeemable(record, at(9.9))).toBe(true);
    expect(linkRedeemable(record, at(10))).toBe(false);
    expect(linkRedeemable({ ...record, usedAt: at(1).toISOString() }, at(2))).toBe(false);
    expect(linkRedeemable(undefined, NOW)).toBe(false);
  });

  it('refuses anything not shaped like a token before it is looked up', () => {
    for (const bad of ['', 'short', 'x'.repeat(44), `${'a'.repeat(42)}=`, 42, undefined, null]) expect(isLinkTokenShape(bad)).toBe(false);
  });

  it('counts requests in quarter-hour windows', () => {
    expect(linkWindow(new Date('2026-11-27T18:14:59Z'))).toEqual({ key: '2026-11-27T18:00:00.000Z', endsAt: new Date('2026-11-27T18:15:00Z') });
    expect(linkWindow(new Date('2026-11-27T18:15:00Z')).key).toBe('2026-11-27T18:15:00.000Z');
  });

  it('tells the therapist what the link is, how long it works and what to do if unasked, with the link escaped in HTML', () => {
    const message = signInMessages('https://a.example/#/sign-in/x&y', "Chris O'Hara Massage", escapeHtml);
    expect(message.sms).toBe("Aftercare sign-in for Chris O'Hara Massage: https://a.example/#/sign-in/x&y It works once, for 10 minutes.");
    expect(message.text).toContain('If you did not ask for it, ignore this message');
    expect(message.html).toContain('href="https://a.example/#/sign-in/x&amp;y"');
  });
});

describe('device sessions', () => {
  it('puts an id and a secret in the cookie, and stores the secret only as its hash', () => {
    const { cookie, session } = newDeviceSession(NOW, IPHONE, 'link');
    const parts = readCookieValue(cookie);
    expect(parts?.id).toBe(session.id);
    expect(session.secretHash).toBe(hashSecret(parts?.secret as string));
    expect(JSON.stringify(session)).not.toContain(parts?.secret);
    expect(session).toMatchObject({ label: 'Safari on iPhone', method: 'link', createdAt: NOW.toISOString(), lastSeenAt: NOW.toISOString() });
    expect(session.expiresAt).toBe(at(30 * 24 * 60).toISOString());
  });

  it('is valid with its own secret until it expires; another secret or a damaged cookie proves nothing', () => {
    const { cookie, session } = newDeviceSession(NOW, IPHONE, 'link');
    const { secret } = readCookieValue(cookie) as { secret: string };
    expect(sessionValid(session, secret, at(60))).toBe(true);
    expect(sessionValid(session, secret, at(30 * 24 * 60))).toBe(false);
    const other = readCookieValue(newDeviceSession(NOW, IPHONE, 'link').cookie) as { secret: string };
    expect(sessionValid(session, other.secret, at(1))).toBe(false);
    expect(sessionValid(undefined, secret, NOW)).toBe(false);
    for (const bad of [undefined, '', 'abc', `${session.id}.`, `${session.id}.${secret}x`, `${session.id};${secret}`]) expect(readCookieValue(bad)).toBeUndefined();
  });

  it('slides its 30 days on with use, written at most once an hour', () => {
    const { session } = newDeviceSession(NOW, IPHONE, 'link');
    expect(touched(session, at(59))).toBeUndefined();
    const later = touched(session, at(60));
    expect(later).toMatchObject({ lastSeenAt: at(60).toISOString(), expiresAt: at(60 + 30 * 24 * 60).toISOString(), createdAt: NOW.toISOString() });
    // Used every day, it never lapses; left for 30 days, it does.
    expect(touched(later!, at(60 + 24 * 60))?.expiresAt).toBe(at(60 + 24 * 60 + 30 * 24 * 60).toISOString());
  });

  it('names a device in plain words from its User-Agent', () => {
    expect(deviceLabel(IPHONE)).toBe('Safari on iPhone');
    expect(deviceLabel(ANDROID)).toBe('Chrome on Android phone');
    expect(deviceLabel(WINDOWS_EDGE)).toBe('Edge on Windows computer');
    expect(deviceLabel(MAC_FIREFOX)).toBe('Firefox on Mac');
    expect(deviceLabel('curl/8.5.0')).toBe('A browser we could not name');
    expect(deviceLabel(undefined)).toBe('A browser we could not name');
  });

  it('sets the cookie for this host only, HttpOnly, Secure and SameSite=Strict, for 30 days; and clears it', () => {
    expect(sessionCookie('v')).toBe('__Host-aftercare-session=v; Path=/; Max-Age=2592000; HttpOnly; Secure; SameSite=Strict');
    expect(clearedCookie()).toBe('__Host-aftercare-session=; Path=/; Max-Age=0; HttpOnly; Secure; SameSite=Strict');
  });
});

describe('CSRF for cookie requests', () => {
  const session = { csrfToken: 'the-sessions-own-token' };
  const ours = { allowedOrigins: ['https://aftercare.example'] };
  const check = (over: Partial<Parameters<typeof csrfProblem>[0]>) => csrfProblem({ method: 'POST', origin: 'https://aftercare.example', fetchSite: 'same-origin', token: session.csrfToken, ...ours, ...over }, session);

  it('lets our own page change things with the session token', () => {
    expect(check({})).toBeUndefined();
    expect(check({ origin: undefined, fetchSite: undefined })).toBeUndefined();
  });

  it('refuses an unsafe method without the token or with another', () => {
    expect(check({ token: undefined })).toMatch(/security token is missing/);
    expect(check({ token: 'the-sessions-own-tokeX' })).toMatch(/security token/);
    expect(check({ method: 'DELETE', token: '' })).toMatch(/security token/);
  });

  it('refuses any request from another site, even a GET, whatever token it carries', () => {
    expect(check({ origin: 'https://evil.example' })).toBe('This request came from another site.');
    expect(check({ fetchSite: 'cross-site' })).toBe('This request came from another site.');
    expect(check({ fetchSite: 'same-site' })).toBe('This request came from another site.');
    expect(check({ method: 'GET', token: undefined, fetchSite: 'cross-site' })).toBe('This request came from another site.');
    expect(check({ origin: 'null' })).toBe('This request came from another site.');
  });

  it('lets a GET from our own page through without the token', () => {
    expect(check({ method: 'GET', token: undefined })).toBeUndefined();
    expect(check({ method: 'HEAD', token: undefined, fetchSite: 'none', origin: undefined })).toBeUndefined();
  });
});

describe('passkey ceremonies', () => {
  it('keeps a challenge for its own ceremony for 5 minutes', () => {
    const challenge = newChallenge(NOW, 'c', 'register');
    expect(challengeUsable(challenge, 'register', at(4.9))).toBe(true);
    expect(challengeUsable(challenge, 'authenticate', at(1))).toBe(false);
    expect(challengeUsable(challenge, 'register', at(5))).toBe(false);
    expect(challengeUsable(undefined, 'register', NOW)).toBe(false);
  });

  it('takes the relying party from the public URL: its host name, and its origin', () => {
    expect(relyingParty('https://abc.execute-api.us-west-2.amazonaws.com')).toEqual({ rpID: 'abc.execute-api.us-west-2.amazonaws.com', origin: 'https://abc.execute-api.us-west-2.amazonaws.com' });
    expect(relyingParty('http://localhost:3000')).toEqual({ rpID: 'localhost', origin: 'http://localhost:3000' });
  });
});
