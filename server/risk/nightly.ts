/** Runs the risk batch every night at 02:00 China time while the hub runs (replicas: each runs it; it is idempotent). */
import type { Pool } from 'pg';
import { log } from '../common/log.js';
import { reassessAll } from './risk.service.js';

/** Milliseconds from `now` to the next 02:00 in China (UTC+8), i.e. 18:00 UTC. */
export function untilNextRun(now = new Date()): number {
  const next = new Date(now);
  next.setUTCHours(18, 0, 0, 0);
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}

export function scheduleNightlyRisk(pool: Pool): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    timer = setTimeout(async () => {
      try {
        const t = Date.now();
        const r = await reassessAll(pool, 'BATCH');
        log.info('nightly risk grading done', { ...r, ms: Date.now() - t });
      } catch (err) {
        log.error('nightly risk grading failed', { err: String((err as Error).stack ?? err) });
      }
      arm();
    }, untilNextRun());
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
