/**
 * Reading and writing draw bundles: a folder, or a tar / zip archive of one (files at the top level or
 * inside one folder). The archive readers and writers are small and local on purpose — a bundle is a
 * handful of plain files, and an auditor's tool should not need more than Node to open one.
 */
import { mkdir, readFile, readdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { crc32, deflateRawSync, gunzipSync, inflateRawSync } from 'node:zlib';
import { DrawError, type DrawBundle } from './draw.js';
import { BLOCK, isTarFile, longNameOf, normalizeEntryName, parseTarHeader, TAR_END, tarHeader, TarFormatError, tarPadding } from '../common/tar.js';

/** The files of a bundle, in the order archives list them. */
export const BUNDLE_FILES = [
  'manifest.json',
  'candidates.tsv',
  'excluded.tsv',
  'roster.tsv',
  'conflicts.tsv',
  'reveals.json',
  'result.json',
  'error.txt',
] as const;

export type BundleFileName = (typeof BUNDLE_FILES)[number];

function invalid(message: string): never {
  throw new DrawError('INVALID_BUNDLE', message);
}

/**
 * Reads a bundle from a folder, a `.tar` (optionally gzipped) or a `.zip`. Throws {@link DrawError}
 * (`INVALID_BUNDLE`) when it cannot be read; the contents are validated when the draw runs.
 */
export async function readBundle(location: string): Promise<DrawBundle> {
  let info;
  try {
    info = await stat(location);
  } catch {
    invalid(`bundle not found: ${location}`);
  }
  if (info.isDirectory()) return bundleFromFiles(await readFolder(location), location);
  const data = await readFile(location);
  return bundleFromFiles(filesOfArchive(data, location), location);
}

async function readFolder(dir: string): Promise<Map<string, Uint8Array>> {
  const names = new Set(await readdir(dir));
  const files = new Map<string, Uint8Array>();
  for (const name of BUNDLE_FILES) {
    if (names.has(name)) files.set(name, await readFile(path.join(dir, name)));
  }
  return files;
}

/** Extracts the bundle files from archive bytes, recognising the format by its magic numbers. */
export function filesOfArchive(data: Uint8Array, label = 'archive'): Map<string, Uint8Array> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let entries: Map<string, Uint8Array>;
  if (buf.length >= 4 && buf.readUInt32LE(0) === 0x04034b50) entries = readZip(buf);
  else if (buf.length >= 4 && buf.readUInt32LE(0) === 0x06054b50) entries = new Map();
  else if (buf.length >= 2 && buf[0] === 0x1f && buf[1] === 0x8b) entries = readTar(gunzipSync(buf));
  else if (buf.length >= 512 && buf.length % 512 === 0) entries = readTar(buf);
  else invalid(`${label} is neither a folder, a tar archive nor a zip archive`);
  return pickBundleFolder(entries, label);
}

/**
 * Chooses where the bundle sits inside an archive: `manifest.json` at the top, or in exactly one
 * first-level folder; returns that folder's bundle files by bare name.
 */
function pickBundleFolder(entries: Map<string, Uint8Array>, label: string): Map<string, Uint8Array> {
  const roots = [...entries.keys()]
    .filter((n) => n === 'manifest.json' || /^[^/]+\/manifest\.json$/.test(n))
    .map((n) => n.slice(0, -'manifest.json'.length));
  if (roots.length === 0) invalid(`${label} has no manifest.json (at the top or in one folder)`);
  const root = roots.includes('') ? '' : roots.length === 1 ? roots[0]! : invalid(`${label} holds several bundles`);
  const files = new Map<string, Uint8Array>();
  for (const name of BUNDLE_FILES) {
    const data = entries.get(root + name);
    if (data !== undefined) files.set(name, data);
  }
  return files;
}

function parseJson(files: Map<string, Uint8Array>, name: BundleFileName, where: string): unknown {
  const data = files.get(name);
  if (data === undefined) return undefined;
  try {
    return JSON.parse(Buffer.from(data).toString('utf8'));
  } catch (e) {
    invalid(`${where}: ${name} is not valid JSON (${(e as Error).message})`);
  }
}

