import { jsonEnv } from '../common/env.js';

/**
 * The transparent risk score (信用风险分类): points per factor, and the thresholds that turn a score into
 * a grade A (low) / B (general) / C (higher) / D (high). Every number here can be changed by configuration
 * (RISK_CONFIG, a JSON object overriding any of these fields).
 */
export interface RiskConfig {
  /** Points of one published item result, by outcome, before the recency decay. */
  outcomePoints: Record<string, number>;
  /** A finding loses half its weight every this many days. */
  halfLifeDays: number;
  /** Points of a follow-up, by kind (also decaying). */
  followUpPoints: Record<string, number>;
  /** Points per lead received in the last 365 days, and the most leads can add. */
  leadPoints: number;
  leadCap: number;
  /** Base risk by industry-code prefix (GB/T 4754); the longest matching prefix applies. */
  industryBase: Record<string, number>;
  /** Subject tags that mean serious-violation listing (严重违法失信名单), and their points. */
  seriousTags: string[];
  seriousPoints: number;
  /** Lowest score of grades B, C and D. */
  thresholds: { B: number; C: number; D: number };
  /** Default quota ratios per grade for plan tasks (differentiated supervision). */
  defaultRatios: Record<'A' | 'B' | 'C' | 'D', string>;
}

export const DEFAULT_RISK_CONFIG: RiskConfig = {
  outcomePoints: { PROBLEM_FOLLOW_UP: 30, REFUSED: 25, PROBLEM_CORRECTED: 15, UNREACHABLE: 12, NOT_OPERATING: 4, NO_PROBLEM: 0 },
  halfLifeDays: 365,
  followUpPoints: { JUDICIAL_TRANSFER: 50, CASE_FILED: 30, ABNORMAL_LISTING: 20, TRANSFER: 8 },
  leadPoints: 6,
  leadCap: 24,
  // Food, drugs, chemicals, special equipment and hazardous trades carry a base risk of their own.
  industryBase: { '13': 8, '14': 10, '15': 6, '26': 10, '27': 12, '2661': 15, '29': 5, '44': 6, '52': 4, '5927': 10, '62': 6, '72': 3, '7294': 8, '84': 4, '85': 8 },
  seriousTags: ['严重违法失信', '严重违法失信名单'],
  seriousPoints: 80,
  thresholds: { B: 10, C: 35, D: 70 },
  defaultRatios: { A: '0.01', B: '0.03', C: '0.1', D: '0.3' },
};

export function loadRiskConfig(env: NodeJS.ProcessEnv = process.env): RiskConfig {
  const override = jsonEnv<RiskConfig>(env, 'RISK_CONFIG');
  if (!override) return DEFAULT_RISK_CONFIG;
  const config = { ...DEFAULT_RISK_CONFIG, ...override, thresholds: { ...DEFAULT_RISK_CONFIG.thresholds, ...override.thresholds } };
  const { B, C, D } = config.thresholds;
  if (!(B > 0 && B < C && C < D)) throw new Error('RISK_CONFIG.thresholds 须满足 0 < B < C < D');
  return config;
}

export function gradeOf(score: number, t: RiskConfig['thresholds']): 'A' | 'B' | 'C' | 'D' {
  return score >= t.D ? 'D' : score >= t.C ? 'C' : score >= t.B ? 'B' : 'A';
}

/**
 * The score of a subject with no event on record: its industry's base risk (the longest matching code
 * prefix) and the serious-violation listing — the same two factors the risk query counts for it. A
 * directory imported with `gradeOf(baseScore(…))` is already graded as the first batch would grade it.
 */
export function baseScore(industryCode: string | null | undefined, tags: readonly string[], config: RiskConfig): number {
  let industry = 0;
  let longest = -1;
  if (industryCode) {
    for (const [prefix, points] of Object.entries(config.industryBase)) {
      if (/^[0-9A-Z]{1,6}$/.test(prefix) && industryCode.startsWith(prefix) && prefix.length > longest && points > 0) {
        longest = prefix.length;
        industry = points;
      }
    }
  }
  return industry + (tags.some((t) => config.seriousTags.includes(t)) ? config.seriousPoints : 0);
}
