import { describe, expect, it } from 'vitest';
import { packageCovers, WorkingDayCalendar } from '../calendar.service.js';

describe('working-day calendar (20 个工作日)', () => {
  const cal = new WorkingDayCalendar();

  it('skips the National Day holiday and counts the 调休 make-up Sunday and Saturday (2025)', () => {
    // 2025: 10-01..10-08 off; Sun 09-28 and Sat 10-11 are working days.
    expect(cal.isWorkingDay('2025-09-27')).toBe(false);
    expect(cal.isWorkingDay('2025-09-28')).toBe(true);
    expect(cal.isWorkingDay('2025-10-03')).toBe(false);
    expect(cal.isWorkingDay('2025-10-11')).toBe(true);
    // Counted by hand: 9/28, 9/29, 9/30, 10/9, 10/10, 10/11, then 14 weekdays from 10/13 → 10/30.
    expect(cal.addWorkingDays('2025-09-26', 20)).toBe('2025-10-30');
    expect(cal.workingDaysBetween('2025-09-26', '2025-10-30')).toBe(20);
  });

  it('skips the Spring Festival week and counts its make-up Saturday (2026)', () => {
    expect(cal.isWorkingDay('2026-02-14')).toBe(true);
    expect(cal.isWorkingDay('2026-02-16')).toBe(false);
    // From Fri 02-13: 02-14 (Sat, make-up) is day 1; 02-15..02-23 off; 02-24.. are days 2, 3, …
    expect(cal.addWorkingDays('2026-02-13', 1)).toBe('2026-02-14');
    expect(cal.addWorkingDays('2026-02-13', 2)).toBe('2026-02-24');
  });

  it('lets overrides correct a year the package does not cover', () => {
    expect(packageCovers(2026)).toBe(true);
    expect(packageCovers(2031)).toBe(false);
    // Without data 2031-10-01 (a Wednesday) would count as a working day.
    expect(cal.addWorkingDays('2031-09-30', 1)).toBe('2031-10-01');
    const corrected = new WorkingDayCalendar(new Map([['2031-10-01', false], ['2031-10-02', false], ['2031-09-28', true]]));
    expect(corrected.isWorkingDay('2031-09-28')).toBe(true);
    expect(corrected.addWorkingDays('2031-09-30', 1)).toBe('2031-10-03');
  });
});
