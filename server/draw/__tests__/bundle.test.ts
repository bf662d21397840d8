import { execFileSync } from 'node:child_process';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BUNDLE_FILES,
  bundleToFiles,
  bundleToTar,
  bundleToZip,
  filesOfArchive,
  readBundle,
  writeBundle,
} from '../bundle.js';
import { runDraw } from '../draw.js';
import { shutdownDrawWorkers } from '../kernel.js';
import { copyVector, loadVector, removeTemps, tempDir, vectorNames, vectorPath } from './helpers.js';

afterAll(async () => {
  await removeTemps();
  await shutdownDrawWorkers();
});

const names = await vectorNames();
const V02 = names.find((n) => n.startsWith('02'))!;

/** Whether a program is on the PATH (some tools have no --version, so ask the shell). */
function hasCommand(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The bundle's files by name, as plain byte arrays (for comparisons). */
function fileBytes(files: Map<string, Uint8Array>): Record<string, string> {
  return Object.fromEntries([...files].map(([n, d]) => [n, Buffer.from(d).toString('hex')]));
}

describe('bundle archives', () => {
  it('our own tar and zip of vector 02 (top level and in a folder) draw like the folder', async () => {
    const folder = await loadVector(V02);
    const expected = await runDraw(folder);
    expect(expected).toEqual(folder.result);
    const dir = await tempDir();
    const archives: [string, Buffer][] = [
      ['top.tar', bundleToTar(folder)],
      ['inside.tar', bundleToTar(folder, { folder: 'task-2026-RS-0012' })],
      ['deflated.zip', bundleToZip(folder)],
      ['stored.zip', bundleToZip(folder, { deflate: false, folder: 'bundle' })],
    ];
    for (const [name, data] of archives) {
      const file = path.join(dir, name);
      await writeFile(file, data);
      const bundle = await readBundle(file);
      expect(await runDraw(bundle)).toEqual(expected);
      expect(bundle.result).toEqual(folder.result);
    }
  });

  it('tar and zip round-trip every file byte for byte, for every vector', async () => {
    for (const name of names) {
      const bundle = await loadVector(name);
      const files = fileBytes(bundleToFiles(bundle));
      expect(fileBytes(filesOfArchive(bundleToTar(bundle)))).toEqual(files);
      expect(fileBytes(filesOfArchive(bundleToTar(bundle, { folder: 'x' })))).toEqual(files);
      expect(fileBytes(filesOfArchive(bundleToZip(bundle)))).toEqual(files);
      expect(fileBytes(filesOfArchive(bundleToZip(bundle, { deflate: false })))).toEqual(files);
    }
  });

  it('archives are deterministic', async () => {
    const bundle = await loadVector(V02);
    expect(bundleToTar(bundle).equals(bundleToTar(await loadVector(V02)))).toBe(true);
    expect(bundleToZip(bundle).equals(bundleToZip(await loadVector(V02)))).toBe(true);
  });

  it.runIf(hasCommand('tar'))('reads archives made by the system tar (plain, in a folder, gzipped)', async () => {
    const expected = (await loadVector(V02)).result;
    const dir = await tempDir();
    const src = vectorPath(V02);
    const made: [string, string[]][] = [
      ['flat.tar', ['-cf', path.join(dir, 'flat.tar'), '-C', src, '.']],
      ['folder.tar', ['-cf', path.join(dir, 'folder.tar'), '-C', path.dirname(src), V02]],
      ['folder.tar.gz', ['-czf', path.join(dir, 'folder.tar.gz'), '-C', path.dirname(src), V02]],
      ['pax.tar', ['--format=pax', '-cf', path.join(dir, 'pax.tar'), '-C', path.dirname(src), V02]],
    ];
    for (const [file, args] of made) {
      execFileSync('tar', args);
      const bundle = await readBundle(path.join(dir, file));
      expect(await runDraw(bundle)).toEqual(expected);
    }
  });

  it.runIf(hasCommand('python3'))('reads zip archives made by python3 -m zipfile', async () => {
    const expected = (await loadVector(V02)).result;
    const dir = await tempDir();
    const file = path.join(dir, 'py.zip');
    execFileSync('python3', ['-m', 'zipfile', '-c', file, vectorPath(V02)]);
    expect(await runDraw(await readBundle(file))).toEqual(expected);
  });

  it.runIf(hasCommand('zip'))('reads deflated zip archives made by zip -r', async () => {
    const expected = (await loadVector(V02)).result;
    const dir = await tempDir();
    const file = path.join(dir, 'zip.zip');
    execFileSync('zip', ['-q', '-r', '-9', file, V02], { cwd: path.dirname(vectorPath(V02)) });
    expect(await runDraw(await readBundle(file))).toEqual(expected);
  });

  it.runIf(hasCommand('unzip') && hasCommand('tar'))('our archives open with the system unzip and tar', async () => {
    const bundle = await loadVector(V02);
    const dir = await tempDir();
    await writeFile(path.join(dir, 'b.zip'), bundleToZip(bundle, { folder: 'z' }));
    await writeFile(path.join(dir, 'b.tar'), bundleToTar(bundle, { folder: 't' }));
    execFileSync('unzip', ['-q', 'b.zip'], { cwd: dir });
    execFileSync('tar', ['-xf', 'b.tar'], { cwd: dir });
    for (const sub of ['z', 't']) {
      const back = await readBundle(path.join(dir, sub));
      expect(await runDraw(back)).toEqual(bundle.result);
      expect(await readFile(path.join(dir, sub, 'candidates.tsv'))).toEqual(Buffer.from(bundle.candidates));
    }
  });

  it('rejects corrupted and ambiguous archives with a clear reason', async () => {
    const bundle = await loadVector(V02);
    const tar = bundleToTar(bundle);
    tar[0] = tar[0]! ^ 0x20;
    expect(() => filesOfArchive(tar)).toThrow(/checksum mismatch/);

    const zip = bundleToZip(bundle, { deflate: false });
    const at = zip.indexOf(Buffer.from('SCJG1924'));
    zip[at] = 0x54;
    expect(() => filesOfArchive(zip)).toThrow(/corrupted \(size or CRC-32 mismatch\)/);

    const two = Buffer.concat([bundleToTar(bundle, { folder: 'a' }).subarray(0, -1024), bundleToTar(bundle, { folder: 'b' })]);
    expect(() => filesOfArchive(two)).toThrow(/several bundles/);

    expect(() => filesOfArchive(Buffer.from('hello'))).toThrow(/neither a folder, a tar archive nor a zip archive/);
    await expect(readBundle('/nonexistent/bundle')).rejects.toMatchObject({ code: 'INVALID_BUNDLE' });
  });
});

describe('bundle folders', () => {
  it('writeBundle writes files that read back as the same bundle', async () => {
    for (const name of names) {
      const bundle = await loadVector(name);
      const dir = path.join(await tempDir(), 'out');
      await writeBundle(dir, bundle);
      const back = await readBundle(dir);
      expect(back).toEqual(bundle);
    }
  });

  it('missing list files count as empty lists', async () => {
    const name = names.find((n) => n.startsWith('01'))!;
    const dir = await copyVector(name);
    // Vector 01 has empty excluded and conflicts lists: without the files the draw is the same.
    await rm(path.join(dir, 'excluded.tsv'));
    await rm(path.join(dir, 'conflicts.tsv'));
    const bundle = await readBundle(dir);
    expect(bundle.excluded).toHaveLength(0);
    expect(await runDraw(bundle)).toEqual(bundle.result);
  });

  it('a missing manifest or malformed JSON is an invalid bundle', async () => {
    const dir = await copyVector(names[0]!);
    await writeFile(path.join(dir, 'reveals.json'), '{"reveals": [');
    await expect(readBundle(dir)).rejects.toThrow(/reveals\.json is not valid JSON/);
    await rm(path.join(dir, 'manifest.json'));
    await expect(readBundle(dir)).rejects.toThrow(/manifest\.json is missing/);
  });

  it('knows the bundle file names', () => {
    expect(BUNDLE_FILES).toContain('manifest.json');
    expect(BUNDLE_FILES).toContain('error.txt');
  });
});
