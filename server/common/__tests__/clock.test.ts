import { describe, expect, it } from 'vitest';
import { now, simulatedClock, withClock } from '../clock.js';
import { chinaDate, chinaTimestamp } from '../dates.js';

describe('the clock', () => {
  it('is the real time outside a simulated clock', () => {
    const before = Date.now();
    const t = now().getTime();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
    expect(simulatedClock()).toBe(false);
  });

  it('is the simulated time inside withClock, through awaits, and for the date helpers', async () => {
    const at = new Date('2025-03-04T10:30:00+08:00');
    const seen = await withClock(at, async () => {
      await new Promise((r) => setTimeout(r, 5));
      return { iso: now().toISOString(), day: chinaDate(), stamp: chinaTimestamp(), simulated: simulatedClock() };
    });
    expect(seen).toEqual({ iso: '2025-03-04T02:30:00.000Z', day: '2025-03-04', stamp: '2025-03-04T10:30:00+08:00', simulated: true });
    expect(simulatedClock()).toBe(false);
  });

  it('keeps concurrent simulated clocks apart, and a fresh Date each time', async () => {
    const run = (iso: string) => withClock(new Date(iso), async () => {
      await new Promise((r) => setTimeout(r, 10));
      const a = now();
      a.setFullYear(1999);
      return now().toISOString();
    });
    expect(await Promise.all([run('2025-01-02T00:00:00Z'), run('2025-06-30T12:00:00Z')])).toEqual(['2025-01-02T00:00:00.000Z', '2025-06-30T12:00:00.000Z']);
  });

  it('only replays the past', () => {
    expect(() => withClock(new Date(Date.now() + 3_600_000), () => 1)).toThrow(/future/);
    expect(() => withClock(new Date('nonsense'), () => 1)).toThrow(/invalid/);
  });
});
