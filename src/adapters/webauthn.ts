import { createHash } from 'node:crypto';
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import * as z from 'zod';
import type { PasskeyCeremony } from '#ports/passkeys';

/** The outline every WebAuthn answer has; the library checks everything inside it. */
const credentialAnswer = z.object({
  id: z.string().regex(/^[A-Za-z0-9_-]{1,1400}$/),
  rawId: z.string(),
  type: z.literal('public-key'),
  response: z.record(z.string(), z.unknown()),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
}).loose();

const answer = <T>(response: unknown): T | undefined => {
  const parsed = credentialAnswer.safeParse(response);
  // Checked in outline here; the library reads the rest and refuses what does not verify.
  return parsed.success ? (parsed.data as T) : undefined;
};

/** The one therapist as a WebAuthn user: a fixed handle, so a second passkey on one phone replaces the first. */
const USER_ID = new Uint8Array(createHash('sha256').update('aftercare-therapist').digest().subarray(0, 16));

/** Passkeys through @simplewebauthn/server: user verification (Face ID, a fingerprint, the phone's PIN) required. */
export const simpleWebAuthn: PasskeyCeremony = {
  async registrationOptions({ rpName, rpID, userName, existing }) {
    const options = await generateRegistrationOptions({
      rpName,
      rpID,
      userName,
      userID: USER_ID,
      attestationType: 'none',
      excludeCredentials: existing.map((p) => ({ id: p.id, ...(p.transports ? { transports: p.transports } : {}) })),
      authenticatorSelection: { residentKey: 'required', userVerification: 'required' },
    });
    return { options, challenge: options.challenge };
  },

  async verifyRegistration({ response, challenge, origin, rpID }) {
    const given = answer<RegistrationResponseJSON>(response);
    if (!given) return undefined;
    try {
      const { verified, registrationInfo } = await verifyRegistrationResponse({
        response: given, expectedChallenge: challenge, expectedOrigin: origin, expectedRPID: rpID, requireUserVerification: true,
      });
      if (!verified) return undefined;
      const { credential } = registrationInfo;
      return {
        id: credential.id,
        publicKey: Buffer.from(credential.publicKey).toString('base64url'),
        counter: credential.counter,
        ...(credential.transports ? { transports: credential.transports } : {}),
      };
    } catch {
      return undefined;
    }
  },

  async authenticationOptions({ rpID }) {
    const options = await generateAuthenticationOptions({ rpID, userVerification: 'required' });
    return { options, challenge: options.challenge };
  },

  credentialIdOf: (response) => answer<AuthenticationResponseJSON>(response)?.id,

  async verifyAuthentication({ response, challenge, origin, rpID, passkey }) {
    const given = answer<AuthenticationResponseJSON>(response);
    if (!given) return undefined;
    try {
      const { verified, authenticationInfo } = await verifyAuthenticationResponse({
        response: given,
        expectedChallenge: challenge,
        expectedOrigin: origin,
        expectedRPID: rpID,
        requireUserVerification: true,
        credential: {
          id: passkey.id,
          publicKey: new Uint8Array(Buffer.from(passkey.publicKey, 'base64url')),
          counter: passkey.counter,
          ...(passkey.transports ? { transports: passkey.transports } : {}),
        },
      });
      return verified ? { counter: authenticationInfo.newCounter } : undefined;
    } catch {
      return undefined;
    }
  },
};
