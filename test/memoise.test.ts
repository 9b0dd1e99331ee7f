import { describe, expect, it } from 'vitest';
import { lazy, once, refreshed } from '#app/memoise';

/** A load whose outcomes the test scripts, on a clock the test moves. */
function scripted(outcomes: (string | Error)[]) {
  let time = 0;
  let loads = 0;
  const load = async () => {
    const outcome = outcomes[loads] ?? new Error('no more outcomes');
    loads += 1;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  };
  return { load, now: () => time, advance: (ms: number) => (time += ms), loads: () => loads };
}

describe('refreshed', () => {
  it('loads once, keeps the value until it is maxAgeMs old, then loads again', async () => {
    const s = scripted(['first', 'second']);
    const get = refreshed(s.load, { maxAgeMs: 300_000, retryMs: 30_000, now: s.now });
    expect(await get()).toBe('first');
    s.advance(299_999);
    expect(await get()).toBe('first');
    expect(s.loads()).toBe(1);
    s.advance(1);
    expect(await get()).toBe('second');
    expect(s.loads()).toBe(2);
  });

  it('forgets a failed first load, so the next call tries again', async () => {
    const s = scripted([new Error('refused'), 'loaded']);
    const get = refreshed(s.load, { maxAgeMs: 300_000, retryMs: 30_000, now: s.now });
    await expect(get()).rejects.toThrow('refused');
    expect(await get()).toBe('loaded');
  });

  it('keeps the value it had when a reload fails, says so, and tries again retryMs later', async () => {
    const s = scripted(['first', new Error('blip'), 'second']);
    const stale: unknown[] = [];
    const get = refreshed(s.load, { maxAgeMs: 300_000, retryMs: 30_000, now: s.now, onStale: (error) => stale.push(error) });
    await get();
    s.advance(300_000);
    expect(await get()).toBe('first');
    expect(stale).toEqual([new Error('blip')]);
    s.advance(29_999);
    expect(await get()).toBe('first');
    expect(s.loads()).toBe(2);
    s.advance(1);
    expect(await get()).toBe('second');
  });

  it('shares one load between calls that arrive while it runs', async () => {
    const s = scripted(['only']);
    const get = refreshed(s.load, { maxAgeMs: 300_000, retryMs: 30_000, now: s.now });
    expect(await Promise.all([get(), get(), get()])).toEqual(['only', 'only', 'only']);
    expect(s.loads()).toBe(1);
  });
});

describe('once and lazy', () => {
  it('build once per value, build again for a new value, and keep no failure', () => {
    let builds = 0;
    let fail = true;
    const build = once((value: { n: number }) => {
      builds += 1;
      if (fail) throw new Error('not yet');
      return value.n * 2;
    });
    const value = { n: 21 };
    expect(() => build(value)).toThrow('not yet');
    fail = false;
    expect(build(value)).toBe(42);
    expect(build(value)).toBe(42);
    expect(build({ n: 1 })).toBe(2);
    expect(builds).toBe(3);

    let made = 0;
    const client = lazy(() => ({ id: (made += 1) }));
    expect(client()).toBe(client());
    expect(made).toBe(1);
  });
});
