/// <reference lib="dom" />
import { browserSupportsWebAuthn, startAuthentication, startRegistration, WebAuthnError } from '@simplewebauthn/browser';
import type { PublicKeyCredentialCreationOptionsJSON, PublicKeyCredentialRequestOptionsJSON } from '@simplewebauthn/browser';
import { call, forgetToken, useCookieSession } from './api.ts';
import { byId } from './dom.ts';

/*
 * The sign-in screen's first two ways in (the token form stays below them): "Send me a sign-in link", and a passkey.
 * A link (#/sign-in/<token>) is finished by a button that posts its token, so that a link previewer that fetches
 * the URL signs nobody in. Once signed in by a link, the page offers to add a passkey.
 */

type SessionAnswer = { signedIn: boolean; via?: 'cookie' | 'bearer'; csrfToken?: string; passkeys?: number };

/** Signed in by cookie before, in this browser: only then is the session asked for (a fresh browser fetches nothing). */
const HINT_KEY = 'aftercare.signed-in';
const LINK_HASH = /^#\/sign-in\/([A-Za-z0-9_-]{43})$/;

const post = async (path: string, body?: unknown): Promise<{ ok: boolean; status: number; data: Record<string, unknown> }> => {
  const response = await fetch(path, {
    method: 'POST',
    cache: 'no-store',
    credentials: 'same-origin',
    headers: { accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const data = ((await response.json().catch(() => ({}))) ?? {}) as Record<string, unknown>;
  return { ok: response.ok, status: response.status, data };
};

function signedInByCookie(answer: SessionAnswer) {
  useCookieSession(answer.csrfToken);
  forgetToken();
  localStorage.setItem(HINT_KEY, '1');
}

export const wasSignedInByCookie = () => localStorage.getItem(HINT_KEY) !== null;

export function forgetCookieSession() {
  useCookieSession(undefined);
  localStorage.removeItem(HINT_KEY);
}

/** The device session this browser's cookie holds, if it was signed in here before; true when it still is. */
export async function resumeCookieSession(): Promise<boolean> {
  if (!localStorage.getItem(HINT_KEY)) return false;
  const response = await fetch('auth/session', { cache: 'no-store', credentials: 'same-origin', headers: { accept: 'application/json' } });
  const answer = (await response.json().catch(() => ({ signedIn: false }))) as SessionAnswer;
  if (!response.ok || !answer.signedIn || answer.via !== 'cookie') {
    forgetCookieSession();
    return false;
  }
  signedInByCookie(answer);
  return true;
}

function say(id: string, text: string) {
  const element = byId(id);
  element.textContent = text;
  element.hidden = text === '';
}

const messageOf = (data: Record<string, unknown>, fallback: string) => {
  const problem = (data.problems as { message?: string }[] | undefined)?.[0]?.message;
  return problem ?? (typeof data.message === 'string' ? data.message : fallback);
};

/** What a passkey prompt that ended without one means, in words. */
const passkeyTrouble = (error: unknown) =>
  error instanceof WebAuthnError && error.code === 'ERROR_CEREMONY_ABORTED'
    ? 'The passkey prompt was closed before it finished.'
    : error instanceof DOMException && error.name === 'NotAllowedError'
      ? 'No passkey was chosen (or the prompt timed out). Try again, or send yourself a sign-in link.'
      : 'This device could not use a passkey just now. Send yourself a sign-in link instead.';

export interface SignInHooks {
  /** Called once the browser holds a device session. */
  onSignedIn: (how: 'link' | 'passkey') => void;
}

/** Wires the sign-in screen's link and passkey buttons, and the landing of a sign-in link. */
export function setupSignIn(hooks: SignInHooks) {
  byId('passkey-sign-in').hidden = !browserSupportsWebAuthn();

  byId('send-link').addEventListener('click', () => {
    const button = byId<HTMLButtonElement>('send-link');
    button.disabled = true;
    say('link-status', 'Sending…');
    void post('auth/link')
      .then(({ ok, data }) => {
        say('link-status', ok ? `Check your phone or email: ${messageOf(data, 'a sign-in link is on its way.')}` : messageOf(data, 'The link could not be sent. Try again in a minute.'));
      })
      .catch(() => say('link-status', 'Cannot reach Aftercare right now. Try again in a moment.'))
      .finally(() => {
        button.disabled = false;
      });
  });

  byId('link-redeem').addEventListener('click', () => {
    const token = LINK_HASH.exec(location.hash)?.[1];
    if (!token) return;
    say('link-problem', '');
    void post('auth/link/redeem', { token })
      .then(({ ok, data }) => {
        history.replaceState(null, '', location.pathname + location.search);
        byId('link-finish').hidden = true;
        byId('sign-in-choices').hidden = false;
        if (!ok) {
          say('link-problem', messageOf(data, 'This sign-in link did not work. Ask for a new one.'));
          return;
        }
        signedInByCookie(data as SessionAnswer);
        hooks.onSignedIn('link');
      })
      .catch(() => say('link-problem', 'Cannot reach Aftercare right now. Try the link again in a moment.'));
  });

  byId('passkey-sign-in').addEventListener('click', () => {
    say('passkey-problem', '');
    void (async () => {
      const options = await post('auth/passkeys/sign-in/options');
      if (!options.ok) throw new Error(messageOf(options.data, 'Passkeys are not available right now.'));
      let response: unknown;
      try {
        response = await startAuthentication({ optionsJSON: options.data.options as PublicKeyCredentialRequestOptionsJSON });
      } catch (error) {
        say('passkey-problem', passkeyTrouble(error));
        return;
      }
      const done = await post('auth/passkeys/sign-in', { challengeId: options.data.challengeId, response });
      if (!done.ok) {
        say('passkey-problem', messageOf(done.data, 'That passkey did not sign you in. Send yourself a sign-in link instead.'));
        return;
      }
      signedInByCookie(done.data as SessionAnswer);
      hooks.onSignedIn('passkey');
    })().catch((error: unknown) => say('passkey-problem', error instanceof Error ? error.message : 'Cannot reach Aftercare right now.'));
  });

  // A sign-in link pasted into a tab that already shows the sign-in screen.
  window.addEventListener('hashchange', () => {
    if (!byId('sign-in').hidden) showLinkLanding();
  });

  byId('passkey-add').addEventListener('click', () => void addPasskey());
  byId('passkey-later').addEventListener('click', () => {
    byId('passkey-offer').hidden = true;
  });
}

/** A sign-in link opened: the screen asks to finish signing in on this device. */
export function showLinkLanding(): boolean {
  if (!LINK_HASH.test(location.hash)) return false;
  byId('link-finish').hidden = false;
  byId('sign-in-choices').hidden = true;
  byId('link-redeem').focus();
  return true;
}

/** After a sign-in by link, on a device that can make one: the offer to add a passkey. */
export async function offerPasskey() {
  if (!browserSupportsWebAuthn()) return;
  const { passkeys } = await call<{ passkeys: number; devices: unknown[] }>('GET', 'auth/session');
  byId('passkey-offer-text').textContent =
    passkeys > 0
      ? 'Add a passkey on this device too, so it signs you in with Face ID, a fingerprint or its screen lock.'
      : 'Add a passkey, so this device signs you in with Face ID, a fingerprint or its screen lock: no more links or tokens.';
  say('passkey-status', '');
  byId('passkey-offer').hidden = false;
}

async function addPasskey() {
  const status = 'passkey-status';
  say(status, 'Waiting for your device…');
  try {
    const options = await call<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }>('POST', 'auth/passkeys/register/options');
    let response: unknown;
    try {
      response = await startRegistration({ optionsJSON: options.options });
    } catch (error) {
      say(status, passkeyTrouble(error));
      return;
    }
    const added = await call<{ label: string }>('POST', 'auth/passkeys/register', { challengeId: options.challengeId, response });
    say(status, `Passkey added (${added.label}). Next time, choose "Sign in with a passkey".`);
    byId('passkey-add').hidden = true;
    byId('passkey-later').textContent = 'Done';
  } catch (error) {
    say(status, error instanceof Error ? `The passkey was not added: ${error.message}` : 'The passkey was not added.');
  }
}
