import { signInSettings, type CoreDeps } from '#app/deps';
import { ForbiddenError, UnauthorizedError } from '#domain/errors';
import { COOKIE_NAME, csrfProblem, type DeviceSession } from '#domain/sign-in';
import { deviceFromCookie, type SignInDeps } from '#use-cases/sign-in';
import { header, requireBearer, type HttpEvent } from '../http.ts';

/** Who is asking: a script with the bearer token, or a browser signed in by its device session cookie. */
export type Therapist = { via: 'bearer' } | { via: 'cookie'; device: DeviceSession };

export const signInDeps = (deps: CoreDeps): SignInDeps => ({ signIn: deps.signIn, clock: deps.clock, log: deps.log, settings: signInSettings(deps.config) });

/** The session cookie's value: API Gateway (payload 2.0) gives cookies apart; the `Cookie` header otherwise. */
export function cookieValue(event: HttpEvent): string | undefined {
  const pairs = event.cookies ?? (header(event, 'cookie') ?? '').split(';');
  for (const pair of pairs) {
    const [name, ...rest] = pair.trim().split('=');
    if (name === COOKIE_NAME) return rest.join('=');
  }
  return undefined;
}

/** Our own origins: the public URL's, and the one the request was made to (the local stack's own names). */
const ownOrigins = (deps: CoreDeps, event: HttpEvent) => {
  const host = header(event, 'host');
  return [new URL(deps.config.publicBaseUrl).origin, ...(host ? [`https://${host}`, `http://${host}`] : [])];
};

/** Refuses a browser request made by another site's page (Sec-Fetch-Site, Origin), whatever it carries. */
export function refuseCrossSite(deps: CoreDeps, event: HttpEvent): void {
  const problem = csrfProblem(
    { method: 'GET', origin: header(event, 'origin'), fetchSite: header(event, 'sec-fetch-site'), token: undefined, allowedOrigins: ownOrigins(deps, event) },
    { csrfToken: '' },
  );
  if (problem) throw new ForbiddenError(problem);
}

/** The device session the request's cookie proves, CSRF not checked (for GET /auth/session, which hands out the token). */
export const cookieDevice = (deps: CoreDeps, event: HttpEvent) => deviceFromCookie(signInDeps(deps), cookieValue(event));

/**
 * The one guard of every therapist route: `Authorization: Bearer <token>` (scripts, the API), or a valid device
 * session cookie, from our own origin, with the session's `X-CSRF-Token` on anything but GET and HEAD. 401 when
 * neither signs anyone in; 403 when a signed-in browser's request fails the CSRF check. Nothing is read before.
 */
export async function requireTherapist(deps: CoreDeps, event: HttpEvent): Promise<Therapist> {
  if (header(event, 'authorization') !== undefined || cookieValue(event) === undefined) {
    requireBearer(event, deps.config.apiToken);
    return { via: 'bearer' };
  }
  const device = await cookieDevice(deps, event);
  if (!device) throw new UnauthorizedError('You are signed out on this device: sign in again (or send Authorization: Bearer <token>).');
  const problem = csrfProblem(
    {
      method: event.requestContext.http.method,
      origin: header(event, 'origin'),
      fetchSite: header(event, 'sec-fetch-site'),
      token: header(event, 'x-csrf-token'),
      allowedOrigins: ownOrigins(deps, event),
    },
    device,
  );
  if (problem) throw new ForbiddenError(problem);
  return { via: 'cookie', device };
}
