import { describe, expect, it } from 'vitest';
import { ageWords, Backoff, staleWords } from '../../web/src/connection.ts';
import { clientTime, zoneLabel } from '../../web/src/format.ts';
import { resolveZone, zoneName, zoneOptions } from '../../web/src/zones.ts';

const LA = 'America/Los_Angeles';
const ALL = Intl.supportedValuesOf('timeZone');

describe("a client-facing time, in the client's zone", () => {
  it('names the city where the short name is only an offset, with the practice time beside it when they differ', () => {
    // 09:00 in London on a winter Tuesday is 01:00 in Los Angeles.
    expect(clientTime('2026-12-01T09:00:00Z', 'Europe/London', LA)).toBe('Tue 9:00 AM London · 1:00 AM here');
    // 10:28 on Tuesday in Tokyo is still Monday evening in Los Angeles: the weekday says so.
    expect(clientTime('2026-12-01T01:28:00Z', 'Asia/Tokyo', LA)).toBe('Tue 10:28 AM Tokyo · Mon 5:28 PM here');
  });

  it('uses the short name people read as a name, and says nothing more when the client is in the practice zone', () => {
    expect(clientTime('2026-11-27T18:00:00Z', LA, LA)).toBe('Fri 10:00 AM PST');
    expect(clientTime('2026-07-01T17:00:00Z', LA, LA)).toBe('Wed 10:00 AM PDT');
    expect(clientTime('2026-11-27T18:00:00Z', 'America/New_York', LA)).toBe('Fri 1:00 PM EST · 10:00 AM here');
    expect(zoneLabel('2026-11-27T18:00:00Z', 'Pacific/Honolulu')).toBe('HST');
    expect(zoneLabel('2026-07-01T18:00:00Z', 'Europe/London')).toBe('London');
    expect(zoneLabel('2026-07-01T18:00:00Z', 'America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
  });

  it('shows the practice time only when the offsets differ at that instant, across the DST changes', () => {
    // Phoenix keeps MST all year: the same offset as Los Angeles in summer (PDT), an hour ahead in winter.
    expect(clientTime('2026-07-01T17:00:00Z', 'America/Phoenix', LA)).toBe('Wed 10:00 AM MST');
    expect(clientTime('2026-01-15T17:00:00Z', 'America/Phoenix', LA)).toBe('Thu 10:00 AM MST · 9:00 AM here');
    // London and Los Angeles change clocks on different Sundays: 8 hours apart, then 7, then 8 again.
    expect(clientTime('2026-03-20T16:00:00Z', 'Europe/London', LA)).toBe('Fri 4:00 PM London · 9:00 AM here');
    expect(clientTime('2026-04-03T15:00:00Z', 'Europe/London', LA)).toBe('Fri 4:00 PM London · 8:00 AM here');
  });

  it('gives the date with the long form', () => {
    expect(clientTime('2026-12-01T09:00:00Z', 'Europe/London', LA, true)).toBe('Tue, Dec 1, 9:00 AM London · 1:00 AM here');
  });
});

describe('the time zone picker', () => {
  it("offers the browser's own zone first, then the common zones from the US, then every other IANA name once", () => {
    const options = zoneOptions(ALL, 'Asia/Tokyo');
    expect(options[0]).toEqual({ value: 'Asia/Tokyo', label: 'Tokyo (Japan Standard Time) · this device' });
    expect(options.slice(1, 6).map((o) => o.value)).toEqual(['America/Los_Angeles', 'America/Denver', 'America/Phoenix', 'America/Chicago', 'America/New_York']);
    expect(options.find((o) => o.value === 'America/Los_Angeles')?.label).toBe('Los Angeles (Pacific Time)');
    expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
    expect(options).toHaveLength(ALL.length);
  });

  it('finds a zone by its city as people type it, and keeps the IANA name as the value', () => {
    expect(resolveZone('tokyo', ALL)).toBe('Asia/Tokyo');
    expect(resolveZone('  Los angeles ', ALL)).toBe('America/Los_Angeles');
    expect(resolveZone('Los Angeles (Pacific Time)', ALL)).toBe('America/Los_Angeles');
    expect(resolveZone('europe/london', ALL)).toBe('Europe/London');
    expect(resolveZone('Mexico City', ALL)).toBe('America/Mexico_City');
    expect(zoneName('Europe/London')).toMatch(/^London \(/);
  });

  it('refuses what is not a zone, rather than guessing', () => {
    expect(resolveZone('Springfield', ALL)).toBeUndefined();
    expect(resolveZone('Mars/Olympus_Mons', ALL)).toBeUndefined();
    expect(resolveZone('', ALL)).toBeUndefined();
  });
});

describe('a flaky connection', () => {
  it('says how old the data on screen is while it retries', () => {
    const now = Date.parse('2026-11-27T18:00:00Z');
    expect(staleWords(now - 2 * 60_000 - 5_000, now)).toBe('Cannot reach Aftercare right now. Last updated 2 min ago — retrying.');
    expect(staleWords(now - 10_000, now)).toBe('Cannot reach Aftercare right now. Last updated just now — retrying.');
    expect(staleWords(undefined, now)).toBe('Cannot reach Aftercare right now — retrying.');
    expect(ageWords(3 * 3_600_000)).toBe('3 h ago');
  });

  it('tries again less and less often after failures, and at every poll again once one succeeds', () => {
    const backoff = new Backoff();
    const tries = (polls: number) => Array.from({ length: polls }, () => backoff.shouldTry()).filter(Boolean).length;
    expect(tries(4)).toBe(4);
    backoff.failed();
    expect(tries(2)).toBe(1);
    backoff.failed();
    expect(tries(4)).toBe(1);
    for (let i = 0; i < 10; i += 1) backoff.failed();
    expect(tries(16)).toBe(1);
    backoff.succeeded();
    expect(tries(3)).toBe(3);
  });
});
