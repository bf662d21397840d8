import { describe, expect, it } from 'vitest';
import { DEFAULT_RISK_CONFIG, gradeOf, loadRiskConfig } from '../risk.config.js';
import { aggregate, factorSql } from '../risk.service.js';
import { untilNextRun } from '../../common/daily.js';

describe('risk score and grade', () => {
  it('turns scores into grades at the configured thresholds, boundaries included', () => {
    const t = DEFAULT_RISK_CONFIG.thresholds;
    expect([0, t.B - 0.01, t.B, t.C - 0.01, t.C, t.D - 0.01, t.D, 500].map((s) => gradeOf(s, t))).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'D']);
  });

  it('sums the factors per subject and explains the grade by its five largest', () => {
    const rows = [
      { subject_id: '1', factor: 'RESULT', detail: 'a', points: 30 },
      { subject_id: '1', factor: 'INDUSTRY', detail: 'b', points: 10 },
      ...[1, 2, 3, 4, 5].map((p) => ({ subject_id: 2, factor: 'RESULT', detail: `r${p}`, points: p })),
      { subject_id: 2, factor: 'SERIOUS', detail: 's', points: 80 },
    ];
    const a = aggregate(rows, DEFAULT_RISK_CONFIG);
    expect(a.get(1)).toEqual({ score: 40, grade: 'C', factors: [{ factor: 'RESULT', detail: 'a', points: 30 }, { factor: 'INDUSTRY', detail: 'b', points: 10 }] });
    expect(a.get(2)!.score).toBe(95);
    expect(a.get(2)!.grade).toBe('D');
    expect(a.get(2)!.factors.map((f) => f.points)).toEqual([80, 5, 4, 3, 2]);
  });

  it('reads overrides from RISK_CONFIG and refuses thresholds out of order', () => {
    expect(loadRiskConfig({ RISK_CONFIG: '{"thresholds":{"B":5}}' }).thresholds).toEqual({ ...DEFAULT_RISK_CONFIG.thresholds, B: 5 });
    expect(() => loadRiskConfig({ RISK_CONFIG: '{"thresholds":{"B":50,"C":40}}' })).toThrow(/0 < B < C < D/);
    expect(() => loadRiskConfig({ RISK_CONFIG: '{oops' })).toThrow(/不是有效的 JSON/);
  });

  it('inlines only numbers and quoted strings into the factor query', () => {
    const sql = factorSql({ ...DEFAULT_RISK_CONFIG, seriousTags: ["it's"] }, [1, 2]);
    expect(sql).toContain(`array['it''s']::text[]`);
    expect(sql).toContain('array[1,2]::bigint[]');
    expect(() => factorSql({ ...DEFAULT_RISK_CONFIG, leadPoints: Number.NaN }, null)).toThrow(/non-number/);
  });

  it('runs the nightly batch at 02:00 China time (the backup at 01:00)', () => {
    expect(untilNextRun(2, new Date('2026-11-22T17:00:00Z'))).toBe(3600_000);
    expect(untilNextRun(2, new Date('2026-11-22T18:00:00Z'))).toBe(24 * 3600_000);
    // 01:00 in China is 17:00 UTC the day before.
    expect(untilNextRun(1, new Date('2026-11-22T16:30:00Z'))).toBe(1800_000);
    expect(untilNextRun(1, new Date('2026-11-22T17:00:00Z'))).toBe(24 * 3600_000);
  });
});
