import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The therapist's sign-in that lasts: a one-time link (texted and emailed to the therapist), then a device session
 * kept in a cookie, and passkeys. Secrets the browser holds (the link's token, the cookie's secret) are random
 * 32 bytes and are stored only as their SHA-256; the rules of their lifetimes are here, the writes in the store.
 */

export const LINK_MINUTES = 10;
export const DEVICE_SESSION_DAYS = 30;
/** A device session's expiry slides with use, written at most this often so that polling costs no write a request. */
export const REFRESH_EVERY_MINUTES = 60;
/** A passkey ceremony (options → the browser → verify) must finish within this. */
export const CHALLENGE_MINUTES = 5;
/** At most this many sign-in links per window, whoever asks: the button cannot be used to flood the therapist. */
export const LINK_REQUESTS_PER_WINDOW = 5;
export const LINK_WINDOW_MINUTES = 15;

export const COOKIE_NAME = '__Host-aftercare-session';

const MINUTE = 60_000;
const later = (now: Date, minutes: number) => new Date(now.getTime() + minutes * MINUTE);

/** A new random secret, in a form that fits a URL and a cookie. */
export const newSecret = (): string => randomBytes(32).toString('base64url');

/** What is stored of a secret: its SHA-256, so that a copy of the table signs nobody in. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('base64url');

const sameText = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

export interface LinkToken {
  hash: string;
  createdAt: string;
  expiresAt: string;
  usedAt?: string;
}

/** A sign-in link's token (for the link) and what is stored of it. */
export function newLinkToken(now: Date): { token: string; record: LinkToken } {
  const token = newSecret();
  return { token, record: { hash: hashSecret(token), createdAt: now.toISOString(), expiresAt: later(now, LINK_MINUTES).toISOString() } };
}

/** A token looks like one we make (43 base64url characters); anything else is refused before a read. */
export const isLinkTokenShape = (token: unknown): token is string => typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);

/** Whether a stored link may still sign in: not used, not expired. The store writes `usedAt` under the same rule. */
export const linkRedeemable = (record: LinkToken | undefined, now: Date): boolean =>
  record !== undefined && record.usedAt === undefined && record.expiresAt > now.toISOString();

/** The window a link request is counted in: the same key for every request of the same quarter hour. */
export const linkWindow = (now: Date): { key: string; endsAt: Date } => {
  const start = Math.floor(now.getTime() / (LINK_WINDOW_MINUTES * MINUTE)) * LINK_WINDOW_MINUTES * MINUTE;
  return { key: new Date(start).toISOString(), endsAt: new Date(start + LINK_WINDOW_MINUTES * MINUTE) };
};

export type SignInMethod = 'link' | 'passkey';

export interface DeviceSession {
  /** Public id (shown in the device list, used to sign one device out). */
  id: string;
  secretHash: string;
  /** Per-session value the page sends back in `X-CSRF-Token` on unsafe requests. */
  csrfToken: string;
  label: string;
  method: SignInMethod;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
}

/** The cookie's value: `<id>.<secret>`; the id finds the stored session, the secret proves it. */
export function newDeviceSession(now: Date, userAgent: string | undefined, method: SignInMethod): { cookie: string; session: DeviceSession } {
  const id = randomBytes(12).toString('base64url');
  const secret = newSecret();
  const at = now.toISOString();
  return {
    cookie: `${id}.${secret}`,
    session: {
      id,
      secretHash: hashSecret(secret),
      csrfToken: newSecret(),
      label: deviceLabel(userAgent),
      method,
      createdAt: at,
      lastSeenAt: at,
      expiresAt: later(now, DEVICE_SESSION_DAYS * 24 * 60).toISOString(),
    },
  };
}

/** A cookie value split into the session's id and its secret; undefined for anything not shaped like ours. */
export function readCookieValue(value: string | undefined): { id: string; secret: string } | undefined {
  const match = /^([A-Za-z0-9_-]{16})\.([A-Za-z0-9_-]{43})$/.exec(value ?? '');
  return match ? { id: match[1] as string, secret: match[2] as string } : undefined;
}

/** A stored session the cookie's secret proves, not yet expired. */
export const sessionValid = (session: DeviceSession | undefined, secret: string, now: Date): session is DeviceSession =>
  session !== undefined && sameText(session.secretHash, hashSecret(secret)) && session.expiresAt > now.toISOString();

/** The session used now, its expiry slid 30 days on; undefined when the last write is recent enough to leave it. */
export function touched(session: DeviceSession, now: Date): DeviceSession | undefined {
  if (now.getTime() - Date.parse(session.lastSeenAt) < REFRESH_EVERY_MINUTES * MINUTE) return undefined;
  return { ...session, lastSeenAt: now.toISOString(), expiresAt: later(now, DEVICE_SESSION_DAYS * 24 * 60).toISOString() };
}

