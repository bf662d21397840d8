import crypto from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordAudit } from '../audit/audit.service.js';
import { anonymous, requireStaff, type Caller } from './caller.js';
import { AppError, badInput, ErrorCode } from '../common/errors.js';
import { now } from '../common/clock.js';
import { chinaMinute } from '../common/dates.js';
import { hashPassword, issueToken, NO_USER_HASH, verifyPassword } from './session.js';
import { AppUser } from './user.entity.js';

/** 登录失败处理: this many wrong passwords in a row lock the account for LOGIN_LOCK_MINUTES. */
const LOGIN_MAX_FAILURES = 5;
const LOGIN_LOCK_MINUTES = 15;

/** Login names are kept lower-case; what people type is trimmed and lowered before it is looked up. */
export const loginName = (typed: string): string => typed.trim().toLowerCase();

const PASSWORD_RULE = '密码至少 8 位、不超过 128 位，须同时包含字母和数字，且不能包含登录名';

/** Why a password is too weak, or undefined when it is acceptable. */
function passwordProblem(password: string, username: string): string | undefined {
  if (password.length < 8 || password.length > 128 || !/[A-Za-z]/.test(password) || !/\d/.test(password)) return PASSWORD_RULE;
  if (username && password.toLowerCase().includes(username.toLowerCase())) return PASSWORD_RULE;
  return undefined;
}

export function checkPassword(password: string, username: string, field: string): void {
  const problem = passwordProblem(password, username);
  if (problem) throw badInput(field, problem);
}

const PASSWORD_ALPHABET = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** A random 12-character temporary password without look-alike characters (no 0/O, 1/l/I), always letters and digits. */
export function generatePassword(): string {
  for (;;) {
    const bytes = crypto.randomBytes(12);
    const p = Array.from(bytes, (b) => PASSWORD_ALPHABET[b % PASSWORD_ALPHABET.length]).join('');
    if (/[A-Za-z]/.test(p) && /\d/.test(p)) return p;
  }
}

/** The `User` a session shows. */
function sessionUser(user: AppUser) {
  return { username: user.username, displayName: user.displayName, role: user.role, department: user.department ?? null, mustChangePassword: user.mustChangePassword };
}

const userCaller = (user: AppUser): Caller => ({ kind: 'user', username: user.username, role: user.role, departmentCode: user.department?.code ?? null });

/** The same answer for an unknown login name and a wrong password: no user enumeration. */
const wrongPassword = () => new AppError(ErrorCode.UNAUTHENTICATED, '用户名或密码错误', 'password');

const lockedMessage = (until: Date) =>
  `连续 ${LOGIN_MAX_FAILURES} 次密码错误，账号已锁定至 ${chinaMinute(until)}；请稍后再试，或请系统管理员解锁`;

export async function login(em: EntityManager, username: string, password: string, secret: string) {
  const found = await em.findOne(AppUser, { username: loginName(username) }, { populate: ['department'] });
  if (found?.lockedUntil && found.lockedUntil > now()) throw new AppError(ErrorCode.UNAUTHENTICATED, lockedMessage(found.lockedUntil), 'username');
  // Same message, and the same scrypt work, for an unknown user and a wrong password: no user enumeration.
  const valid = await verifyPassword(password, found?.passwordHash ?? NO_USER_HASH);
  if (!found) throw wrongPassword();
  if (!valid) throw await recordFailure(em, found.id);
  if (!found.active) throw new AppError(ErrorCode.UNAUTHENTICATED, '账号已停用，请联系系统管理员', 'username');
  return em.transactional(async (tem) => {
    const user = await tem.findOneOrFail(AppUser, { id: found.id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true, populate: ['department'] });
    Object.assign(user, { failedLogins: 0, lockedUntil: null, lastLoginAt: now() });
    recordAudit(tem, userCaller(user), { action: 'LOGIN', entity: 'AppUser', entityKey: user.username });
    return { token: issueToken(user, secret), user: sessionUser(user) };
  });
}

/** Counts a wrong password (locking the account at the limit) and returns the error to answer with. */
async function recordFailure(em: EntityManager, id: number): Promise<AppError> {
  return em.transactional(async (tem) => {
    const user = await tem.findOneOrFail(AppUser, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    user.failedLogins += 1;
    const locks = user.failedLogins >= LOGIN_MAX_FAILURES;
    if (locks) Object.assign(user, { failedLogins: 0, lockedUntil: new Date(now().getTime() + LOGIN_LOCK_MINUTES * 60_000) });
    recordAudit(tem, anonymous, { action: locks ? 'LOCK' : 'LOGIN_FAILED', entity: 'AppUser', entityKey: user.username });
    return locks ? new AppError(ErrorCode.UNAUTHENTICATED, lockedMessage(user.lockedUntil!), 'username') : wrongPassword();
  });
}

export async function me(em: EntityManager, caller: Caller) {
  if (caller.kind !== 'user') return null;
  const user = await em.findOne(AppUser, { username: caller.username, active: true }, { populate: ['department'] });
  return user ? sessionUser(user) : null;
}

/**
 * The signed-in user replaces their password. Every token issued before (other browsers, other devices) stops
 * working; the answer carries a fresh one for this session.
 */
export async function changePassword(em: EntityManager, caller: Caller, oldPassword: string, newPassword: string, secret: string) {
  requireStaff(caller);
  if (caller.kind !== 'user') throw new AppError(ErrorCode.FORBIDDEN, '只有用户账号可以修改密码');
  return em.transactional(async (tem) => {
    const user = await tem.findOne(AppUser, { username: caller.username, active: true }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: ['department'] });
    if (!user) throw new AppError(ErrorCode.UNAUTHENTICATED, '请先登录');
    if (!(await verifyPassword(oldPassword, user.passwordHash))) throw badInput('oldPassword', '原密码不正确');
    checkPassword(newPassword, user.username, 'newPassword');
    if (newPassword === oldPassword) throw badInput('newPassword', '新密码不能与原密码相同');
    await setPassword(user, newPassword, false);
    recordAudit(tem, caller, { action: 'PASSWORD_CHANGE', entity: 'AppUser', entityKey: user.username });
    return { token: issueToken(user, secret), user: sessionUser(user) };
  });
}

/** Stores a new password hash, ends every session the account had, and lifts a lock. */
export async function setPassword(user: AppUser, password: string, mustChange: boolean): Promise<void> {
  Object.assign(user, {
    passwordHash: await hashPassword(password),
    mustChangePassword: mustChange,
    passwordChangedAt: now(),
    sessionVersion: user.sessionVersion + 1,
    failedLogins: 0,
    lockedUntil: null,
  });
}
