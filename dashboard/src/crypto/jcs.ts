// RFC 8785 canonical JSON for the values a manifest holds (objects, arrays, strings, integers, booleans,
// null), so the browser can recompute manifestHash = hex(SHA-256(JCS(manifest))) (DRAW-SPEC.md §2.2).
import { sha256Hex } from './hash'

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('JCS: non-finite number')
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (typeof value === 'object') {
    // Keys sorted by UTF-16 code units, which is what the default sort compares.
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined)
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  throw new TypeError(`JCS: unsupported value of type ${typeof value}`)
}

/** hex(SHA-256(JCS(manifest))) of a manifest.json text. */
export function manifestHash(manifestJson: string): Promise<string> {
  return sha256Hex(canonicalJson(JSON.parse(manifestJson)))
}
