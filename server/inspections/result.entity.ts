import { defineEntity, p } from '@mikro-orm/core';
import { CheckItem, CheckMethod } from '../items/check-item.entity.js';
import { Inspection } from './inspection.entity.js';
import { now } from '../common/clock.js';

export enum Outcome {
  /** 未发现问题 */
  NO_PROBLEM = 'NO_PROBLEM',
  /** 发现问题已责令改正 / 已整改 */
  PROBLEM_CORRECTED = 'PROBLEM_CORRECTED',
  /** 发现问题待后续处理 */
  PROBLEM_FOLLOW_UP = 'PROBLEM_FOLLOW_UP',
  /** 通过登记的住所（经营场所）无法联系 */
  UNREACHABLE = 'UNREACHABLE',
  /** 不配合检查（seed 002 第十七条） */
  REFUSED = 'REFUSED',
  /** 未开展经营活动 / 停业 */
  NOT_OPERATING = 'NOT_OPERATING',
}

/** Outcomes that are problems: their 20 working days run from the decision date (seed 004). */
export const PROBLEM_OUTCOMES: readonly Outcome[] = [Outcome.PROBLEM_CORRECTED, Outcome.PROBLEM_FOLLOW_UP, Outcome.REFUSED];

export enum ResultStatus {
  /** 已检查，结果待录入确认 */
  DRAFT = 'DRAFT',
  /** 已录入 */
  ENTERED = 'ENTERED',
  /** 已公示：不可更改，只能由负责人签批更正 */
  PUBLISHED = 'PUBLISHED',
}

/**
 * One version of an inspection's result (随机抽查检查表). Published versions never change — a trigger
 * refuses UPDATE and DELETE — and a correction is a new version pointing at the one it supersedes.
 */
const InspectionResultSchema = defineEntity({
  name: 'InspectionResult',
  tableName: 'inspection_result',
  uniques: [{ properties: ['inspection', 'version'] }],
  triggers: [
    {
      name: 'inspection_result_published_frozen',
      timing: 'before',
      events: ['update', 'delete'],
      forEach: 'row',
      body: `if old.published_at is not null then raise exception 'inspection result % is published and cannot be changed: record a correction instead', old.id using errcode = 'P0001'; end if; if tg_op = 'DELETE' then return old; end if; return new;`,
    },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    inspection: () => p.manyToOne(Inspection),
    version: p.integer(),
    /** The version this one corrects (更正). */
    supersedes: p.bigint('number').nullable(),
    status: p.enum(() => ResultStatus),
    /** Last day of the visit (检查结束日). */
    visitDate: p.date(),
    method: p.enum(() => CheckMethod),
    /** Who signed for the subject (personal data: staff only), or why there is no signature. */
    signedBy: p.string().nullable(),
    signatureMissingReason: p.text().nullable(),
    /** Third party entrusted with the check (委托第三方), by name. */
    entrustedBody: p.string().nullable(),
    /** Date of the decision on the problems found (处理决定), from which their deadline runs. */
    decisionDate: p.date().nullable(),
    summary: p.text().nullable(),
    /** Deadline for entry and publication: 20 working days (China's calendar). */
    dueOn: p.date(),
    enteredAt: p.datetime().nullable(),
    enteredBy: p.string().nullable(),
    enteredLate: p.boolean().default(false),
    publishedAt: p.datetime().nullable(),
    publishedBy: p.string().nullable(),
    publishedLate: p.boolean().default(false),
    correctionReason: p.text().nullable(),
    /** The department head who signed the correction. */
    correctionSignedBy: p.string().nullable(),
    createdBy: p.string(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => now()),
  },
});

export class InspectionResult extends InspectionResultSchema.class {}
InspectionResultSchema.setClass(InspectionResult);
export { InspectionResultSchema };

/** The result of one item (one version of the list) of one department. Frozen with its result. */
const ItemResultSchema = defineEntity({
  name: 'ItemResult',
  tableName: 'item_result',
  uniques: [{ properties: ['result', 'item'] }],
  triggers: [
    {
      name: 'item_result_published_frozen',
      timing: 'before',
      events: ['insert', 'update', 'delete'],
      forEach: 'row',
      body: `if exists (select 1 from inspection_result r where r.id = coalesce(old.result_id, new.result_id) and r.published_at is not null) then raise exception 'item results of a published inspection result cannot change: record a correction instead' using errcode = 'P0001'; end if; if tg_op = 'DELETE' then return old; end if; return new;`,
    },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    result: () => p.manyToOne(InspectionResult),
    item: () => p.manyToOne(CheckItem),
    departmentCode: p.string(),
    outcome: p.enum(() => Outcome),
    findings: p.text().nullable(),
    legalBasis: p.text().nullable(),
    /** The findings hold trade secrets or personal privacy (001 二(六)): never shown outside the departments taking part. */
    confidential: p.boolean().default(false),
  },
});

export class ItemResult extends ItemResultSchema.class {}
ItemResultSchema.setClass(ItemResult);
export { ItemResultSchema };
