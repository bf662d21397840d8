import type { Pool } from 'pg';

/**
 * Counts everything once from the raw rows (after a bulk load without triggers, or to repair): the facts
 * first, then the inspection rollup, the subject coverage and the task rollups side by side on three
 * connections. Unlike `select metric_rebuild()` (one transaction) the rollups are incomplete meanwhile:
 * for loaders that run before anyone reads them.
 */
export async function rebuildMetrics(pool: Pool, onProgress?: (step: string, ms: number) => void): Promise<void> {
  const t0 = Date.now();
  await pool.query('select metric_rebuild_facts()');
  await Promise.all(['metric_rebuild_inspections', 'metric_rebuild_coverage', 'metric_rebuild_tasks'].map((f) => pool.query(`select ${f}()`)));
  onProgress?.('rebuild', Date.now() - t0);
}
