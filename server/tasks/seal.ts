/**
 * The hub's own draw secret: 32 random bytes, committed at the freeze and kept sealed (AES-256-GCM
 * under a key derived from the hub's secret) until the draw reveals it. Nobody reading the database
 * before the reveal learns it.
 */
import crypto from 'node:crypto';

function key(hubSecret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', hubSecret, 'jointcheck', 'draw-secret-seal/1', 32));
}

export function newHubSecret(): string {
  return crypto.randomBytes(32).toString('hex');
}

export function seal(secret: string, hubSecret: string): Buffer {
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key(hubSecret), iv);
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]);
}

/** Opens a sealed secret; throws when the data was altered or the hub secret changed since the freeze. */
export function unseal(sealed: Uint8Array, hubSecret: string): string {
  const buf = Buffer.from(sealed);
  const decipher = crypto.createDecipheriv('aes-256-gcm', key(hubSecret), buf.subarray(0, 12));
  decipher.setAuthTag(buf.subarray(12, 28));
  return Buffer.concat([decipher.update(buf.subarray(28)), decipher.final()]).toString('utf8');
}
