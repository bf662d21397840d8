/**
 * Verification of a published draw: re-run it from the bundle and compare with the published outcome
 * (`result.json`, or `error.txt` for a draw that must fail). Parsed JSON values are compared, never
 * bytes, and the first difference is reported as a JSON path with both values.
 */
import { DrawError, runDraw, type DrawBundle, type DrawResult } from './draw.js';

/** The first place where two JSON values differ. */
export interface Difference {
  /** JSON path such as `selected[3].team[1].inspector` (`$` for the whole value). */
  path: string;
  expected: unknown;
  actual: unknown;
  /** Human-readable: `<path>: expected <json>, got <json>`. */
  message: string;
}

/** Outcome of {@link verifyResult}. */
export type Verification =
  | { ok: true; kind: 'result'; result: DrawResult }
  | { ok: true; kind: 'error'; error: DrawError }
  | { ok: false; difference: Difference };

/**
 * Re-runs the draw of a bundle and compares it with the bundle's published outcome.
 * Resolves `{ ok: true }` on a match and `{ ok: false, difference }` on the first difference; throws
 * {@link DrawError} when there is nothing to verify, or when the bundle's `result.json` expects a
 * result but the draw fails (the bundle itself is then invalid).
 */
export async function verifyResult(bundle: DrawBundle, options: { workers?: number } = {}): Promise<Verification> {
  if (bundle.result !== undefined && bundle.error !== undefined) {
    throw new DrawError('INVALID_BUNDLE', 'bundle has both result.json and error.txt; a draw has one outcome');
  }
  if (bundle.error !== undefined) return verifyFailure(bundle, bundle.error, options);
  if (bundle.result === undefined) {
    throw new DrawError('INVALID_BUNDLE', 'bundle has no result.json (nor error.txt) to verify');
  }
  const result = await runDraw(bundle, options);
  const difference = firstDifference(bundle.result, toJsonValue(result));
  return difference === undefined ? { ok: true, kind: 'result', result } : { ok: false, difference };
}

async function verifyFailure(bundle: DrawBundle, expected: string, options: { workers?: number }): Promise<Verification> {
  let result: DrawResult;
  try {
    result = await runDraw(bundle, options);
  } catch (e) {
    if (!(e instanceof DrawError)) throw e;
    if (e.message === expected) return { ok: true, kind: 'error', error: e };
    return { ok: false, difference: describe('error', expected, e.message) };
  }
  return {
    ok: false,
    difference: {
      path: 'error',
      expected,
      actual: null,
      message:
        `error: expected the draw to fail with ${JSON.stringify(expected)}, ` +
        `but it succeeded (${result.selected.length} selected)`,
    },
  };
}

/** The value as JSON would carry it (drops undefined, turns class instances into plain data). */
function toJsonValue(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v));
}

/**
 * First difference between two JSON values, depth first in document order: object members in the
 * order of `actual` (then members only `expected` has), array items by index, then lengths.
 */
export function firstDifference(expected: unknown, actual: unknown, path = ''): Difference | undefined {
  if (isObject(expected) && isObject(actual)) return objectDifference(expected, actual, path);
  if (Array.isArray(expected) && Array.isArray(actual)) return arrayDifference(expected, actual, path);
  if (Object.is(expected, actual) || (expected === 0 && actual === 0)) return undefined;
  return describe(path || '$', expected, actual);
}

function objectDifference(e: Record<string, unknown>, a: Record<string, unknown>, path: string): Difference | undefined {
  for (const k of Object.keys(a)) {
    const p = memberPath(path, k);
    if (!(k in e)) {
      return { path: p, expected: undefined, actual: a[k], message: `${p}: missing from the expected result, got ${show(a[k])}` };
    }
    const d = firstDifference(e[k], a[k], p);
    if (d) return d;
  }
  for (const k of Object.keys(e)) {
    if (!(k in a)) {
      const p = memberPath(path, k);
      const message = `${p}: expected ${show(e[k])}, but the draw has no such field`;
      return { path: p, expected: e[k], actual: undefined, message };
    }
  }
  return undefined;
}

function arrayDifference(e: unknown[], a: unknown[], path: string): Difference | undefined {
  const n = Math.min(e.length, a.length);
  for (let i = 0; i < n; i++) {
    const d = firstDifference(e[i], a[i], `${path}[${i}]`);
    if (d) return d;
  }
  if (e.length !== a.length) {
    const p = path || '$';
    return { path: p, expected: e.length, actual: a.length, message: `${p}: expected ${e.length} items, got ${a.length}` };
  }
  return undefined;
}

function describe(path: string, expected: unknown, actual: unknown): Difference {
  return { path, expected, actual, message: `${path}: expected ${show(expected)}, got ${show(actual)}` };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function memberPath(path: string, key: string): string {
  if (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

/** A value as JSON, shortened so that a difference in a big object stays readable. */
function show(v: unknown): string {
  const s = v === undefined ? 'nothing' : JSON.stringify(v);
  return s.length > 200 ? `${s.slice(0, 197)}...` : s;
}
