import { jsonEnv } from '../common/env.js';

/**
 * Targets, score weights and deductions of the metrics (DESIGN.md §5). Every number can be changed by
 * configuration: METRICS_CONFIG, a JSON object overriding any of these fields.
 */
export interface MetricsConfig {
  /** Joint-inspection share target (seed 000: ≥ 10%). */
  jointTarget: number;
  /** Points of each score component; they add up to the full score (100 by default). */
  weights: {
    planFiled: number;
    taskCompletion: number;
    jointParticipation: number;
    timelyEntry: number;
    publication: number;
    followUpClosure: number;
  };
  /** Points deducted per joint task a department declined (seed 002 第二十六条). */
  declinePenalty: number;
  /** Points deducted per joint task a department took part in that was not completed when its window ended. */
  incompletePenalty: number;
}

export type ScoreComponentKey = keyof MetricsConfig['weights'];

export const DEFAULT_METRICS_CONFIG: MetricsConfig = {
  jointTarget: 0.1,
  weights: { planFiled: 10, taskCompletion: 20, jointParticipation: 20, timelyEntry: 20, publication: 15, followUpClosure: 15 },
  declinePenalty: 3,
  incompletePenalty: 5,
};

export function loadMetricsConfig(env: NodeJS.ProcessEnv = process.env): MetricsConfig {
  const override = jsonEnv<MetricsConfig>(env, 'METRICS_CONFIG');
  if (!override) return DEFAULT_METRICS_CONFIG;
  const config: MetricsConfig = { ...DEFAULT_METRICS_CONFIG, ...override, weights: { ...DEFAULT_METRICS_CONFIG.weights, ...override.weights } };
  if (!(config.jointTarget > 0 && config.jointTarget <= 1)) throw new Error('METRICS_CONFIG.jointTarget 须在 0 与 1 之间');
  for (const [k, w] of Object.entries(config.weights)) if (!(w >= 0)) throw new Error(`METRICS_CONFIG.weights.${k} 须为非负数`);
  if (!(config.declinePenalty >= 0 && config.incompletePenalty >= 0)) throw new Error('METRICS_CONFIG 的扣分须为非负数');
  return config;
}
