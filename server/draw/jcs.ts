/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): the byte-exact JSON form that manifest hashes and the
 * seed are computed over, so that the manifest file's own formatting never matters.
 */

/** Thrown for values RFC 8785 cannot represent (non-finite numbers, lone surrogates, non-JSON types). */
export class JcsError extends Error {
  override name = 'JcsError';
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Canonical JSON text of a value per RFC 8785: object members sorted by the UTF-16 code units of their
 * names, no insignificant white space, strings escaped as `JSON.stringify` does, numbers in the
 * ECMAScript shortest round-trip form. Members whose value is `undefined` are omitted, as
 * `JSON.stringify` would; any other non-JSON value throws {@link JcsError}.
 */
export function canonicalize(value: unknown): string {
  const out: string[] = [];
  write(value, out, '$');
  return out.join('');
}

/** UTF-8 bytes of {@link canonicalize}'s output (what gets hashed). */
export function canonicalBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(canonicalize(value));
}

function write(value: unknown, out: string[], path: string): void {
  switch (typeof value) {
    case 'string':
      out.push(serializeString(value, path));
      return;
    case 'number':
      out.push(serializeNumber(value, path));
      return;
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'object':
      if (value === null) out.push('null');
      else if (Array.isArray(value)) writeArray(value, out, path);
      else writeObject(value as Record<string, unknown>, out, path);
      return;
    default:
      throw new JcsError(`${path}: ${typeof value} is not a JSON value`);
  }
}

function writeArray(values: readonly unknown[], out: string[], path: string): void {
  out.push('[');
  values.forEach((v, i) => {
    if (i > 0) out.push(',');
    // JSON.stringify writes null for undefined array slots; JCS input is JSON, so reject instead.
    if (v === undefined) throw new JcsError(`${path}[${i}]: undefined is not a JSON value`);
    write(v, out, `${path}[${i}]`);
  });
  out.push(']');
}

function writeObject(obj: Record<string, unknown>, out: string[], path: string): void {
  // Array.prototype.sort without a comparator orders strings by UTF-16 code units: exactly RFC 8785 §3.2.3.
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  out.push('{');
  keys.forEach((k, i) => {
    if (i > 0) out.push(',');
    out.push(serializeString(k, path), ':');
    write(obj[k], out, `${path}.${k}`);
  });
  out.push('}');
}

function serializeString(s: string, path: string): string {
  // RFC 8785 requires I-JSON input, which has no lone surrogates (JSON.stringify would escape them).
  if (LONE_SURROGATE.test(s)) throw new JcsError(`${path}: string contains a lone surrogate`);
  return JSON.stringify(s);
}

function serializeNumber(n: number, path: string): string {
  if (!Number.isFinite(n)) throw new JcsError(`${path}: ${n} is not a JSON number`);
  // Number#toString is the ECMAScript Number-to-String algorithm RFC 8785 §3.2.2.3 prescribes;
  // it writes -0 as "0", as required.
  return String(n);
}
