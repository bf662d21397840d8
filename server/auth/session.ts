import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { Caller } from './caller.js';
import { Role } from './user.entity.js';

const TOKEN_TTL_SECONDS = 12 * 3600;

// scrypt runs on libuv's thread pool: a login does not hold up every other request for its ~80 ms.
const scrypt = promisify(crypto.scrypt) as (password: string, salt: string, keylen: number) => Promise<Buffer>;

/** scrypt password hash, `scrypt$salt$hash`. */
export async function hashPassword(password: string, salt = crypto.randomBytes(16).toString('hex')): Promise<string> {
  const hash = (await scrypt(password, salt, 32)).toString('hex');
  return `scrypt$${salt}$${hash}`;
}

/** A well-formed hash no password matches: checked against when the user does not exist, so that both take as long. */
export const NO_USER_HASH = `scrypt$${'0'.repeat(32)}$${'0'.repeat(64)}`;

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const candidate = await scrypt(password, salt, 32);
  const expected = Buffer.from(hash, 'hex');
  return expected.length === candidate.length && crypto.timingSafeEqual(candidate, expected) && stored !== NO_USER_HASH;
}

interface TokenBody {
  u: string;
  r: Role;
  d: string | null;
  exp: number;
}

function sign(body: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('base64url');
}

/** A stateless signed session token (HMAC-SHA-256), so any replica can check it. */
export function issueToken(user: { username: string; role: Role; departmentCode: string | null }, secret: string, now = Date.now()): string {
  const body: TokenBody = { u: user.username, r: user.role, d: user.departmentCode, exp: Math.floor(now / 1000) + TOKEN_TTL_SECONDS };
  const encoded = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${encoded}.${sign(encoded, secret)}`;
}

/** The caller a token stands for, or undefined when it is forged, malformed or expired. */
export function readToken(token: string, secret: string, now = Date.now()): Caller | undefined {
  const [encoded, mac] = token.split('.');
  if (!encoded || !mac) return undefined;
  const expected = sign(encoded, secret);
  if (expected.length !== mac.length || !crypto.timingSafeEqual(Buffer.from(expected), Buffer.from(mac))) return undefined;
  let body: TokenBody;
  try {
    body = JSON.parse(Buffer.from(encoded, 'base64url').toString());
  } catch {
    return undefined;
  }
  if (typeof body.exp !== 'number' || body.exp * 1000 < now || !Object.values(Role).includes(body.r)) return undefined;
  return { kind: 'user', username: body.u, role: body.r, departmentCode: body.d };
}
