import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A phone number as typed, read in a region: E.164, or why it cannot be texted. */
export type PhoneReading = { e164: string } | { problem: 'not-a-number' | 'extension' };

/** Whether `region` is an ISO 3166 country code that phone numbers are known for (GB, not UK). */
export const isPhoneRegion = (region: string): region is CountryCode => isSupportedCountry(region);

/**
 * Reads a number in national or international form. A number with an extension ("ext. 12", "x12") is refused rather
 * than texted without it: a text cannot reach an extension.
 */
export function readPhone(value: string, region: string): PhoneReading {
  const phone = parsePhoneNumberFromString(value, region as CountryCode);
  if (!phone?.isValid()) return { problem: 'not-a-number' };
  if (phone.ext) return { problem: 'extension' };
  return { e164: phone.number as string };
}

/** A phone number in national or international form as E.164, or undefined when it cannot be texted. */
export function toE164(value: string, region: string): string | undefined {
  const reading = readPhone(value, region);
  return 'e164' in reading ? reading.e164 : undefined;
}

/**
 * An E.164 number as a person reads it: national form in the practice's region ("(310) 555-0142"), international
 * elsewhere ("+44 7700 900123"); and its `tel:` URI. Undefined when it is not a number.
 */
export function phoneForPeople(e164: string, region: string | undefined): { text: string; tel: string } | undefined {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone?.isValid()) return undefined;
  return { text: phone.country === region ? phone.formatNational() : phone.formatInternational(), tel: phone.getURI() };
}

/** An E.164 number as a person reads it (`phoneForPeople`), or as given when it is not a number. */
export function formatPhone(e164: string, region: string): string {
  return phoneForPeople(e164, region)?.text ?? e164;
}
