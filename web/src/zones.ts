import { zoneCity } from './format.ts';

/*
 * The client's time zone picker: the zones people here choose most, the browser's own first, then every IANA name.
 * Each is offered as people read it ("Los Angeles (Pacific Time)"); the value sent stays the IANA name.
 */

/** The US zones, then the neighbours and the cities clients travel from most. */
export const COMMON_ZONES = [
  'America/Los_Angeles',
  'America/Denver',
  'America/Phoenix',
  'America/Chicago',
  'America/New_York',
  'America/Anchorage',
  'Pacific/Honolulu',
  'Europe/London',
  'America/Mexico_City',
  'America/Toronto',
  'America/Vancouver',
  'Europe/Paris',
  'Europe/Berlin',
  'Asia/Tokyo',
  'Australia/Sydney',
] as const;

const genericNames = new Map<string, string>();

/** "Pacific Time", "Japan Standard Time"; undefined where the browser only knows an offset. */
function genericName(timeZone: string): string | undefined {
  if (!genericNames.has(timeZone)) {
    let name: string | undefined;
    try {
      name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longGeneric' })
        .formatToParts(new Date())
        .find((p) => p.type === 'timeZoneName')?.value;
    } catch {
      name = undefined;
    }
    genericNames.set(timeZone, name && !/^GMT/.test(name) ? name : '');
  }
  return genericNames.get(timeZone) || undefined;
}

/** "America/Los_Angeles" → "Los Angeles (Pacific Time)"; "America/Argentina/Buenos_Aires" → "Buenos Aires (Argentina Time)". */
export function zoneName(timeZone: string): string {
  const generic = genericName(timeZone);
  return generic ? `${zoneCity(timeZone)} (${generic})` : zoneCity(timeZone);
}

export interface ZoneOption {
  value: string;
  label: string;
}

/** Every zone the browser knows, once each: the browser's own zone first (suggested), the common ones, then the rest. */
export function zoneOptions(all: readonly string[], browserZone?: string): ZoneOption[] {
  const known = new Set(all);
  const first = browserZone && known.has(browserZone) ? [browserZone] : [];
  const ordered = [...new Set([...first, ...COMMON_ZONES.filter((z) => known.has(z)), ...all])];
  return ordered.map((value) => ({ value, label: value === browserZone ? `${zoneName(value)} · this device` : zoneName(value) }));
}

const isZone = (name: string) => {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
};

const simplify = (text: string) => text.trim().toLowerCase().replace(/[_\s]+/g, ' ');

/**
 * What was typed, as an IANA name: the name itself (any case), or a city that names exactly one zone ("tokyo",
 * "Los Angeles", "Los Angeles (Pacific Time)"). Undefined when nothing, or more than one zone, fits.
 */
export function resolveZone(typed: string, all: readonly string[]): string | undefined {
  const wanted = simplify(typed.replace(/\s*\(.*\)\s*(·.*)?$/, ''));
  if (!wanted) return undefined;
  const exact = all.find((zone) => simplify(zone) === wanted);
  if (exact) return exact;
  const byCity = all.filter((zone) => simplify(zoneCity(zone)) === wanted);
  if (byCity.length === 1) return byCity[0];
  // An older name the list leaves out ("Asia/Calcutta") is still a zone.
  return /\//.test(typed) && isZone(typed.trim()) ? typed.trim() : undefined;
}
