import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readBundle } from '../bundle.js';
import { DrawError, listDigest, manifestHash, runDraw, type DrawResult } from '../draw.js';
import { shutdownDrawWorkers } from '../kernel.js';
import { verifyResult } from '../verify.js';
import { copyVector, loadVector, removeTemps, vectorNames, vectorPath } from './helpers.js';
import { referenceDraw } from './reference.js';

afterAll(async () => {
  await removeTemps();
  await shutdownDrawWorkers();
});

const names = await vectorNames();
const withResult = names.filter((n) => ['01', '02', '03'].some((p) => n.startsWith(p)));
const withError = names.filter((n) => ['04', '05'].some((p) => n.startsWith(p)));

describe('published vectors', () => {
  it('are all present', () => {
    expect(withResult).toHaveLength(3);
    expect(withError).toHaveLength(2);
  });

  it.each(withResult)('%s: the draw reproduces result.json exactly', async (name) => {
    const bundle = await loadVector(name);
    const expected = JSON.parse(await readFile(path.join(vectorPath(name), 'result.json'), 'utf8')) as DrawResult;
    const actual = await runDraw(bundle);
    expect(actual).toEqual(expected);
    expect(actual.selected.length).toBeGreaterThan(0);
  });

  it.each(withResult)('%s: the naive reference implementation agrees too', async (name) => {
    const bundle = await loadVector(name);
    const text = (f: string) => readFile(path.join(vectorPath(name), f), 'utf8');
    const ref = referenceDraw({
      manifest: bundle.manifest,
      reveals: bundle.reveals as never,
      candidates: await text('candidates.tsv'),
      roster: await text('roster.tsv'),
      conflicts: await text('conflicts.tsv'),
    });
    expect(ref).toEqual(bundle.result);
  });

  it.each(withResult)('%s: list digests and manifest hash match the published ones', async (name) => {
    const bundle = await loadVector(name);
    const m = bundle.manifest as Record<string, { count: number; root: string }>;
    for (const list of ['candidates', 'excluded', 'roster', 'conflicts'] as const) {
      const d = await listDigest(bundle[list], `${list}.tsv`);
      expect(d).toEqual({ count: m[list]!.count, root: m[list]!.root });
    }
    expect(manifestHash(bundle.manifest)).toBe((bundle.result as DrawResult).manifest);
  });

  it.each(withError)('%s: the draw fails with exactly the text of error.txt', async (name) => {
    const expected = (await readFile(path.join(vectorPath(name), 'error.txt'), 'utf8')).replace(/\n$/, '');
    const bundle = await loadVector(name);
    const error = await runDraw(bundle).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(DrawError);
    expect((error as DrawError).message).toBe(expected);
  });

  it('04 fails for want of inspectors, 05 on the reveal check', async () => {
    await expect(runDraw(await loadVector(withError[0]!))).rejects.toMatchObject({
      code: 'INSUFFICIENT_INSPECTORS',
      message: 'INSUFFICIENT_INSPECTORS subject=913746309YDRAE7T5D department=SCJG',
    });
    await expect(runDraw(await loadVector(withError[1]!))).rejects.toMatchObject({
      code: 'REVEAL_MISMATCH',
      message: 'reveal of SCJG does not match its commitment',
    });
  });

  it('the result does not depend on how many threads hash', async () => {
    const bundle = await loadVector(withResult[1]!);
    expect(await runDraw(bundle, { workers: 0 })).toEqual(await runDraw(bundle, { workers: 1 }));
  });
});

describe('verifyResult', () => {
  it.each(names)('%s verifies', async (name) => {
    const v = await verifyResult(await loadVector(name));
    expect(v.ok).toBe(true);
    if (v.ok) expect(v.kind).toBe(withError.includes(name) ? 'error' : 'result');
  });

  it('reports the first difference in a tampered result.json as a JSON path', async () => {
    const dir = await copyVector(withResult[1]!);
    const file = path.join(dir, 'result.json');
    const result = JSON.parse(await readFile(file, 'utf8')) as DrawResult;
    const original = result.selected[3]!.team[1]!.inspector;
    result.selected[3]!.team[1]!.inspector = 'SCJG0000';
    // A later change must not be reported: only the first difference is.
    result.selected[7]!.key = 'X';
    await writeFile(file, JSON.stringify(result));
    const v = await verifyResult(await readBundle(dir));
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.difference.path).toBe('selected[3].team[1].inspector');
      expect(v.difference.message).toBe(`selected[3].team[1].inspector: expected "SCJG0000", got "${original}"`);
    }
  });

  it('reports a changed seed, a missing subject and an extra field', async () => {
    const dir = await copyVector(withResult[0]!);
    const file = path.join(dir, 'result.json');
    const pristine = await readFile(file, 'utf8');
    const check = async (edit: (r: DrawResult & Record<string, unknown>) => void, message: string) => {
      const r = JSON.parse(pristine) as DrawResult & Record<string, unknown>;
      edit(r);
      await writeFile(file, JSON.stringify(r, null, 4));
      const v = await verifyResult(await readBundle(dir));
      expect(v.ok).toBe(false);
      if (!v.ok) expect(v.difference.message).toBe(message);
    };
    const r0 = JSON.parse(pristine) as DrawResult;
    await check((r) => (r.seed = '00'), `seed: expected "00", got "${r0.seed}"`);
    await check((r) => r.selected.pop(), `selected: expected ${r0.selected.length - 1} items, got ${r0.selected.length}`);
    await check((r) => (r.note = 'x'), 'note: expected "x", but the draw has no such field');
    await check((r) => (r.selected[0]!.team[0]!.leader = false), 'selected[0].team[0].leader: expected false, got true');
  });

  it('compares parsed values, not bytes: reformatted and reordered JSON still verifies', async () => {
    const dir = await copyVector(withResult[2]!);
    const file = path.join(dir, 'result.json');
    const r = JSON.parse(await readFile(file, 'utf8')) as DrawResult;
    const reordered = { selected: r.selected, seed: r.seed, manifest: r.manifest, algorithm: r.algorithm };
    await writeFile(file, JSON.stringify(reordered));
    expect((await verifyResult(await readBundle(dir))).ok).toBe(true);
  });

  it('an error bundle whose draw fails differently, or succeeds, does not verify', async () => {
    const dir = await copyVector(withError[1]!);
    await writeFile(path.join(dir, 'error.txt'), 'reveal of hub does not match its commitment\n');
    const v = await verifyResult(await readBundle(dir));
    expect(v.ok).toBe(false);
    if (!v.ok) {
      expect(v.difference.message).toBe(
        'error: expected "reveal of hub does not match its commitment", got "reveal of SCJG does not match its commitment"',
      );
    }

    const ok = await copyVector(withResult[0]!);
    await rm(path.join(ok, 'result.json'));
    await writeFile(path.join(ok, 'error.txt'), 'INSUFFICIENT_INSPECTORS subject=X department=SCJG\n');
    const v2 = await verifyResult(await readBundle(ok));
    expect(v2.ok).toBe(false);
    if (!v2.ok) expect(v2.difference.message).toMatch(/but it succeeded \(8 selected\)$/);
  });

  it('refuses a bundle with nothing to verify', async () => {
    const dir = await copyVector(withResult[0]!);
    await rm(path.join(dir, 'result.json'));
    await expect(verifyResult(await readBundle(dir))).rejects.toMatchObject({ code: 'INVALID_BUNDLE' });
  });
});