/** Assembles a bundle from its files (a missing list is an empty list). */
export function bundleFromFiles(files: Map<string, Uint8Array>, where = 'bundle'): DrawBundle {
  if (!files.has('manifest.json')) invalid(`${where}: manifest.json is missing`);
  const list = (name: BundleFileName) => files.get(name) ?? new Uint8Array(0);
  const bundle: DrawBundle = {
    manifest: parseJson(files, 'manifest.json', where),
    candidates: list('candidates.tsv'),
    excluded: list('excluded.tsv'),
    roster: list('roster.tsv'),
    conflicts: list('conflicts.tsv'),
  };
  const reveals = parseJson(files, 'reveals.json', where);
  if (reveals !== undefined) bundle.reveals = reveals;
  const result = parseJson(files, 'result.json', where);
  if (result !== undefined) bundle.result = result;
  const error = files.get('error.txt');
  if (error !== undefined) bundle.error = Buffer.from(error).toString('utf8').replace(/\r?\n$/, '');
  return bundle;
}

/** The bundle's files as they are written: JSON with 2-space indent and a final LF, lists as they are. */
export function bundleToFiles(bundle: DrawBundle): Map<BundleFileName, Uint8Array> {
  const json = (v: unknown) => Buffer.from(`${JSON.stringify(v, null, 2)}\n`, 'utf8');
  const files = new Map<BundleFileName, Uint8Array>();
  files.set('manifest.json', json(bundle.manifest));
  files.set('candidates.tsv', bundle.candidates);
  files.set('excluded.tsv', bundle.excluded);
  files.set('roster.tsv', bundle.roster);
  files.set('conflicts.tsv', bundle.conflicts);
  if (bundle.reveals !== undefined) files.set('reveals.json', json(bundle.reveals));
  if (bundle.result !== undefined) files.set('result.json', json(bundle.result));
  if (bundle.error !== undefined) files.set('error.txt', Buffer.from(`${bundle.error}\n`, 'utf8'));
  return files;
}

/** Writes a bundle into a folder (created if needed). */
export async function writeBundle(dir: string, bundle: DrawBundle): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const [name, data] of bundleToFiles(bundle)) await writeFile(path.join(dir, name), data);
}

/** Options of the archive writers. */
export interface ArchiveOptions {
  /** Put the files inside this folder of the archive instead of at its top level. */
  folder?: string;
}

function archivePath(name: string, options: ArchiveOptions): string {
  return options.folder ? `${options.folder.replace(/\/+$/, '')}/${name}` : name;
}

// ---------------------------------------------------------------------------------------------------
// tar (the format itself is in common/tar.ts)

/** Reads the regular files of a tar archive into a map path → bytes. */
export function readTar(buf: Buffer): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  let pos = 0;
  let longName: string | undefined;
  try {
    while (pos + BLOCK <= buf.length) {
      const header = parseTarHeader(buf.subarray(pos, pos + BLOCK), pos);
      if (!header) break;
      const dataStart = pos + BLOCK;
      if (dataStart + header.size > buf.length) invalid(`tar archive is truncated (entry at byte ${pos})`);
      const data = buf.subarray(dataStart, dataStart + header.size);
      pos = dataStart + header.size + tarPadding(header.size).length;
      if (header.type === 'L' || header.type === 'x') {
        longName = longNameOf(header.type, data) ?? longName;
      } else if (isTarFile(header.type)) {
        files.set(normalizeEntryName(longName ?? header.name), new Uint8Array(data));
        longName = undefined;
      } else {
        // Folders, links, global pax headers: nothing a bundle needs.
        longName = undefined;
      }
    }
  } catch (e) {
    if (e instanceof TarFormatError) invalid(e.message);
    throw e;
  }
  return files;
}

/** A ustar archive of the bundle (deterministic: fixed owner, mode and time). */
export function bundleToTar(bundle: DrawBundle, options: ArchiveOptions = {}): Buffer {
  const parts: Buffer[] = [];
  if (options.folder) parts.push(tarHeader(`${archivePath('', options)}`, 0, '5'));
  for (const [name, data] of bundleToFiles(bundle)) {
    parts.push(tarHeader(archivePath(name, options), data.length, '0'));
    parts.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength), tarPadding(data.length));
  }
  parts.push(TAR_END);
  return Buffer.concat(parts);
}

// ---------------------------------------------------------------------------------------------------
// zip (central directory; stored and deflated entries)

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

