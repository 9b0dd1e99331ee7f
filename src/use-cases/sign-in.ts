import { ForbiddenError, ValidationError } from '#domain/errors';
import {
  challengeUsable,
  deviceLabel,
  hashSecret,
  isLinkTokenShape,
  LINK_REQUESTS_PER_WINDOW,
  linkWindow,
  newChallenge,
  newDeviceSession,
  newLinkToken,
  readCookieValue,
  sessionValid,
  signInMessages,
  touched,
  type DeviceSession,
  type SignInMethod,
} from '#domain/sign-in';
import { escapeHtml } from '#domain/templates';
import type { Clock } from '#domain/time';
import type { Log } from '#ports/log';
import type { PasskeyCeremony, RelyingParty } from '#ports/passkeys';
import type { EmailSender, SmsSender } from '#ports/senders';
import type { SignInStore } from '#ports/sign-in-store';

export interface SignInSettings extends RelyingParty {
  therapistPhone: string;
  therapistEmail: string;
  therapistName: string;
  practiceName: string;
  publicBaseUrl: string;
}

export interface SignInDeps {
  signIn: SignInStore;
  clock: Clock;
  log: Log;
  settings: SignInSettings;
}

export type LinkDeps = SignInDeps & { sms: SmsSender; email: EmailSender };
export type PasskeyDeps = SignInDeps & { passkeys: PasskeyCeremony };

/** Where the page finishes a link sign-in: in the fragment, which no server (nor link previewer) is sent. */
export const signInUrl = (publicBaseUrl: string, token: string) => `${publicBaseUrl}/#/sign-in/${token}`;

/**
 * "Send me a sign-in link". Input: nothing (the link goes only to the therapist's configured phone and email).
 * Steps: count the request in its window (past the limit, nothing is sent); store the token's hash; text and email
 * the link. Output: nothing, whatever happened, so the answer tells an outsider nothing.
 */
export async function requestSignInLink(deps: LinkDeps): Promise<void> {
  const now = deps.clock.now();
  const window = linkWindow(now);
  if ((await deps.signIn.countLinkRequest(window.key, window.endsAt)) > LINK_REQUESTS_PER_WINDOW) {
    deps.log.warn('sign-in link not sent: too many asked for in this window', { window: window.key });
    return;
  }
  const { token, record } = newLinkToken(now);
  await deps.signIn.addLinkToken(record);
  const message = signInMessages(signInUrl(deps.settings.publicBaseUrl, token), deps.settings.practiceName, escapeHtml);
  const sends = await Promise.allSettled([
    deps.sms.send({ to: deps.settings.therapistPhone, body: message.sms }),
    deps.email.send({ to: deps.settings.therapistEmail, subject: message.subject, text: message.text, html: message.html, autoSubmitted: 'auto-generated' }),
  ]);
  for (const [channel, sent] of [['sms', sends[0]], ['email', sends[1]]] as const) {
    if (sent.status === 'rejected') deps.log.error('sign-in link not sent', { channel, error: (sent.reason as Error)?.name ?? 'unknown' });
  }
}

const LINK_REFUSED = 'This sign-in link has been used already or has expired (links work once, for 10 minutes). Ask for a new one.';

export interface NewDevice {
  cookie: string;
  session: DeviceSession;
}

async function startDevice(deps: SignInDeps, userAgent: string | undefined, method: SignInMethod): Promise<NewDevice> {
  const device = newDeviceSession(deps.clock.now(), userAgent, method);
  await deps.signIn.addDevice(device.session);
  deps.log.info('signed in', { method, device: device.session.id });
  return device;
}

/** A link's token for a device session: once, within its 10 minutes (the store's conditional write decides a race). */
export async function redeemSignInLink(deps: SignInDeps, token: unknown, userAgent: string | undefined): Promise<NewDevice> {
  if (!isLinkTokenShape(token)) throw new ValidationError([{ field: 'token', message: LINK_REFUSED }]);
  if (!(await deps.signIn.redeemLinkToken(hashSecret(token), deps.clock.now()))) throw new ValidationError([{ field: 'token', message: LINK_REFUSED }]);
  return startDevice(deps, userAgent, 'link');
}

/** The device session a cookie proves (its expiry slid on, at most once an hour), or undefined. */
export async function deviceFromCookie(deps: SignInDeps, cookieValue: string | undefined): Promise<DeviceSession | undefined> {
  const parts = readCookieValue(cookieValue);
  if (!parts) return undefined;
  const now = deps.clock.now();
  const session = await deps.signIn.getDevice(parts.id);
  if (!sessionValid(session, parts.secret, now)) return undefined;
  const next = touched(session, now);
  if (!next) return session;
  return (await deps.signIn.touchDevice(next)) ? next : undefined;
}

export interface DeviceView {
  id: string;
  label: string;
  method: SignInMethod;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  current: boolean;
}

