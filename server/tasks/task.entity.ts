import { defineEntity, p } from '@mikro-orm/core';
import { Department } from '../departments/department.entity.js';
import type { GradeQuota } from '../plans/plan.entity.js';
import { PlanTask } from '../plans/plan.entity.js';
import { now } from '../common/clock.js';

export enum TaskKind {
  /** From an annual plan (计划内抽查任务). */
  ROUTINE = 'ROUTINE',
  /** Ad hoc (专项), e.g. triggered by complaint leads (seed 000 二(五)). */
  SPECIAL = 'SPECIAL',
}

export enum TaskStatus {
  CREATED = 'CREATED',
  FROZEN = 'FROZEN',
  DRAWN = 'DRAWN',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CLOSED = 'CLOSED',
  CANCELLED = 'CANCELLED',
}

export enum ParticipantStatus {
  PENDING = 'PENDING',
  CONFIRMED = 'CONFIRMED',
  DECLINED = 'DECLINED',
}

/** Inspectors per subject a department puts on each team. */
export interface TeamSize {
  department: string;
  inspectors: number;
}

/**
 * One random-inspection campaign (抽查任务). JOINT when two or more departments take part. `code`
 * (e.g. 2026-LZ-0007) is the public key and the manifest's `task`.
 */
const TaskSchema = defineEntity({
  name: 'Task',
  tableName: 'task',
  uniques: [{ properties: ['year', 'seq'] }],
  indexes: [{ properties: ['status'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    code: p.string().unique(),
    year: p.integer(),
    seq: p.integer(),
    name: p.string(),
    kind: p.enum(() => TaskKind),
    joint: p.boolean(),
    planTask: () => p.manyToOne(PlanTask).nullable(),
    /** Exact check-item versions; `itemCodes` the same items by code (for mutual recognition). */
    itemIds: p.array<number>((i) => Number(i), (n) => String(n)).columnType('int[]'),
    itemCodes: p.array<string>().columnType('text[]'),
    /** Participating departments, the lead first. */
    departments: p.array<string>().columnType('text[]'),
    scopeLibraries: p.array<string>().columnType('text[]'),
    scopeRegions: p.array<string>().columnType('text[]'),
    scopeIndustries: p.array<string>().columnType('text[]'),
    scopeKinds: p.array<string>().columnType('text[]'),
    scopeGrades: p.array<string>().columnType('text[]'),
    /** Explicit subjects (special tasks on leads); empty = the whole scope. */
    scopeSubjects: p.array<string>().columnType('text[]'),
    quotaRule: p.json<Record<string, GradeQuota>>(),
    windowFrom: p.date(),
    windowTo: p.date(),
    teamSizes: p.json<TeamSize[]>(),
    /** Most subjects one inspector may get in the draw; null = computed at freeze from the load. */
    maxPerInspector: p.integer().nullable(),
    /** Mutual recognition: subjects checked for any of the items within this many days are excluded (0 = off). */
    recognitionDays: p.integer(),
    /** Subjects with this many random inspections in the year (all departments) are excluded (0 = off). */
    yearlyCap: p.integer(),
    /** Whether the draw waits for a public input (dice digits, lottery number) after the freeze. */
    /** Control group (对照组): this share of every stratum is drawn regardless of grade, e.g. "0.005". */
    controlShare: p.string().nullable(),
    publicInputExpected: p.boolean().default(false),
    publicInput: p.string().nullable(),
    /** Why a special task was started (lead, complaint reference). */
    reason: p.text().nullable(),
    status: p.enum(() => TaskStatus),
    /** Number of freezes so far; a failed draw needs a new freeze with new commitments. */
    attempt: p.integer().default(0),
    frozenAt: p.datetime().nullable(),
    drawnAt: p.datetime().nullable(),
    startedAt: p.datetime().nullable(),
    completedAt: p.datetime().nullable(),
    closedAt: p.datetime().nullable(),
    cancelReason: p.text().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => now()).onUpdate(() => now()),
  },
});

export class Task extends TaskSchema.class {}
TaskSchema.setClass(Task);
export { TaskSchema };

/** A department taking part in a task: its confirmation and its commitment/reveal for the current attempt. */
const TaskParticipantSchema = defineEntity({
  name: 'TaskParticipant',
  tableName: 'task_participant',
  properties: {
    task: () => p.manyToOne(Task).primary().deleteRule('cascade'),
    department: () => p.manyToOne(Department).primary(),
    lead: p.boolean(),
    status: p.enum(() => ParticipantStatus),
    decidedBy: p.string().nullable(),
    decidedAt: p.datetime().nullable(),
    declineReason: p.text().nullable(),
    commitment: p.string().nullable(),
    committedBy: p.string().nullable(),
    committedAt: p.datetime().nullable(),
    secret: p.text().nullable(),
    revealedBy: p.string().nullable(),
    revealedAt: p.datetime().nullable(),
  },
});

export class TaskParticipant extends TaskParticipantSchema.class {}
TaskParticipantSchema.setClass(TaskParticipant);
export { TaskParticipantSchema };

export enum DrawOutcome {
  /** Frozen, waiting for reveals. */
  PENDING = 'PENDING',
  DRAWN = 'DRAWN',
  FAILED = 'FAILED',
  /** The task was cancelled before this draw ran. */
  ABANDONED = 'ABANDONED',
}

/**
 * One freeze of a task and its draw: the bundle as published (manifest and the four lists exactly as
 * hashed), the hub's sealed secret, the reveals, and the outcome. Kept for every attempt.
 */
const TaskDrawSchema = defineEntity({
  name: 'TaskDraw',
  tableName: 'task_draw',
  uniques: [{ properties: ['task', 'attempt'] }],
  properties: {
    id: p.integer().primary().autoincrement(),
    task: () => p.manyToOne(Task).deleteRule('cascade'),
    attempt: p.integer(),
    manifest: p.json<Record<string, unknown>>(),
    manifestHash: p.string(),
    candidates: p.blob().lazy(),
    excluded: p.blob().lazy(),
    roster: p.blob().lazy(),
    conflicts: p.blob().lazy(),
    /** AES-256-GCM sealed hub secret (iv ‖ tag ‖ ciphertext); opened only at the reveal. */
    hubSecretSealed: p.blob(),
    /** Per stratum, how many of the drawn are the control group: the first ones in ticket order. */
    controlQuotas: p.json<Record<string, number>>().nullable(),
    reveals: p.json<Record<string, unknown>>().nullable(),
    /** result.json as written by the draw (text: it can run to tens of megabytes). */
    result: p.text().nullable().lazy(),
    error: p.text().nullable(),
    seed: p.string().nullable(),
    outcome: p.enum(() => DrawOutcome),
    frozenAt: p.datetime(),
    frozenBy: p.string(),
    drawnAt: p.datetime().nullable(),
    drawnBy: p.string().nullable(),
  },
});

export class TaskDraw extends TaskDrawSchema.class {}
TaskDrawSchema.setClass(TaskDraw);
export { TaskDrawSchema };
