// A minimal ZIP writer (PKWARE APPNOTE 6.3): local file headers, the central directory and its end record,
// CRC-32 of every entry, UTF-8 names (general purpose flag bit 11). Entries are deflated with the browser's
// CompressionStream('deflate-raw') where it exists and that makes them smaller, stored otherwise. No ZIP64:
// an entry or the archive must stay below 4 GiB, far above anything the dashboard exports.
// Loaded on demand only (through xlsx.ts), never in a page's first load.

export interface ZipEntry {
  /** Path inside the archive, `/`-separated. */
  name: string
  data: Uint8Array
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256)
  for (let n = 0; n < 256; n++) {
    let c = n
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
    table[n] = c >>> 0
  }
  return table
})()

/** CRC-32 (ISO 3309, the polynomial ZIP and PNG use) of `data`. */
export function crc32(data: Uint8Array): number {
  let c = 0xffffffff
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

/** `date` as MS-DOS time and date words (two-second resolution, local time, 1980 at the earliest). */
function dosDateTime(date: Date): { time: number; day: number } {
  const year = Math.max(1980, date.getFullYear())
  return {
    time: (date.getHours() << 11) | (date.getMinutes() << 5) | Math.floor(date.getSeconds() / 2),
    day: ((year - 1980) << 9) | ((date.getMonth() + 1) << 5) | date.getDate(),
  }
}

async function deflateRaw(data: Uint8Array): Promise<Uint8Array | null> {
  if (typeof CompressionStream === 'undefined') return null
  try {
    const stream = new Blob([data as BlobPart]).stream().pipeThrough(new CompressionStream('deflate-raw'))
    return new Uint8Array(await new Response(stream).arrayBuffer())
  } catch {
    // An engine without 'deflate-raw': the entry is stored.
    return null
  }
}

const UTF8_NAMES = 0x0800
const STORED = 0
const DEFLATED = 8
const VERSION = 20

interface HeaderFields {
  method: number
  time: number
  day: number
  crc: number
  size: number
  length: number
  nameLength: number
}

/** What the local header and the central directory header both hold, from "version needed" to the name's length. */
function sharedFields(v: DataView, at: number, f: HeaderFields): void {
  v.setUint16(at, VERSION, true)
  v.setUint16(at + 2, UTF8_NAMES, true)
  v.setUint16(at + 4, f.method, true)
  v.setUint16(at + 6, f.time, true)
  v.setUint16(at + 8, f.day, true)
  v.setUint32(at + 10, f.crc, true)
  v.setUint32(at + 14, f.size, true)
  v.setUint32(at + 18, f.length, true)
  v.setUint16(at + 22, f.nameLength, true)
}

/** The archive of `entries`, in order. `compress: false` stores every entry as it is. */
export async function zip(entries: readonly ZipEntry[], options: { compress?: boolean; date?: Date } = {}): Promise<Uint8Array> {
  const { time, day } = dosDateTime(options.date ?? new Date())
  const encoder = new TextEncoder()
  const parts: Uint8Array[] = []
  const central: Uint8Array[] = []
  let offset = 0

  for (const entry of entries) {
    const name = encoder.encode(entry.name)
    const crc = crc32(entry.data)
    const deflated = options.compress === false ? null : await deflateRaw(entry.data)
    const useDeflate = deflated !== null && deflated.length < entry.data.length
    const body = useDeflate ? deflated : entry.data
    const method = useDeflate ? DEFLATED : STORED

    const fields = { method, time, day, crc, size: body.length, length: entry.data.length, nameLength: name.length }
    const local = new Uint8Array(30 + name.length)
    const l = new DataView(local.buffer)
    l.setUint32(0, 0x04034b50, true)
    sharedFields(l, 4, fields)
    // Extra field length: zero.
    local.set(name, 30)

    const header = new Uint8Array(46 + name.length)
    const c = new DataView(header.buffer)
    c.setUint32(0, 0x02014b50, true)
    c.setUint16(4, VERSION, true)
    sharedFields(c, 6, fields)
    // Extra field, comment, disk number, internal and external attributes: all zero.
    c.setUint32(42, offset, true)
    header.set(name, 46)

    parts.push(local, body)
    central.push(header)
    offset += local.length + body.length
  }

  const centralSize = central.reduce((a, x) => a + x.length, 0)
  const end = new Uint8Array(22)
  const e = new DataView(end.buffer)
  e.setUint32(0, 0x06054b50, true)
  e.setUint16(8, entries.length, true)
  e.setUint16(10, entries.length, true)
  e.setUint32(12, centralSize, true)
  e.setUint32(16, offset, true)

  const out = new Uint8Array(offset + centralSize + end.length)
  let at = 0
  for (const p of [...parts, ...central, end]) {
    out.set(p, at)
    at += p.length
  }
  return out
}
