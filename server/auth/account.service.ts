import type { FilterQuery } from '@mikro-orm/core';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Pool } from 'pg';
import { recordAudit } from '../audit/audit.service.js';
import { badInput, conflict, forbidden, notFound } from '../common/errors.js';
import { requireDepartment } from '../departments/department.service.js';
import { checkFirst, decodeCursor, toPage, type Page } from '../graph/connection.js';
import type { Department } from '../departments/department.entity.js';
import { Inspector, InspectorStatus } from '../roster/inspector.entity.js';
import { checkPassword, generatePassword, loginName, setPassword } from './auth.service.js';
import { assertAdmin, type Caller } from './caller.js';
import { AppUser, Role } from './user.entity.js';
import type { AccountFilter, AccountInput, AccountPatch } from './auth.types.js';

const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/;
/** Roles that work inside one department and must name it. */
const DEPARTMENT_ROLES: ReadonlySet<Role> = new Set([Role.DEPT_HEAD, Role.CLERK, Role.INSPECTOR]);
const POPULATE = ['department', 'inspector'] as const;

function snapshot(u: AppUser) {
  return {
    username: u.username, displayName: u.displayName, role: u.role, department: u.department?.code ?? null,
    inspector: u.inspector?.key ?? null, active: u.active,
  };
}

export async function listAccounts(em: EntityManager, caller: Caller, filter: AccountFilter | undefined, first: number, after: string | undefined, max: number): Promise<Page<AppUser>> {
  assertAdmin(caller);
  checkFirst(first, max);
  const where: FilterQuery<AppUser> = {};
  if (filter?.role) where.role = filter.role;
  if (filter?.department) where.department = { code: filter.department.toUpperCase() };
  if (filter?.active !== undefined && filter.active !== null) where.active = filter.active;
  if (filter?.search?.trim()) {
    const like = `%${filter.search.trim()}%`;
    where.$or = [{ username: { $ilike: like } }, { displayName: { $ilike: like } }];
  }
  const cursor = decodeCursor(after);
  const [rows, total] = await Promise.all([
    em.find(AppUser, cursor ? { $and: [where, { id: { $gt: cursor } }] } : where, { orderBy: { id: 'asc' }, limit: first + 1, populate: POPULATE }),
    em.count(AppUser, where),
  ]);
  return toPage(rows, first, total, cursor !== undefined);
}

export async function accountByName(em: EntityManager, caller: Caller, username: string): Promise<AppUser | null> {
  assertAdmin(caller);
  return em.findOne(AppUser, { username: loginName(username) }, { populate: POPULATE });
}

async function lockedAccount(em: EntityManager, username: string): Promise<AppUser> {
  const user = await em.findOne(AppUser, { username: loginName(username) }, { lockMode: LockMode.PESSIMISTIC_WRITE, populate: POPULATE });
  if (!user) throw notFound('账号', username, 'username');
  return user;
}

interface Placement {
  id?: number;
  role: Role;
  department?: Department | null;
  inspector?: Inspector | null;
  active: boolean;
}

/**
 * Department and roster link a role needs: department staff name their department; an INSPECTOR account is the
 * account of one active roster entry of that department, which no other active account holds.
 */
async function checkPlacement(em: EntityManager, user: Placement): Promise<void> {
  if (DEPARTMENT_ROLES.has(user.role) && !user.department) throw badInput('department', `角色 ${user.role} 须指定所属部门`);
  if (user.role !== Role.INSPECTOR) {
    if (user.inspector) throw badInput('inspector', '只有执法人员（INSPECTOR）账号可以关联名录库人员');
    return;
  }
  const ins = user.inspector;
  if (!ins) throw badInput('inspector', '执法人员账号须关联名录库中的人员（执法证号）');
  if (ins.department.id !== user.department!.id) throw badInput('inspector', `执法证号 ${ins.key} 属于其他部门，不属于 ${user.department!.code}`);
  if (ins.status === InspectorStatus.TRANSFERRED) throw badInput('inspector', `执法人员 ${ins.key}（${ins.name}）已调离`);
  if (user.active) {
    const holder = await em.findOne(AppUser, { inspector: ins.id, active: true, ...(user.id ? { id: { $ne: user.id } } : {}) });
    if (holder) throw conflict(`执法证号 ${ins.key} 已关联账号 ${holder.username}`, 'inspector');
  }
}

async function inspectorByKey(em: EntityManager, key: string | undefined | null): Promise<Inspector | null> {
  if (!key?.trim()) return null;
  const ins = await em.findOne(Inspector, { key: key.trim() }, { populate: ['department'] });
  if (!ins) throw notFound('执法人员', key.trim(), 'inspector');
  return ins;
}

