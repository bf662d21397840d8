/**
 * The hub's notion of "now". Every service-level timestamp (a plan's filing time, a task's freeze and
 * draw, a result's entry and publication and their late flags, audit events, risk assessments, "today"
 * for deadlines) reads it from here instead of `new Date()` or SQL `now()`.
 *
 * Outside a simulated clock it is the real time, so production behaviour is unchanged. The demo's
 * simulated history runs each service call inside `withClock(at, fn)`: everything that call (and
 * whatever it awaits) stamps reads `at`. The clock lives in an AsyncLocalStorage, so concurrent calls
 * with different simulated times never see each other's.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

const storage = new AsyncLocalStorage<() => Date>();

/** The current time: the simulated one inside `withClock`, else the real one. A fresh Date each call. */
export function now(): Date {
  const simulated = storage.getStore();
  return simulated ? simulated() : new Date();
}

/** Is a simulated clock in force for this call? */
export function simulatedClock(): boolean {
  return storage.getStore() !== undefined;
}

/**
 * Runs `fn` with the clock set to `at` (a fixed instant, or a function read at each `now()`); the
 * returned promise or value is `fn`'s. The instant must not lie in the future: a simulated clock only
 * replays the past.
 */
export function withClock<T>(at: Date | (() => Date), fn: () => T): T {
  if (at instanceof Date) {
    if (Number.isNaN(at.getTime())) throw new RangeError('withClock: invalid date');
    if (at.getTime() > Date.now() + 1000) throw new RangeError(`withClock: ${at.toISOString()} lies in the future`);
    const fixed = at.getTime();
    return storage.run(() => new Date(fixed), fn);
  }
  return storage.run(at, fn);
}
