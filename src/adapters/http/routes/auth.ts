import { NotFoundError } from '#domain/errors';
import { clearedCookie, LINK_MINUTES, sessionCookie, type DeviceSession } from '#domain/sign-in';
import {
  passkeyRegistrationOptions,
  passkeySignInOptions,
  redeemSignInLink,
  registerPasskey,
  requestSignInLink,
  signedInDevices,
  signInWithPasskey,
  signOutDevice,
  signOutEverywhere,
  type NewDevice,
  type PasskeyDeps,
} from '#use-cases/sign-in';
import { header, json, jsonBody, requireBearer, type HttpEvent, type HttpResult } from '../../http.ts';
import { cookieDevice, cookieValue, refuseCrossSite, requireTherapist, signInDeps } from '../guard.ts';
import { simpleWebAuthn } from '../../webauthn.ts';
import type { Route } from '../router.ts';
import type { ApiDeps } from './inbox.ts';

const DEVICE_ID = '([A-Za-z0-9_-]{1,64})';

const passkeyDeps = (deps: ApiDeps): PasskeyDeps => ({ ...signInDeps(deps), passkeys: simpleWebAuthn });
const userAgent = (event: HttpEvent) => header(event, 'user-agent');

/** What the page is told about a device session it holds: never the cookie's secret, which only the cookie carries. */
const deviceView = ({ id, label, method, createdAt, lastSeenAt, expiresAt }: DeviceSession) => ({ id, label, method, createdAt, lastSeenAt, expiresAt });

/** A new device session: the cookie (HttpOnly, Secure, SameSite=Strict, 30 days) and the page's CSRF token. */
const signedIn = ({ cookie, session }: NewDevice): HttpResult => ({
  ...json(200, { signedIn: true, via: 'cookie', csrfToken: session.csrfToken, device: deviceView(session) }),
  cookies: [sessionCookie(cookie)],
});

const withCookies = (result: HttpResult, cookies: string[]): HttpResult => (cookies.length ? { ...result, cookies } : result);

/** /auth: the sign-in link, the device session, signed-in devices and passkeys (see docs/security.md). */
export const authRoutes: Route<ApiDeps>[] = [
  {
    // Always the same 202, sent or not (rate limit, a failed send): it tells an outsider nothing.
    method: 'POST',
    path: /^\/auth\/link$/,
    handle: async (deps, event) => {
      refuseCrossSite(deps, event);
      await requestSignInLink({ ...signInDeps(deps), sms: deps.sms, email: deps.email });
      return json(202, {
        status: 'requested',
        message: `A sign-in link is on its way to the therapist's phone and email. It works once, for ${LINK_MINUTES} minutes.`,
      });
    },
  },
  {
    // The page posts the token from its fragment (#/sign-in/<token>); a link previewer that fetches the URL signs nobody in.
    method: 'POST',
    path: /^\/auth\/link\/redeem$/,
    handle: async (deps, event) => {
      refuseCrossSite(deps, event);
      const body = jsonBody(event) as { token?: unknown } | null;
      return signedIn(await redeemSignInLink(signInDeps(deps), body?.token, userAgent(event)));
    },
  },
  {
    // Who is signed in, the page's CSRF token, the devices. Signed out is an answer (200), not an error.
    method: 'GET',
    path: /^\/auth\/session$/,
    handle: async (deps, event) => {
      if (header(event, 'authorization') !== undefined) {
        requireBearer(event, deps.config.apiToken);
        return json(200, { signedIn: true, via: 'bearer', ...(await signedInDevices(signInDeps(deps), undefined)) });
      }
      refuseCrossSite(deps, event);
      const device = await cookieDevice(deps, event);
      if (!device) return withCookies(json(200, { signedIn: false }), cookieValue(event) === undefined ? [] : [clearedCookie()]);
      return json(200, {
        signedIn: true,
        via: 'cookie',
        csrfToken: device.csrfToken,
        device: deviceView(device),
        ...(await signedInDevices(signInDeps(deps), device.id)),
      });
    },
  },
  {
    // The signed-in devices alone (the same list GET /auth/session carries), for a script or a settings view.
    method: 'GET',
    path: /^\/auth\/devices$/,
    handle: async (deps, event) => {
      const who = await requireTherapist(deps, event);
      return json(200, await signedInDevices(signInDeps(deps), who.via === 'cookie' ? who.device.id : undefined));
    },
  },
  {
    method: 'POST',
    path: /^\/auth\/sign-out$/,
    handle: async (deps, event) => {
      const who = await requireTherapist(deps, event);
      if (who.via === 'bearer') return json(200, { signedOut: 0, message: 'The API token has no device session to sign out.' });
      await signOutDevice(signInDeps(deps), who.device.id);
      return withCookies(json(200, { signedOut: 1 }), [clearedCookie()]);
    },
  },
  {
    method: 'POST',
    path: /^\/auth\/sign-out-everywhere$/,
    handle: async (deps, event) => {
      const who = await requireTherapist(deps, event);
      const count = await signOutEverywhere(signInDeps(deps));
      return withCookies(json(200, { signedOut: count }), who.via === 'cookie' ? [clearedCookie()] : []);
    },
  },
  {
    method: 'DELETE',
    path: new RegExp(`^/auth/devices/${DEVICE_ID}$`),
    handle: async (deps, event, [id]) => {
      const who = await requireTherapist(deps, event);
      if (!(await signOutDevice(signInDeps(deps), id as string))) throw new NotFoundError('That device is not signed in (any more).');
      const self = who.via === 'cookie' && who.device.id === id;
      return withCookies(json(200, { signedOut: 1, current: self }), self ? [clearedCookie()] : []);
    },
  },
  {
    method: 'POST',
    path: /^\/auth\/passkeys\/register\/options$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      return json(200, await passkeyRegistrationOptions(passkeyDeps(deps)));
    },
  },
  {
    method: 'POST',
    path: /^\/auth\/passkeys\/register$/,
    handle: async (deps, event) => {
      await requireTherapist(deps, event);
      return json(201, await registerPasskey(passkeyDeps(deps), jsonBody(event), userAgent(event)));
    },
  },
  {
    method: 'POST',
    path: /^\/auth\/passkeys\/sign-in\/options$/,
    handle: async (deps, event) => {
      refuseCrossSite(deps, event);
      return json(200, await passkeySignInOptions(passkeyDeps(deps)));
    },
  },
  {
    method: 'POST',
    path: /^\/auth\/passkeys\/sign-in$/,
    handle: async (deps, event) => {
      refuseCrossSite(deps, event);
      return signedIn(await signInWithPasskey(passkeyDeps(deps), jsonBody(event), userAgent(event)));
    },
  },
];

