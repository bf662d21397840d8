import type { Pool } from 'pg';

/**
 * Counts everything once from the raw rows (after a bulk load without triggers, or to repair): the facts
 * first, then the inspection rollup, the subject coverage and the task rollups side by side on three
 * connections. Unlike `select metric_rebuild()` (one transaction) the rollups are incomplete meanwhile:
 * for loaders that run before anyone reads them.
 */
export async function rebuildMetrics(pool: Pool, onProgress?: (step: string, ms: number) => void): Promise<void> {
  const timed = async (step: string, fn: string) => {
    const t = Date.now();
    await pool.query(`select ${fn}()`);
    onProgress?.(step, Date.now() - t);
  };
  await timed('rebuild: facts', 'metric_rebuild_facts');
  await Promise.all([
    timed('rebuild: inspection rollup', 'metric_rebuild_inspections'),
    timed('rebuild: subject coverage', 'metric_rebuild_coverage'),
    timed('rebuild: task rollups', 'metric_rebuild_tasks'),
  ]);
}
