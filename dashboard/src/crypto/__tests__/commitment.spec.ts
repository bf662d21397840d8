import { describe, expect, it } from 'vitest'
import { commitment, randomSecret, secretFileText, secretFromFile } from '../commitment'

/** Reference: the platform's SHA-256 over the UTF-8 bytes, hex-encoded here and not by the code under test. */
async function sha256Hex(s: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)))
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('')
}

describe('the commitment computed in the browser (DRAW-SPEC §2.2)', () => {
  it('is hex(SHA-256(UTF-8(task ‖ LF ‖ department ‖ LF ‖ secret)))', async () => {
    expect(await commitment('T', 'P', 's')).toBe(await sha256Hex('T\nP\ns'))
    // The same value written out, so a change of the hashing itself cannot hide behind the reference.
    expect(await commitment('T', 'P', 's')).toBe('f9968ccfa86b122b4e164faca08794e86a76407a20c4465cdda6db0358908a82')
  })

  it('encodes non-ASCII as UTF-8, like the server', async () => {
    expect(await commitment('2026-LZ-0007', '市场监管', '秘密-1')).toBe(await sha256Hex('2026-LZ-0007\n市场监管\n秘密-1'))
  })

  it('generates 32-byte secrets as 64 hex characters, different every time', () => {
    const a = randomSecret()
    const b = randomSecret()
    expect(a).toMatch(/^[0-9a-f]{64}$/)
    expect(b).toMatch(/^[0-9a-f]{64}$/)
    expect(a).not.toBe(b)
  })

  it('reads the secret back from the saved .txt file, or from a one-line file', async () => {
    const secret = randomSecret()
    const file = secretFileText('2026-LZ-0001', 'SCJG', secret, await commitment('2026-LZ-0001', 'SCJG', secret))
    expect(file).toContain(secret)
    expect(secretFromFile(file)).toBe(secret)
    expect(secretFromFile(`\uFEFF${file.replace(/\n/g, '\r\n')}`)).toBe(secret)
    expect(secretFromFile(`  ${secret}  \n`)).toBe(secret)
    expect(secretFromFile('第一行\n第二行\n')).toBeNull()
  })
})
