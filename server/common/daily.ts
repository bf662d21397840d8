import { log } from './log.js';

/** Milliseconds from `now` to the next `hour`:00 in China (UTC+8). */
export function untilNextRun(hour: number, now = new Date()): number {
  const next = new Date(now);
  next.setUTCHours((hour + 16) % 24, 0, 0, 0);
  if (next <= now) next.setUTCDate(next.getUTCDate() + 1);
  return next.getTime() - now.getTime();
}

/**
 * Runs `job` every day at `hour`:00 China time while the process runs; a failure is logged and the job
 * runs again the next day. Returns the function that stops it. The timer does not keep the process alive.
 */
export function scheduleDaily(hour: number, name: string, job: () => Promise<Record<string, unknown>>): () => void {
  let timer: NodeJS.Timeout;
  const arm = () => {
    timer = setTimeout(async () => {
      try {
        const t = Date.now();
        const r = await job();
        log.info(`${name} done`, { ...r, ms: Date.now() - t });
      } catch (err) {
        log.error(`${name} failed`, { err: String((err as Error).stack ?? err) });
      }
      arm();
    }, untilNextRun(hour));
    timer.unref();
  };
  arm();
  return () => clearTimeout(timer);
}
