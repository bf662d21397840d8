/**
 * Temporary folders for tests, removed when the test file finishes, whether its tests passed or not.
 *
 * Importing this module registers one file-level `aroundAll` hook in the importing test file: vitest
 * evaluates a test file's imports while collecting that file, and with `isolate` (its default, which
 * this project keeps) every test file runs in a worker of its own, so each file that uses the helper,
 * directly or through another helper, gets its own list and hook. The hook removes the folders once the
 * file's tests and all of its `afterAll` hooks are done — also when one of those hooks throws, which
 * would skip the `afterAll` hooks after it — so whatever still uses a folder (a hub, Chromium, an
 * embedded PostgreSQL) has been closed by the file's own hooks first. `tempDir` may be called anywhere:
 * at module top level, in a `describe` body, in `beforeAll`, or inside a test (but see below).
 *
 * Two limits, both from vitest running no hook at all: a folder made while the file is collected (module
 * top level, `describe` body) stays behind when the whole file is skipped (e.g. `-t` matching none of its
 * tests), so prefer hooks and tests; and without isolation (`--no-isolate`) the module and its hook
 * would be shared by the files of a worker, so only the first file's folders would be removed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { aroundAll } from 'vitest';

const dirs: string[] = [];

aroundAll(async (runSuite) => {
  try {
    await runSuite();
  } finally {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh folder `<os tmpdir>/<prefix>XXXXXX` (fs.mkdtempSync), removed when the test file finishes. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** The path of `name` in a fresh {@link tempDir} (the file itself is not created). */
export function tempFile(prefix: string, name: string): string {
  return path.join(tempDir(prefix), name);
}