/** Never leave the hub without an active administrator (nobody could manage accounts or backups). */
async function keepAnAdmin(em: EntityManager, user: AppUser): Promise<void> {
  if (user.role === Role.ADMIN && user.active) return;
  const others = await em.count(AppUser, { role: Role.ADMIN, active: true, id: { $ne: user.id } });
  if (others === 0) throw forbidden('这是最后一个启用的系统管理员账号，不能停用或改为其他角色');
}

export async function createAccount(em: EntityManager, caller: Caller, input: AccountInput) {
  assertAdmin(caller);
  const username = loginName(input.username);
  if (!USERNAME.test(username)) throw badInput('username', `登录名"${input.username}"无效：应为小写字母开头的 3–32 位小写字母、数字、点、下划线或连字符`);
  if (!input.displayName.trim()) throw badInput('displayName', '姓名不能为空');
  if (input.password) checkPassword(input.password, username, 'password');
  const temporaryPassword = input.password ? null : generatePassword();
  return em.transactional(async (tem) => {
    if (await tem.findOne(AppUser, { username })) throw conflict(`登录名 ${username} 已存在`, 'username');
    const placement: Placement = {
      role: input.role, active: true,
      department: input.department ? await requireDepartment(tem, input.department) : null,
      inspector: await inspectorByKey(tem, input.inspector),
    };
    // Checked before the account exists: a query would otherwise flush the half-made account first.
    await checkPlacement(tem, placement);
    const user = tem.create(AppUser, { username, displayName: input.displayName.trim(), passwordHash: '', ...placement });
    await setPassword(user, input.password || temporaryPassword!, true);
    recordAudit(tem, caller, { action: 'CREATE', entity: 'AppUser', entityKey: username, after: snapshot(user) });
    return { account: user, temporaryPassword };
  });
}

export async function updateAccount(em: EntityManager, caller: Caller, username: string, patch: AccountPatch): Promise<AppUser> {
  assertAdmin(caller);
  if (patch.displayName !== undefined && patch.displayName !== null && !patch.displayName.trim()) throw badInput('displayName', '姓名不能为空');
  return em.transactional(async (tem) => {
    const user = await lockedAccount(tem, username);
    const before = snapshot(user);
    if (patch.displayName) user.displayName = patch.displayName.trim();
    if (patch.role) user.role = patch.role;
    if (patch.department !== undefined && patch.department !== null) user.department = patch.department ? await requireDepartment(tem, patch.department) : null;
    if (patch.inspector !== undefined && patch.inspector !== null) user.inspector = await inspectorByKey(tem, patch.inspector);
    // A role that has no roster entry drops the link rather than refusing the change.
    if (patch.role && patch.role !== Role.INSPECTOR && patch.inspector === undefined) user.inspector = null;
    if (patch.active !== undefined && patch.active !== null && patch.active !== user.active) {
      user.active = patch.active;
      // Deactivation ends every session at once (tokens carry the version).
      if (!patch.active) user.sessionVersion += 1;
    }
    if (caller.kind === 'user' && caller.username === user.username && (!user.active || user.role !== Role.ADMIN)) {
      throw forbidden('不能停用自己的账号或取消自己的系统管理员角色');
    }
    await keepAnAdmin(tem, user);
    await checkPlacement(tem, user);
    const after = snapshot(user);
    if (JSON.stringify(before) !== JSON.stringify(after)) recordAudit(tem, caller, { action: 'UPDATE', entity: 'AppUser', entityKey: user.username, before, after });
    return user;
  });
}

/** Sets a new password the user must change at the next sign-in (generated when none is given); ends their sessions and lifts a lock. */
export async function resetAccountPassword(em: EntityManager, caller: Caller, username: string, password?: string | null) {
  assertAdmin(caller);
  return em.transactional(async (tem) => {
    const user = await lockedAccount(tem, username);
    if (password) checkPassword(password, user.username, 'password');
    const temporaryPassword = password ? null : generatePassword();
    await setPassword(user, password || temporaryPassword!, true);
    recordAudit(tem, caller, { action: 'PASSWORD_RESET', entity: 'AppUser', entityKey: user.username });
    return { account: user, temporaryPassword };
  });
}

/** Lifts the lock that wrong passwords put on an account, before its time runs out. */
export async function unlockAccount(em: EntityManager, caller: Caller, username: string): Promise<AppUser> {
  assertAdmin(caller);
  return em.transactional(async (tem) => {
    const user = await lockedAccount(tem, username);
    if (user.lockedUntil || user.failedLogins) {
      Object.assign(user, { lockedUntil: null, failedLogins: 0 });
      recordAudit(tem, caller, { action: 'UNLOCK', entity: 'AppUser', entityKey: user.username });
    }
    return user;
  });
}

/** Whether any active system administrator exists (the start-up tells how to create one when none does). */
export async function hasActiveAdmin(pool: Pool): Promise<boolean> {
  const r = await pool.query(`select 1 from app_user where role = 'ADMIN' and active limit 1`);
  return r.rowCount! > 0;
}