const BROWSERS: [RegExp, string][] = [
  [/Edg(e|A|iOS)?\//, 'Edge'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
];
const SYSTEMS: [RegExp, string][] = [
  [/iPhone/, 'iPhone'],
  [/iPad/, 'iPad'],
  [/Android/, 'Android phone'],
  [/Windows/, 'Windows computer'],
  [/Mac OS X|Macintosh/, 'Mac'],
  [/CrOS/, 'Chromebook'],
  [/Linux/, 'Linux computer'],
];

/** A device in plain words from its User-Agent ("Safari on iPhone"), never the raw string. */
export function deviceLabel(userAgent: string | undefined): string {
  const ua = userAgent ?? '';
  const browser = BROWSERS.find(([pattern]) => pattern.test(ua))?.[1];
  const system = SYSTEMS.find(([pattern]) => pattern.test(ua))?.[1];
  if (browser && system) return `${browser} on ${system === 'Android phone' && !/Mobile/.test(ua) ? 'Android tablet' : system}`;
  return browser ?? system ?? 'A browser we could not name';
}

/** Methods that change nothing: a cookie request with one of these needs no CSRF token. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface CsrfCheck {
  method: string;
  /** The `Origin` header, if the browser sent one. */
  origin: string | undefined;
  /** `Sec-Fetch-Site`, if the browser sent it. */
  fetchSite: string | undefined;
  /** `X-CSRF-Token`, if sent. */
  token: string | undefined;
  /** Our own origins (the public base URL's, and the local stack's names). */
  allowedOrigins: readonly string[];
}

/**
 * Why a request carried by the session cookie may not act, or undefined when it may. Any request from another site
 * (`Sec-Fetch-Site: cross-site`/`same-site`, or an `Origin` not ours) is refused; an unsafe method must also send
 * the session's own CSRF token, which a page of another origin cannot read.
 */
export function csrfProblem(check: CsrfCheck, session: Pick<DeviceSession, 'csrfToken'>): string | undefined {
  if (check.fetchSite && !['same-origin', 'none'].includes(check.fetchSite)) return 'This request came from another site.';
  if (check.origin && check.origin !== 'null' && !check.allowedOrigins.includes(check.origin)) return 'This request came from another site.';
  if (SAFE_METHODS.has(check.method.toUpperCase())) return undefined;
  if (check.origin === 'null') return 'This request came from another site.';
  if (!check.token || !sameText(check.token, session.csrfToken)) return 'The page\'s security token is missing or out of date: reload the page and try again.';
  return undefined;
}

/** The Set-Cookie value of a device session: for this host only, never readable by script, never sent cross-site. */
export const sessionCookie = (value: string, maxAgeSeconds = DEVICE_SESSION_DAYS * 86_400): string =>
  `${COOKIE_NAME}=${value}; Path=/; Max-Age=${maxAgeSeconds}; HttpOnly; Secure; SameSite=Strict`;

/** The Set-Cookie value that removes it. */
export const clearedCookie = (): string => sessionCookie('', 0);

export interface Passkey {
  /** The credential id (base64url), as the authenticator gives it. */
  id: string;
  publicKey: string;
  counter: number;
  transports?: string[];
  label: string;
  createdAt: string;
  lastUsedAt?: string;
}

export interface Challenge {
  id: string;
  challenge: string;
  purpose: 'register' | 'authenticate';
  expiresAt: string;
}

export function newChallenge(now: Date, challenge: string, purpose: Challenge['purpose']): Challenge {
  return { id: randomBytes(16).toString('base64url'), challenge, purpose, expiresAt: later(now, CHALLENGE_MINUTES).toISOString() };
}

/** A challenge taken from the store is good once, for its own ceremony, until it expires. */
export const challengeUsable = (challenge: Challenge | undefined, purpose: Challenge['purpose'], now: Date): challenge is Challenge =>
  challenge !== undefined && challenge.purpose === purpose && challenge.expiresAt > now.toISOString();

/** The WebAuthn relying party: the public host's name (`localhost` locally), and the one origin it accepts. */
export function relyingParty(publicBaseUrl: string): { rpID: string; origin: string } {
  const url = new URL(publicBaseUrl);
  return { rpID: url.hostname, origin: url.origin };
}

/** The sign-in link as the therapist reads it, by text and by email: what it is, how long it works, what to do if unasked. */
export function signInMessages(url: string, practiceName: string, escape: (text: string) => string) {
  const lasts = `It works once, for ${LINK_MINUTES} minutes.`;
  const unasked = 'If you did not ask for it, ignore this message: nobody can sign in without the link.';
  return {
    sms: `Aftercare sign-in for ${practiceName}: ${url} ${lasts}`,
    subject: 'Your Aftercare sign-in link',
    text: `Open this link to sign in to Aftercare on this device:\n\n${url}\n\n${lasts} ${unasked}\n`,
    html:
      `<!doctype html><html><body style="font-family:Helvetica,Arial,sans-serif;">` +
      `<p>Open this link to sign in to Aftercare on this device:</p>` +
      `<p><a href="${escape(url)}">Sign in to Aftercare</a></p>` +
      `<p>${escape(lasts)} ${escape(unasked)}</p></body></html>\n`,
  };
}
