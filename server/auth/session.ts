import crypto from 'node:crypto';
import { promisify } from 'node:util';
import type { Pool } from 'pg';
import { anonymous, type Caller } from './caller.js';
import type { Role } from './user.entity.js';

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
  /** username */
  u: string;
  /** the account's session version when the token was issued */
  v: number;
  exp: number;
}

function sign(body: string, secret: string): string {
  return crypto.createHmac('sha256', secret).update(body).digest('base64url');
}

/**
 * A signed session token (HMAC-SHA-256) naming the account and its session version, so any replica can check
 * it. Role and department are not in it: they are read from the account on every request (`resolveCaller`),
 * so a change of role or a deactivation takes effect at once.
 */
export function issueToken(user: { username: string; sessionVersion: number }, secret: string, now = Date.now()): string {
  const body: TokenBody = { u: user.username, v: user.sessionVersion, exp: Math.floor(now / 1000) + TOKEN_TTL_SECONDS };
  const encoded = Buffer.from(JSON.stringify(body)).toString('base64url');
  return `${encoded}.${sign(encoded, secret)}`;
}

/** The account and session version a token names, or undefined when it is forged, malformed or expired. */
export function readToken(token: string, secret: string, now = Date.now()): { username: string; sessionVersion: number } | undefined {
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
  if (typeof body.exp !== 'number' || body.exp * 1000 < now || typeof body.u !== 'string' || !Number.isInteger(body.v)) return undefined;
  return { username: body.u, sessionVersion: body.v };
}

/**
 * The caller behind an `Authorization: Bearer` header: the account as it is now, when the token is genuine, the
 * account active and the token issued since its last password change; anonymous otherwise.
 */
export async function resolveCaller(pool: Pool, header: string | undefined, secret: string): Promise<Caller> {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
  const token = m ? readToken(m[1]!, secret) : undefined;
  if (!token) return anonymous;
  const r = await pool.query<{ role: Role; code: string | null; must_change_password: boolean }>(
    `select u.role, d.code, u.must_change_password from app_user u left join department d on d.id = u.department_id
      where u.username = $1 and u.active and u.session_version = $2`,
    [token.username, token.sessionVersion],
  );
  const row = r.rows[0];
  if (!row) return anonymous;
  return { kind: 'user', username: token.username, role: row.role, departmentCode: row.code, ...(row.must_change_password ? { mustChangePassword: true } : {}) };
}
