/** Shared fixtures of the draw tests: the published vectors, temp folders, and hand-made bundles. */
import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { readBundle } from '../bundle.js';
import { commitment, listDigest, type DrawBundle, type Manifest } from '../draw.js';
import { serializeTsv } from '../tsv.js';

/** The published test vectors (one folder per bundle). */
export const VECTORS = path.resolve(import.meta.dirname, '../../../../shared/draw-vectors');

/** Names of the vector folders, sorted. */
export async function vectorNames(): Promise<string[]> {
  return (await readdir(VECTORS)).sort();
}

/** Path of one vector folder. */
export function vectorPath(name: string): string {
  return path.join(VECTORS, name);
}

/** Reads one vector as a bundle. */
export function loadVector(name: string): Promise<DrawBundle> {
  return readBundle(vectorPath(name));
}

const temps: string[] = [];

/** A fresh temporary folder, removed by {@link removeTemps}. */
export async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'jointcheck-draw-'));
  temps.push(dir);
  return dir;
}

/** Copies a vector folder into a fresh temporary folder (writable, unlike the originals). */
export async function copyVector(name: string): Promise<string> {
  const dir = path.join(await tempDir(), name);
  await cp(vectorPath(name), dir, { recursive: true });
  return dir;
}

/** Removes every temporary folder made so far. */
export async function removeTemps(): Promise<void> {
  await Promise.all(temps.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

/** A hand-made bundle, described by its rows; digests, strata and commitments are computed. */
export interface BundleSpec {
  task?: string;
  candidates: [string, string][];
  excluded?: [string, string][];
  roster: [string, string][];
  conflicts?: [string, string][];
  quotas: Record<string, number>;
  quotaRule?: Record<string, string>;
  team: Manifest['team'];
  /** Parties that commit; default: the team's departments and "hub". */
  parties?: string[];
  public?: string;
}

/** The secret each party uses in hand-made bundles. */
export function secretOf(party: string): string {
  return `secret-of-${party}`;
}

/** Builds a valid bundle (valid digests, strata and commitments) from rows. */
export async function buildBundle(spec: BundleSpec): Promise<DrawBundle> {
  const task = spec.task ?? '2026-TEST-0001';
  const files = {
    candidates: serializeTsv(spec.candidates),
    excluded: serializeTsv(spec.excluded ?? []),
    roster: serializeTsv(spec.roster),
    conflicts: serializeTsv(spec.conflicts ?? []),
  };
  const strata: Record<string, number> = {};
  for (const [, s] of spec.candidates) strata[s] = (strata[s] ?? 0) + 1;
  const parties = spec.parties ?? [...spec.team.departments.map((d) => d.code), 'hub'];
  const manifest: Manifest = {
    algorithm: 'jointcheck-draw/1',
    task,
    frozenAt: '2026-03-02T09:00:00+08:00',
    candidates: { ...(await listDigest(files.candidates)), strata },
    excluded: await listDigest(files.excluded),
    roster: await listDigest(files.roster),
    conflicts: await listDigest(files.conflicts),
    quotas: spec.quotas,
    ...(spec.quotaRule ? { quotaRule: spec.quotaRule } : {}),
    team: spec.team,
    commitments: parties.map((party) => ({ party, commitment: commitment(task, party, secretOf(party)) })),
  };
  return {
    manifest,
    reveals: { reveals: parties.map((party) => ({ party, secret: secretOf(party) })), public: spec.public ?? '' },
    ...files,
  };
}

/** Deterministic pseudo-random numbers in [0, 1) (xorshift32). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 0x1_0000_0000;
  };
}

/** A deep copy of a manifest (tests mutate copies, never the bundle they started from). */
export function cloneManifest(bundle: DrawBundle): Manifest {
  return structuredClone(bundle.manifest) as Manifest;
}