/** The signed-in devices, newest use first, the one asking marked; and how many passkeys there are. */
export async function signedInDevices(deps: SignInDeps, currentId: string | undefined): Promise<{ devices: DeviceView[]; passkeys: number }> {
  const now = deps.clock.now().toISOString();
  const [devices, passkeys] = await Promise.all([deps.signIn.listDevices(), deps.signIn.listPasskeys()]);
  return {
    devices: devices
      .filter((d) => d.expiresAt > now)
      .map(({ id, label, method, createdAt, lastSeenAt, expiresAt }) => ({ id, label, method, createdAt, lastSeenAt, expiresAt, current: id === currentId })),
    passkeys: passkeys.length,
  };
}

export const signOutDevice = (deps: SignInDeps, id: string) => deps.signIn.removeDevice(id);

export async function signOutEverywhere(deps: SignInDeps): Promise<number> {
  const count = await deps.signIn.removeAllDevices();
  deps.log.info('signed out everywhere', { devices: count });
  return count;
}

const PASSKEY_REFUSED = 'That passkey could not be checked. Try again, or sign in with a link.';

/** Registration options for a new passkey (the caller is signed in); the challenge is kept for one use. */
export async function passkeyRegistrationOptions(deps: PasskeyDeps) {
  const { settings } = deps;
  const { options, challenge } = await deps.passkeys.registrationOptions({
    rpName: `Aftercare · ${settings.practiceName}`,
    rpID: settings.rpID,
    userName: settings.therapistName,
    existing: await deps.signIn.listPasskeys(),
  });
  const stored = newChallenge(deps.clock.now(), challenge, 'register');
  await deps.signIn.addChallenge(stored);
  return { challengeId: stored.id, options };
}

const challengeIdOf = (body: unknown) => {
  const id = (body as { challengeId?: unknown } | null)?.challengeId;
  return typeof id === 'string' && /^[A-Za-z0-9_-]{22}$/.test(id) ? id : undefined;
};

async function takeChallenge(deps: SignInDeps, body: unknown, purpose: 'register' | 'authenticate') {
  const id = challengeIdOf(body);
  if (!id) throw new ValidationError([{ field: 'challengeId', message: 'is missing: start again from the passkey button' }]);
  const challenge = await deps.signIn.takeChallenge(id);
  if (!challengeUsable(challenge, purpose, deps.clock.now())) {
    throw new ValidationError([{ field: 'challengeId', message: 'has been used or has expired: start again from the passkey button' }]);
  }
  return challenge;
}

/** The browser's new passkey, checked against the challenge, origin and RP; stored with the device's name. */
export async function registerPasskey(deps: PasskeyDeps, body: unknown, userAgent: string | undefined) {
  const challenge = await takeChallenge(deps, body, 'register');
  const { origin, rpID } = deps.settings;
  const proven = await deps.passkeys.verifyRegistration({ response: (body as { response?: unknown }).response, challenge: challenge.challenge, origin, rpID });
  if (!proven) throw new ValidationError([{ field: 'response', message: PASSKEY_REFUSED }]);
  const passkey = { ...proven, label: deviceLabel(userAgent), createdAt: deps.clock.now().toISOString() };
  if (!(await deps.signIn.getPasskey(passkey.id))) await deps.signIn.addPasskey(passkey);
  deps.log.info('passkey added', { passkeys: (await deps.signIn.listPasskeys()).length });
  return { label: passkey.label, createdAt: passkey.createdAt };
}

/** Options to sign in with any of the therapist's passkeys (discoverable), the challenge kept for one use. */
export async function passkeySignInOptions(deps: PasskeyDeps) {
  const { options, challenge } = await deps.passkeys.authenticationOptions({ rpID: deps.settings.rpID });
  const stored = newChallenge(deps.clock.now(), challenge, 'authenticate');
  await deps.signIn.addChallenge(stored);
  return { challengeId: stored.id, options };
}

/** A passkey's answer for a new device session: the challenge once, the passkey ours, the signature good. */
export async function signInWithPasskey(deps: PasskeyDeps, body: unknown, userAgent: string | undefined): Promise<NewDevice> {
  const challenge = await takeChallenge(deps, body, 'authenticate');
  const response = (body as { response?: unknown }).response;
  const id = deps.passkeys.credentialIdOf(response);
  const passkey = id ? await deps.signIn.getPasskey(id) : undefined;
  if (!passkey) throw new ForbiddenError('This passkey is not one of this practice\'s. Sign in with a link, then add a passkey.');
  const { origin, rpID } = deps.settings;
  const proven = await deps.passkeys.verifyAuthentication({ response, challenge: challenge.challenge, passkey, origin, rpID });
  if (!proven) throw new ForbiddenError(PASSKEY_REFUSED);
  await deps.signIn.recordPasskeyUse(passkey.id, proven.counter, deps.clock.now());
  return startDevice(deps, userAgent, 'passkey');
}