function findEndOfCentralDirectory(buf: Buffer): number {
  // The record is 22 bytes plus a comment of up to 65535 bytes, at the very end.
  const lowest = Math.max(0, buf.length - 22 - 0xffff);
  for (let p = buf.length - 22; p >= lowest; p--) {
    if (buf.readUInt32LE(p) === EOCD && p + 22 + buf.readUInt16LE(p + 20) === buf.length) return p;
  }
  invalid('zip archive has no end of central directory record');
}

/** Reads the files of a zip archive into a map path → bytes, checking each entry's CRC-32. */
export function readZip(buf: Buffer): Map<string, Uint8Array> {
  const eocd = findEndOfCentralDirectory(buf);
  const entries = buf.readUInt16LE(eocd + 10);
  const cdOffset = buf.readUInt32LE(eocd + 16);
  if (entries === 0xffff || cdOffset === 0xffffffff) invalid('ZIP64 archives are not supported');
  const files = new Map<string, Uint8Array>();
  let p = cdOffset;
  for (let i = 0; i < entries; i++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) invalid('zip central directory is corrupted');
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const crc = buf.readUInt32LE(p + 16);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString(flags & 0x800 ? 'utf8' : 'latin1', p + 46, p + 46 + nameLen);
    p += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (compressed === 0xffffffff || size === 0xffffffff || local === 0xffffffff) {
      invalid('ZIP64 archives are not supported');
    }
    if (flags & 0x1) invalid(`zip entry ${name} is encrypted`);
    const data = zipEntryData(buf, local, compressed, name);
    if (method !== 0 && method !== 8) invalid(`zip entry ${name}: compression method ${method} is not supported`);
    const content = method === 8 ? inflateRawSync(data) : data;
    if (content.length !== size || crc32(content) !== crc) invalid(`zip entry ${name} is corrupted (size or CRC-32 mismatch)`);
    files.set(normalizeEntryName(name), new Uint8Array(content));
  }
  return files;
}

function zipEntryData(buf: Buffer, local: number, compressed: number, name: string): Buffer {
  if (local + 30 > buf.length || buf.readUInt32LE(local) !== LOCAL) invalid(`zip entry ${name}: bad local header`);
  const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
  if (start + compressed > buf.length) invalid(`zip entry ${name} is truncated`);
  return buf.subarray(start, start + compressed);
}

/** Options of {@link bundleToZip}. */
export interface ZipOptions extends ArchiveOptions {
  /** Deflate entries (default true); an entry deflate would not shrink is stored as is. */
  deflate?: boolean;
}

/** A zip archive of the bundle (deterministic: fixed 1980-01-01 timestamps, UTF-8 names). */
export function bundleToZip(bundle: DrawBundle, options: ZipOptions = {}): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [file, raw] of bundleToFiles(bundle)) {
    const name = Buffer.from(archivePath(file, options), 'utf8');
    const data = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    const deflated = options.deflate === false ? undefined : deflateRawSync(data);
    const useDeflate = deflated !== undefined && deflated.length < data.length;
    const body = useDeflate ? deflated : data;
    const fields = { method: useDeflate ? 8 : 0, crc: crc32(data), compressed: body.length, size: data.length };

    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    writeZipCommon(local, 4, fields, name.length);
    locals.push(local, name, body);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(CENTRAL, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, version 2.0 (so the mode below applies)
    writeZipCommon(central, 6, fields, name.length);
    central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(EOCD, 0);
  end.writeUInt16LE(centrals.length / 2, 8);
  end.writeUInt16LE(centrals.length / 2, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** Writes the fields shared by local and central headers, from "version needed" to "extra length". */
function writeZipCommon(
  b: Buffer,
  at: number,
  f: { method: number; crc: number; compressed: number; size: number },
  nameLength: number,
): void {
  b.writeUInt16LE(20, at); // version needed to extract
  b.writeUInt16LE(0x800, at + 2); // names are UTF-8
  b.writeUInt16LE(f.method, at + 4);
  b.writeUInt16LE(0, at + 6); // time 00:00:00
  b.writeUInt16LE((0 << 9) | (1 << 5) | 1, at + 8); // date 1980-01-01
  b.writeUInt32LE(f.crc, at + 10);
  b.writeUInt32LE(f.compressed, at + 14);
  b.writeUInt32LE(f.size, at + 18);
  b.writeUInt16LE(nameLength, at + 22);
  b.writeUInt16LE(0, at + 24);
}
