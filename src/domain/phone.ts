import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

/** A phone number in national or international form as E.164, or undefined when it is not a valid number. */
export function toE164(value: string, region: string): string | undefined {
  const phone = parsePhoneNumberFromString(value, region as CountryCode);
  return phone?.isValid() ? (phone.number as string) : undefined;
}
