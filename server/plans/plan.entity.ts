import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import { now } from '../common/clock.js';

export enum PlanKind {
  /** A department's annual plan (部门年度抽查计划). */
  DEPARTMENT = 'DEPARTMENT',
  /** The joint-meeting office's joint plan (联合抽查计划), compiled from the departments' plans. */
  JOINT = 'JOINT',
}

export enum PlanStatus {
  DRAFT = 'DRAFT',
  /** 备案: filed with the joint-meeting office (late filing is allowed and recorded). */
  FILED = 'FILED',
  /** 公示: published. */
  PUBLISHED = 'PUBLISHED',
}

/**
 * One version of an annual plan. Editing a filed or published plan writes a new version with a reason
 * (动态调整); the old version stays for the record.
 */
const PlanSchema = defineEntity({
  name: 'Plan',
  tableName: 'plan',
  indexes: [
    {
      name: 'plan_current_idx',
      expression: 'create unique index "plan_current_idx" on "plan" ("year", "kind", coalesce("department_id", 0)) where "current"',
    },
  ],
  uniques: [{ properties: ['year', 'kind', 'department', 'version'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    year: p.integer(),
    kind: p.enum(() => PlanKind),
    department: () => p.manyToOne(Department).nullable(),
    version: p.integer(),
    current: p.boolean(),
    status: p.enum(() => PlanStatus),
    filedAt: p.datetime().nullable(),
    filedLate: p.boolean().default(false),
    publishedAt: p.datetime().nullable(),
    changeReason: p.text().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class Plan extends PlanSchema.class {}
PlanSchema.setClass(Plan);
export { PlanSchema };

/** Quota for one risk grade: a ratio of the stratum (decimal string, exact) or a fixed count. */
export interface GradeQuota {
  ratio?: string;
  count?: number;
}

/** One planned random-inspection task (抽查任务) of a plan version. */
const PlanTaskSchema = defineEntity({
  name: 'PlanTask',
  tableName: 'plan_task',
  uniques: [{ properties: ['plan', 'seq'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    plan: () => p.manyToOne(Plan).deleteRule('cascade'),
    seq: p.integer(),
    name: p.string(),
    /** Exact check-item versions (check_item.id), so later edits of the list do not change the plan. */
    itemIds: p.array<number>((i) => Number(i), (n) => String(n)).columnType('int[]'),
    /** Participating departments, the lead department first. */
    departments: p.array<string>().columnType('text[]'),
    scopeLibraries: p.array<string>().columnType('text[]'),
    scopeRegions: p.array<string>().columnType('text[]'),
    scopeIndustries: p.array<string>().columnType('text[]'),
    scopeKinds: p.array<string>().columnType('text[]'),
    scopeGrades: p.array<string>().columnType('text[]'),
    quotaRule: p.json<Record<string, GradeQuota>>(),
    frequencyPerYear: p.integer().default(1),
    windowFrom: p.date(),
    windowTo: p.date(),
    /** The department plan task this joint-plan task was compiled from. */
    sourceTaskId: p.integer().nullable(),
  },
});

export class PlanTask extends PlanTaskSchema.class {}
PlanTaskSchema.setClass(PlanTask);
export { PlanTaskSchema };
