import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import { Inspector } from '../roster/inspector.entity.js';
import { now } from '../common/clock.js';

export enum Role {
  /** System administrator: everything. */
  ADMIN = 'ADMIN',
  /** Leadership: reads every figure, writes nothing. */
  LEADER = 'LEADER',
  /** Joint-meeting office: coordinates all departments. */
  OFFICE = 'OFFICE',
  /** Department head: approves replacements and corrections for the department. */
  DEPT_HEAD = 'DEPT_HEAD',
  /** Department clerk: keeps the department's libraries, plans and results. */
  CLERK = 'CLERK',
  /** Inspector: sees assignments and records results. */
  INSPECTOR = 'INSPECTOR',
}

const AppUserSchema = defineEntity({
  name: 'AppUser',
  tableName: 'app_user',
  indexes: [
    {
      name: 'app_user_inspector_active_unique',
      expression: 'create unique index "app_user_inspector_active_unique" on "app_user" ("inspector_id") where "active" and "inspector_id" is not null',
    },
  ],
  properties: {
    id: p.integer().primary().autoincrement(),
    username: p.string().unique(),
    displayName: p.string(),
    role: p.enum(() => Role),
    department: () => p.manyToOne(Department).nullable(),
    /** The roster entry of an INSPECTOR account: whose assignments (检查任务) the account sees. */
    inspector: () => p.manyToOne(Inspector).nullable(),
    /** scrypt hash: `scrypt$<salt hex>$<hash hex>`. */
    passwordHash: p.string(),
    active: p.boolean().default(true),
    /** Bumped by a password change or reset and by deactivation: tokens carrying an older version are refused. */
    sessionVersion: p.integer().default(0),
    /** Set when an administrator chose the password: the account may do nothing but change it. */
    mustChangePassword: p.boolean().default(false),
    /** Wrong passwords in a row; the account locks at LOGIN_MAX_FAILURES. */
    failedLogins: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    passwordChangedAt: p.datetime().nullable(),
    lastLoginAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class AppUser extends AppUserSchema.class {}
AppUserSchema.setClass(AppUser);
export { AppUserSchema };
