import { describe, expect, it } from 'vitest';
import { MemorySignInStore } from '#adapters/memory/sign-in-store';
import type { Passkey } from '#domain/sign-in';
import type { PasskeyCeremony } from '#ports/passkeys';
import {
  deviceFromCookie,
  passkeyRegistrationOptions,
  passkeySignInOptions,
  redeemSignInLink,
  registerPasskey,
  requestSignInLink,
  signInWithPasskey,
  type SignInSettings,
} from '#use-cases/sign-in';
import { CapturingLog, FakeClock, FakeEmail, FakeSms } from './support/fakes.ts';

const NOW = new Date('2026-11-27T18:00:00Z');
const settings: SignInSettings = {
  therapistPhone: '+13108960696',
  therapistEmail: 'chris@ohara-massage.example',
  therapistName: "Chris O'Hara",
  practiceName: "Chris O'Hara Massage",
  publicBaseUrl: 'https://aftercare.example',
  rpID: 'aftercare.example',
  origin: 'https://aftercare.example',
};

/** A WebAuthn stand-in that proves what it is told to, recording what it was asked to check. */
class FakeCeremony implements PasskeyCeremony {
  checked: { challenge: string; origin: string; rpID: string }[] = [];
  proves = true;
  async registrationOptions() {
    return { options: { challenge: 'reg-challenge' }, challenge: 'reg-challenge' };
  }
  async verifyRegistration(input: { challenge: string; origin: string; rpID: string }) {
    this.checked.push({ challenge: input.challenge, origin: input.origin, rpID: input.rpID });
    return this.proves ? { id: 'cred-1', publicKey: 'pk', counter: 0, transports: ['internal'] } : undefined;
  }
  async authenticationOptions() {
    return { options: { challenge: 'auth-challenge' }, challenge: 'auth-challenge' };
  }
  credentialIdOf(response: unknown) {
    return (response as { id?: string } | undefined)?.id;
  }
  async verifyAuthentication(input: { challenge: string; origin: string; rpID: string; passkey: Passkey }) {
    this.checked.push({ challenge: input.challenge, origin: input.origin, rpID: input.rpID });
    return this.proves ? { counter: input.passkey.counter + 1 } : undefined;
  }
}

function setup() {
  const clock = new FakeClock(NOW);
  const log = new CapturingLog();
  const sms = new FakeSms();
  const email = new FakeEmail();
  const passkeys = new FakeCeremony();
  const deps = { signIn: new MemorySignInStore(), clock, log, settings, sms, email, passkeys };
  return deps;
}

const tokenOf = (body: string) => /#\/sign-in\/([A-Za-z0-9_-]{43})/.exec(body)?.[1] as string;

describe('requestSignInLink', () => {
  it('texts and emails the same one-time link to the therapist only', async () => {
    const deps = setup();
    await requestSignInLink(deps);
    expect(deps.sms.sent.map((m) => m.to)).toEqual(['+13108960696']);
    expect(deps.email.sent.map((m) => m.to)).toEqual(['chris@ohara-massage.example']);
    const token = tokenOf(deps.sms.sent[0]?.body ?? '');
    expect(deps.email.sent[0]?.text).toContain(`https://aftercare.example/#/sign-in/${token}`);
  });

  it('still emails the link when the text fails, and says which channel failed without the number', async () => {
    const deps = setup();
    deps.sms.failures.push('permanent');
    await requestSignInLink(deps);
    expect(deps.email.sent).toHaveLength(1);
    expect(deps.log.lines.join('\n')).toContain('"channel":"sms"');
    expect(deps.log.lines.join('\n')).not.toContain('3108960696');
  });

  it('sends nothing past five requests in a quarter hour, and again in the next', async () => {
    const deps = setup();
    for (let i = 0; i < 7; i += 1) await requestSignInLink(deps);
    expect(deps.sms.sent).toHaveLength(5);
    deps.clock.advanceMinutes(15);
    await requestSignInLink(deps);
    expect(deps.sms.sent).toHaveLength(6);
  });
});

describe('redeemSignInLink', () => {
  it('gives a device session once per link, and the cookie proves it until signed out', async () => {
    const deps = setup();
    await requestSignInLink(deps);
    const token = tokenOf(deps.sms.sent[0]?.body ?? '');
    const { cookie, session } = await redeemSignInLink(deps, token, undefined);
    expect(await deviceFromCookie(deps, cookie)).toEqual(session);
    await expect(redeemSignInLink(deps, token, undefined)).rejects.toThrow(/used already or has expired/);
    await deps.signIn.removeDevice(session.id);
    expect(await deviceFromCookie(deps, cookie)).toBeUndefined();
  });
});

describe('passkeys', () => {
  it('registers a passkey against its own challenge, origin and RP, and signs in with it', async () => {
    const deps = setup();
    const registration = await passkeyRegistrationOptions(deps);
    await registerPasskey(deps, { challengeId: registration.challengeId, response: {} }, 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Version/17.5 Mobile/15E148 Safari/604.1');
    expect(await deps.signIn.getPasskey('cred-1')).toMatchObject({ label: 'Safari on iPhone', counter: 0 });

    const options = await passkeySignInOptions(deps);
    const device = await signInWithPasskey(deps, { challengeId: options.challengeId, response: { id: 'cred-1' } }, undefined);
    expect(device.session.method).toBe('passkey');
    expect((await deps.signIn.getPasskey('cred-1'))?.counter).toBe(1);
    expect(deps.passkeys.checked).toEqual([
      { challenge: 'reg-challenge', origin: 'https://aftercare.example', rpID: 'aftercare.example' },
      { challenge: 'auth-challenge', origin: 'https://aftercare.example', rpID: 'aftercare.example' },
    ]);
    // The challenge is spent.
    await expect(signInWithPasskey(deps, { challengeId: options.challengeId, response: { id: 'cred-1' } }, undefined)).rejects.toThrow(/has been used or has expired/);
  });

  it('refuses an answer that does not verify, a passkey not ours, and a challenge of the other ceremony or past 5 minutes', async () => {
    const deps = setup();
    const registration = await passkeyRegistrationOptions(deps);
    await expect(signInWithPasskey(deps, { challengeId: registration.challengeId, response: { id: 'cred-1' } }, undefined)).rejects.toThrow(/has been used or has expired/);
    await registerPasskey(deps, { challengeId: (await passkeyRegistrationOptions(deps)).challengeId, response: {} }, undefined);

    const stranger = await passkeySignInOptions(deps);
    await expect(signInWithPasskey(deps, { challengeId: stranger.challengeId, response: { id: 'someone-else' } }, undefined)).rejects.toThrow(/not one of this practice's/);

    deps.passkeys.proves = false;
    const failing = await passkeySignInOptions(deps);
    await expect(signInWithPasskey(deps, { challengeId: failing.challengeId, response: { id: 'cred-1' } }, undefined)).rejects.toThrow(/could not be checked/);

    deps.passkeys.proves = true;
    const late = await passkeySignInOptions(deps);
    deps.clock.advanceMinutes(5);
    await expect(signInWithPasskey(deps, { challengeId: late.challengeId, response: { id: 'cred-1' } }, undefined)).rejects.toThrow(/has been used or has expired/);
    expect(await deps.signIn.listDevices()).toEqual([]);
  });
});
