/**
 * `draw` and `verify` commands, usable with no server and no database. They return the exit code
 * instead of exiting, so the `jointcheck` CLI can wire them in and tests can call them directly.
 *
 * Exit codes: 0 success / match; 1 (verify) the published outcome differs; 2 invalid bundle, usage
 * error, or (draw, and verify of a bundle whose result.json expects a result) the draw fails.
 */
import { readBundle } from './bundle.js';
import { DrawError, runDraw } from './draw.js';
import { verifyResult } from './verify.js';

/** Where a command writes (process.stdout / process.stderr, or a capture in tests). */
export interface CommandIo {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown };
}

const DRAW_USAGE = 'usage: draw BUNDLE   (BUNDLE: folder, .tar, .tar.gz or .zip)\n';
const VERIFY_USAGE = 'usage: verify BUNDLE   (BUNDLE: folder, .tar, .tar.gz or .zip with result.json or error.txt)\n';

/** The single BUNDLE argument, or undefined when the arguments are not exactly that. */
function bundleArgument(args: string[]): string | undefined {
  return args.length === 1 && !args[0]!.startsWith('-') ? args[0] : undefined;
}

/** Reports an expected failure (DrawError) on stderr and returns 2; rethrows anything else. */
function failure(e: unknown, io: CommandIo): number {
  if (!(e instanceof DrawError)) throw e;
  // The message alone on its line: it is exactly what an error.txt would hold.
  io.stderr.write(`${e.message}\n`);
  return 2;
}

/**
 * `draw BUNDLE`: runs the draw and prints `result.json` (2-space indent) on stdout. Exit 0, or 2 with
 * the reason on stderr when the bundle is invalid or the draw fails.
 */
export async function drawCommand(args: string[], io: CommandIo): Promise<number> {
  const location = bundleArgument(args);
  if (location === undefined) {
    io.stderr.write(DRAW_USAGE);
    return 2;
  }
  try {
    const result = await runDraw(await readBundle(location));
    io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  } catch (e) {
    return failure(e, io);
  }
}

/**
 * `verify BUNDLE`: re-runs the draw and compares it with BUNDLE's result.json (or error.txt).
 * Exit 0 on a match, 1 with the first difference when it differs, 2 when the bundle is invalid, has no
 * published outcome, or its result.json expects a result but the draw fails.
 */
export async function verifyCommand(args: string[], io: CommandIo): Promise<number> {
  const location = bundleArgument(args);
  if (location === undefined) {
    io.stderr.write(VERIFY_USAGE);
    return 2;
  }
  try {
    const v = await verifyResult(await readBundle(location));
    if (!v.ok) {
      io.stdout.write(`DIFFERENT 抽取结果与规范不一致 / the published outcome differs from the spec\n`);
      io.stdout.write(`first difference: ${v.difference.message}\n`);
      return 1;
    }
    if (v.kind === 'result') {
      const r = v.result;
      const facts = `manifest ${r.manifest}, seed ${r.seed}, ${r.selected.length} selected`;
      io.stdout.write(`OK 抽取结果与规范一致 / result matches the spec (${facts})\n`);
    } else {
      io.stdout.write(`OK 抽取按规范失败 / the draw fails as published: ${v.error.message}\n`);
    }
    return 0;
  } catch (e) {
    return failure(e, io);
  }
}
