import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleToZip } from '../bundle.js';
import { drawCommand, verifyCommand, type CommandIo } from '../cli.js';
import { shutdownDrawWorkers } from '../kernel.js';
import { copyVector, loadVector, removeTemps, tempDir, vectorNames, vectorPath } from './helpers.js';

afterAll(async () => {
  await removeTemps();
  await shutdownDrawWorkers();
});

const names = await vectorNames();
const [V01, V02, V03, V04, V05] = names as [string, string, string, string, string];

/** Runs a command with captured output. */
async function run(
  command: (args: string[], io: CommandIo) => Promise<number>,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await command(args, { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) } });
  return { code, stdout, stderr };
}

describe('draw command', () => {
  it('prints the result JSON with 2-space indent and exits 0', async () => {
    const r = await run(drawCommand, [vectorPath(V03)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const expected = JSON.parse(await readFile(path.join(vectorPath(V03), 'result.json'), 'utf8')) as unknown;
    expect(JSON.parse(r.stdout)).toEqual(expected);
    expect(r.stdout).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('exits 2 with the exact failure on stderr when the draw fails', async () => {
    const r = await run(drawCommand, [vectorPath(V04)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(await readFile(path.join(vectorPath(V04), 'error.txt'), 'utf8'));
  });

  it('exits 2 on an invalid bundle or bad arguments', async () => {
    expect((await run(drawCommand, ['/nonexistent'])).code).toBe(2);
    const usage = await run(drawCommand, []);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toMatch(/^usage: draw BUNDLE/);
    expect((await run(drawCommand, ['a', 'b'])).code).toBe(2);
  });

  it('draws from a zip archive', async () => {
    const file = path.join(await tempDir(), 'b.zip');
    await writeFile(file, bundleToZip(await loadVector(V01)));
    const r = await run(drawCommand, [file]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual((await loadVector(V01)).result);
  });
});

describe('verify command', () => {
  it.each(names)('%s: exits 0 with a confirmation', async (name) => {
    const r = await run(verifyCommand, [vectorPath(name)]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^OK 抽取/);
  });

  it('names the manifest hash, seed and count for a result', async () => {
    const result = (await loadVector(V02)).result as { manifest: string; seed: string };
    const r = await run(verifyCommand, [vectorPath(V02)]);
    expect(r.stdout).toBe(
      `OK 抽取结果与规范一致 / result matches the spec (manifest ${result.manifest}, seed ${result.seed}, 20 selected)\n`,
    );
    const failed = await run(verifyCommand, [vectorPath(V05)]);
    expect(failed.stdout).toBe('OK 抽取按规范失败 / the draw fails as published: reveal of SCJG does not match its commitment\n');
  });

  it('exits 1 and prints the first difference when result.json differs', async () => {
    const dir = await copyVector(V01);
    const file = path.join(dir, 'result.json');
    const result = JSON.parse(await readFile(file, 'utf8')) as { selected: { ticket: string }[] };
    const original = result.selected[2]!.ticket;
    result.selected[2]!.ticket = 'f'.repeat(64);
    await writeFile(file, JSON.stringify(result, null, 2));
    const r = await run(verifyCommand, [dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`first difference: selected[2].ticket: expected "${'f'.repeat(64)}", got "${original}"`);
  });

  it('exits 2 when there is no result.json, the bundle is invalid, or the expected draw fails', async () => {
    const noResult = await copyVector(V01);
    await rm(path.join(noResult, 'result.json'));
    const r1 = await run(verifyCommand, [noResult]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/no result\.json/);

    const broken = await copyVector(V01);
    await writeFile(path.join(broken, 'manifest.json'), '{');
    expect((await run(verifyCommand, [broken])).code).toBe(2);

    // A result.json for a draw that fails: the bundle cannot be right.
    const failing = await copyVector(V04);
    await rm(path.join(failing, 'error.txt'));
    await writeFile(path.join(failing, 'result.json'), await readFile(path.join(vectorPath(V01), 'result.json')));
    const r3 = await run(verifyCommand, [failing]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toBe('INSUFFICIENT_INSPECTORS subject=913746309YDRAE7T5D department=SCJG\n');

    expect((await run(verifyCommand, [])).code).toBe(2);
  });
});
