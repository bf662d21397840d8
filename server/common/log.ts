/** Minimal structured logger: one JSON line per event on stderr, so stdout stays free for CLI output. */
const levels = { debug: 10, info: 20, warn: 30, error: 40 } as const;
type Level = keyof typeof levels;
let threshold: number = levels[(process.env.LOG_LEVEL as Level) ?? 'info'] ?? levels.info;

export function setLogLevel(level: Level): void {
  threshold = levels[level];
}

function emit(level: Level, msg: string, fields?: Record<string, unknown>): void {
  if (levels[level] < threshold) return;
  process.stderr.write(JSON.stringify({ t: new Date().toISOString(), level, msg, ...fields }) + '\n');
}

export const log = {
  debug: (msg: string, fields?: Record<string, unknown>) => emit('debug', msg, fields),
  info: (msg: string, fields?: Record<string, unknown>) => emit('info', msg, fields),
  warn: (msg: string, fields?: Record<string, unknown>) => emit('warn', msg, fields),
  error: (msg: string, fields?: Record<string, unknown>) => emit('error', msg, fields),
};

/** Times the phases of one long operation; at debug level logs each phase's milliseconds when done. */
export function phaseTimer(operation: string): { lap(phase: string): void; done(fields?: Record<string, unknown>): void } {
  const phases: Record<string, number> = {};
  let last = performance.now();
  return {
    lap(phase) {
      const now = performance.now();
      phases[phase] = Math.round(now - last);
      last = now;
    },
    done(fields) {
      log.debug(operation, { phasesMs: phases, ...fields });
    },
  };
}
