/** Runs the risk batch every night at 02:00 China time while the hub runs (replicas: each runs it; it is idempotent). */
import type { Pool } from 'pg';
import { scheduleDaily } from '../common/daily.js';
import { reassessAll } from './risk.service.js';

export function scheduleNightlyRisk(pool: Pool): () => void {
  return scheduleDaily(2, 'nightly risk grading', async () => ({ ...(await reassessAll(pool, 'BATCH')) }));
}
