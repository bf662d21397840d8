// The account dialog's form and the status a row shows. These mirror server/auth/account.service.ts; the
// server checks again.
import type { Checked } from '../../composables/useFormSubmit'
import type { Account, AccountInput, AccountPatch } from '../../graphql/accounts'
import type { Role } from '../../graphql/types'
import { dateTime, labels, m } from '../../messages'
import { passwordProblem } from '../password/passwordForm'

const USERNAME = /^[a-z][a-z0-9._-]{2,31}$/
/** Roles that work inside one department and must name it. */
const DEPARTMENT_ROLES: readonly Role[] = ['DEPT_HEAD', 'CLERK', 'INSPECTOR']

export const needsDepartment = (role: Role | undefined): boolean => role !== undefined && DEPARTMENT_ROLES.includes(role)

export interface AccountForm {
  username: string
  displayName: string
  role: Role | undefined
  department: string | undefined
  /** 执法证号, for INSPECTOR accounts only. */
  inspector: string | undefined
  /** New accounts only: empty lets the server generate a temporary one. */
  password: string
}

export function accountForm(account?: Account): AccountForm {
  return {
    username: account?.username ?? '',
    displayName: account?.displayName ?? '',
    role: account?.role,
    department: account?.department?.code,
    inspector: account?.inspector?.key,
    password: '',
  }
}

/** What the form places, or the first problem: the role, its department and (for INSPECTOR) the roster entry. */
function placement(form: AccountForm): Checked<{ role: Role; department: string | undefined; inspector: string | undefined }> {
  const r = m.accounts.dialog.required
  if (!form.displayName.trim()) return { error: r.displayName }
  if (!form.role) return { error: r.role }
  if (needsDepartment(form.role) && !form.department) return { error: r.department(labels.role(form.role)) }
  if (form.role === 'INSPECTOR' && !form.inspector) return { error: r.inspector }
  return { input: { role: form.role, department: form.department, inspector: form.role === 'INSPECTOR' ? form.inspector : undefined } }
}

export function accountInput(form: AccountForm): Checked<AccountInput> {
  const username = form.username.trim().toLowerCase()
  if (!USERNAME.test(username)) return { error: m.accounts.dialog.required.username }
  const placed = placement(form)
  if ('error' in placed) return placed
  const problem = form.password ? passwordProblem(form.password, username) : null
  if (problem) return { error: problem }
  const { role, department, inspector } = placed.input
  return {
    input: {
      username,
      displayName: form.displayName.trim(),
      role,
      ...(department ? { department } : {}),
      ...(inspector ? { inspector } : {}),
      ...(form.password ? { password: form.password } : {}),
    },
  }
}

/** Every field of the form as a patch ("" clears the department or the roster link); `self` keeps its ADMIN role. */
export function accountPatch(form: AccountForm, self: boolean): Checked<AccountPatch> {
  const placed = placement(form)
  if ('error' in placed) return placed
  if (self && placed.input.role !== 'ADMIN') return { error: m.accounts.dialog.selfRole }
  const { role, department, inspector } = placed.input
  return { input: { displayName: form.displayName.trim(), role, department: department ?? '', inspector: inspector ?? '' } }
}

export type StatusTag = { label: string; type: 'success' | 'info' | 'danger' | 'warning' }

export const lockedNow = (account: Pick<Account, 'lockedUntil'>, now = new Date()): boolean =>
  account.lockedUntil !== null && new Date(account.lockedUntil) > now

/** 正常, or what keeps the account from normal use: 停用, 锁定至 …, 须修改密码. */
export function accountStatus(account: Pick<Account, 'active' | 'lockedUntil' | 'mustChangePassword'>, now = new Date()): StatusTag[] {
  const a = m.accounts
  const tags: StatusTag[] = []
  if (!account.active) tags.push({ label: a.statusInactive, type: 'info' })
  if (lockedNow(account, now)) tags.push({ label: a.statusLocked(dateTime(account.lockedUntil)), type: 'danger' })
  if (account.mustChangePassword) tags.push({ label: a.statusMustChange, type: 'warning' })
  return tags.length ? tags : [{ label: a.statusActive, type: 'success' }]
}
