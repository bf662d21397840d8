import { forbidden, AppError, ErrorCode } from '../common/errors.js';
import { Role } from './user.entity.js';

/** Who is calling: nobody (public), or a signed-in user with a role and maybe a department. */
export type Caller =
  | { kind: 'anonymous' }
  | { kind: 'user'; username: string; role: Role; departmentCode: string | null; mustChangePassword?: boolean }
  | { kind: 'system'; name: string };

export const anonymous: Caller = { kind: 'anonymous' };
/** The hub itself (CLI, demo loader, migrations): trusted, recorded as such in the audit trail. */
export const systemCaller = (name = 'system'): Caller => ({ kind: 'system', name });

export function actorName(c: Caller): string {
  return c.kind === 'user' ? c.username : c.kind === 'system' ? `system:${c.name}` : 'anonymous';
}

/** The department a caller acts for: the one named (the office may act for any), else the caller's own. */
export function actingDepartment(c: Caller, given?: string | null): string | undefined {
  return (given ?? (c.kind === 'user' ? c.departmentCode : null))?.toUpperCase() || undefined;
}

export function actorRole(c: Caller): string {
  return c.kind === 'user' ? c.role : c.kind === 'system' ? 'SYSTEM' : 'ANONYMOUS';
}

/** Staff = anyone signed in, or the system. Staff may read non-public data such as rosters. */
export function isStaff(c: Caller): boolean {
  return c.kind !== 'anonymous';
}

/** May see personal data (operator names, phones) — staff of any department, never the public. */
export const canSeePersonalData = isStaff;

function isCoordinator(c: Caller): boolean {
  return c.kind === 'system' || (c.kind === 'user' && (c.role === Role.ADMIN || c.role === Role.OFFICE));
}

/** What an account whose password an administrator set may do before changing it: say who it is and change it. */
export const PASSWORD_CHANGE_FIELDS: ReadonlySet<string> = new Set(['me', 'changePassword', 'login', '__typename', '__schema', '__type']);

export const passwordUnsettled = (c: Caller): boolean => c.kind === 'user' && c.mustChangePassword === true;

export const passwordChangeRequired = () =>
  new AppError(ErrorCode.PASSWORD_CHANGE_REQUIRED, '密码由管理员设置，请先修改密码再使用系统', 'password');

export function assertPasswordSettled(c: Caller): void {
  if (passwordUnsettled(c)) throw passwordChangeRequired();
}

export function requireStaff(c: Caller): void {
  if (!isStaff(c)) throw new AppError(ErrorCode.UNAUTHENTICATED, '请先登录');
}

/**
 * Department staff write only their own department's data; the office and admins coordinate all;
 * leadership and inspectors write no master data.
 */
export function assertCanWriteDepartment(c: Caller, departmentCode: string): void {
  requireStaff(c);
  if (isCoordinator(c)) return;
  if (c.kind === 'user' && (c.role === Role.CLERK || c.role === Role.DEPT_HEAD)) {
    if (c.departmentCode === departmentCode) return;
    throw forbidden(`无权修改其他部门（${departmentCode}）的数据，您属于 ${c.departmentCode ?? '无部门'}`);
  }
  throw forbidden(`当前角色（${actorRole(c)}）不能修改部门数据`);
}

/** Shared reference data (departments, users): office and admins only. */
export function assertCoordinator(c: Caller): void {
  requireStaff(c);
  if (!isCoordinator(c)) throw forbidden('只有联席办或系统管理员可以执行此操作');
}

/** Accounts: system administrators (and the hub itself, from the command line) only. */
export function assertAdmin(c: Caller): void {
  requireStaff(c);
  if (c.kind === 'system' || (c.kind === 'user' && c.role === Role.ADMIN)) return;
  throw forbidden('只有系统管理员可以执行此操作');
}
