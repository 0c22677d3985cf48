import { describe, expect, it } from 'vitest';
import { WakeCalendar } from './wake-calendar.ts';

describe('the wake-up calendar', () => {
  it('wakes each item no sooner than asked, items due in the same millisecond on one timer', async () => {
    const woken: { item: string; afterMs: number }[] = [];
    const start = performance.now();
    const calendar = new WakeCalendar<string>((item) =>
      woken.push({ item, afterMs: performance.now() - start }),
    );
    const due = calendar.add('a', 50);
    // The same millisecond (added at once): the same bucket.
    if (calendar.add('b', 50) === due) expect(calendar.timers).toBe(1);
    calendar.add('c', 120);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(woken.map((w) => w.item).sort()).toEqual(['a', 'b', 'c']);
    for (const w of woken) expect(w.afterMs).toBeGreaterThanOrEqual(w.item === 'c' ? 120 : 50);
    expect(calendar.timers).toBe(0);
  });

  it('drops the timer when every item of its millisecond was cancelled, keeps it while one is left', async () => {
    const woken: string[] = [];
    const calendar = new WakeCalendar<string>((item) => woken.push(item));
    const first = calendar.add('gone', 30);
    calendar.cancel(first);
    expect(calendar.timers).toBe(0);
    calendar.add('kept', 30);
    const other = calendar.add('cancelled', 30);
    calendar.cancel(other);
    expect(calendar.timers).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // The calendar still calls a cancelled item sharing a bucket with a live one: the waker ignores it.
    expect(woken).toContain('kept');
    expect(woken).not.toContain('gone');
    expect(calendar.timers).toBe(0);
  });
});
