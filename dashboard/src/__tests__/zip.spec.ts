import { describe, expect, it } from 'vitest'
import { crc32, zip } from '../zip'

const utf8 = (s: string) => new TextEncoder().encode(s)

interface Read {
  name: string
  flags: number
  method: number
  crc: number
  data: Uint8Array
}

async function inflateRaw(data: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([data as BlobPart]).stream().pipeThrough(new DecompressionStream('deflate-raw'))
  return new Uint8Array(await new Response(stream).arrayBuffer())
}

/** Reads an archive the way unzip does: from the end record through the central directory to each local header. */
async function unzip(bytes: Uint8Array): Promise<Read[]> {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const end = bytes.length - 22
  expect(v.getUint32(end, true)).toBe(0x06054b50)
  const count = v.getUint16(end + 10, true)
  const cdSize = v.getUint32(end + 12, true)
  let at = v.getUint32(end + 16, true)
  expect(at + cdSize).toBe(end)
  const out: Read[] = []
  for (let i = 0; i < count; i++) {
    expect(v.getUint32(at, true)).toBe(0x02014b50)
    const flags = v.getUint16(at + 8, true)
    const method = v.getUint16(at + 10, true)
    const crc = v.getUint32(at + 16, true)
    const size = v.getUint32(at + 20, true)
    const length = v.getUint32(at + 24, true)
    const nameLength = v.getUint16(at + 28, true)
    const extra = v.getUint16(at + 30, true) + v.getUint16(at + 32, true)
    const local = v.getUint32(at + 42, true)
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength))
    // The local header repeats what the central directory says.
    expect(v.getUint32(local, true)).toBe(0x04034b50)
    expect([v.getUint16(local + 6, true), v.getUint16(local + 8, true), v.getUint32(local + 14, true), v.getUint32(local + 18, true), v.getUint32(local + 22, true)]).toEqual([
      flags,
      method,
      crc,
      size,
      length,
    ])
    const start = local + 30 + v.getUint16(local + 26, true) + v.getUint16(local + 28, true)
    const raw = bytes.subarray(start, start + size)
    const data = method === 8 ? await inflateRaw(raw) : raw
    expect(data.length).toBe(length)
    out.push({ name, flags, method, crc, data })
    at += 46 + nameLength + extra
  }
  return out
}

describe('ZIP writer', () => {
  it('computes CRC-32 as ZIP and PNG do', () => {
    expect(crc32(utf8('123456789'))).toBe(0xcbf43926)
    expect(crc32(utf8('The quick brown fox jumps over the lazy dog'))).toBe(0x414fa339)
    expect(crc32(new Uint8Array())).toBe(0)
  })

  it('stores entries with UTF-8 names, local headers, central directory and matching CRCs', async () => {
    const entries = [
      { name: '检查对象/名录.txt', data: utf8('淄博市临淄区') },
      { name: 'empty', data: new Uint8Array() },
    ]
    const bytes = await zip(entries, { compress: false, date: new Date(2026, 10, 22, 14, 5, 10) })
    const read = await unzip(bytes)
    expect(read.map((r) => r.name)).toEqual(['检查对象/名录.txt', 'empty'])
    for (const [i, r] of read.entries()) {
      expect(r.flags & 0x0800).toBe(0x0800)
      expect(r.method).toBe(0)
      expect(r.data).toEqual(entries[i]!.data)
      expect(r.crc).toBe(crc32(entries[i]!.data))
    }
    // The DOS date and time of the local header: 2026-11-22 14:05:10.
    const v = new DataView(bytes.buffer)
    expect(v.getUint16(10, true)).toBe((14 << 11) | (5 << 5) | 5)
    expect(v.getUint16(12, true)).toBe(((2026 - 1980) << 9) | (11 << 5) | 22)
  })

  it('deflates entries that shrink and stores those that would not', async () => {
    const repetitive = utf8('<row><c t="s"><v>1</v></c></row>'.repeat(2000))
    const tiny = utf8('a')
    const read = await unzip(await zip([{ name: 'a.xml', data: repetitive }, { name: 'b', data: tiny }]))
    expect(read.map((r) => r.method)).toEqual([8, 0])
    expect(read[0]!.data).toEqual(repetitive)
    expect(read[0]!.crc).toBe(crc32(repetitive))
    expect(read[1]!.data).toEqual(tiny)
  })
})
