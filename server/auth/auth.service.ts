import type { EntityManager } from '@mikro-orm/postgresql';
import type { Caller } from './caller.js';
import { AppError, ErrorCode } from '../common/errors.js';
import { issueToken, NO_USER_HASH, verifyPassword } from './session.js';
import { AppUser } from './user.entity.js';

export async function login(em: EntityManager, username: string, password: string, secret: string) {
  const user = await em.findOne(AppUser, { username: username.trim(), active: true }, { populate: ['department'] });
  // Same message, and the same scrypt work, for an unknown user and a wrong password: no user enumeration.
  const valid = await verifyPassword(password, user?.passwordHash ?? NO_USER_HASH);
  if (!user || !valid) throw new AppError(ErrorCode.UNAUTHENTICATED, '用户名或密码错误', 'password');
  const departmentCode = user.department?.code ?? null;
  return {
    token: issueToken({ username: user.username, role: user.role, departmentCode }, secret),
    user: { username: user.username, displayName: user.displayName, role: user.role, department: user.department ?? null },
  };
}

export async function me(em: EntityManager, caller: Caller) {
  if (caller.kind !== 'user') return null;
  const user = await em.findOne(AppUser, { username: caller.username, active: true }, { populate: ['department'] });
  if (!user) return null;
  return { username: user.username, displayName: user.displayName, role: user.role, department: user.department ?? null };
}
