import type { Passkey } from '#domain/sign-in';

/** A WebAuthn ceremony's options for the browser, and the challenge in them (kept server-side until verified). */
export interface CeremonyOptions {
  options: unknown;
  challenge: string;
}

export interface RelyingParty {
  rpID: string;
  origin: string;
}

/** What the use case needs of WebAuthn: options to send, and the browser's answers checked. Vendor-neutral. */
export interface PasskeyCeremony {
  registrationOptions(input: { rpName: string; rpID: string; userName: string; existing: Passkey[] }): Promise<CeremonyOptions>;
  /** The new passkey, or undefined when the answer does not prove one (wrong challenge, origin, RP, malformed). */
  verifyRegistration(input: { response: unknown; challenge: string } & RelyingParty): Promise<Pick<Passkey, 'id' | 'publicKey' | 'counter' | 'transports'> | undefined>;
  authenticationOptions(input: { rpID: string }): Promise<CeremonyOptions>;
  /** The credential id an authentication answer names, to find its passkey; undefined for anything malformed. */
  credentialIdOf(response: unknown): string | undefined;
  /** The passkey's new signature counter, or undefined when the answer does not prove the passkey. */
  verifyAuthentication(input: { response: unknown; challenge: string; passkey: Passkey } & RelyingParty): Promise<{ counter: number } | undefined>;
}
