import { describe, expect, it } from 'vitest'
import { sha256Sync, toHex, utf8 } from '../hash'

describe('plain-JavaScript SHA-256 (pages served over plain HTTP have no WebCrypto)', () => {
  it('gives the FIPS 180-4 example digests', () => {
    expect(toHex(sha256Sync(utf8('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
    expect(toHex(sha256Sync(utf8('')))).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855')
    expect(toHex(sha256Sync(utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')))).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    )
  })

  it('agrees with WebCrypto on every length around the block and padding boundaries, and on UTF-8', async () => {
    for (const n of [1, 54, 55, 56, 57, 63, 64, 65, 119, 120, 128, 1000]) {
      const data = new Uint8Array(n).map((_, i) => (i * 31 + n) & 0xff)
      const expected = new Uint8Array(await crypto.subtle.digest('SHA-256', data))
      expect(toHex(sha256Sync(data))).toBe(toHex(expected))
    }
    const text = utf8('2026-LZ-0001\nSCJG\n秘密随机数')
    expect(toHex(sha256Sync(text))).toBe(toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', text))))
  })
})
